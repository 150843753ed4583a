package org.phirecords.model;

/**
 * One file of a de-identified dataset (ADR 44).
 *
 * @param name {@code patients} or {@code entries}
 * @param count how many records (lines, without a CSV header) it holds
 * @param downloaded whether its one download happened
 */
public record DatasetFile(String name, long count, boolean downloaded) {}
