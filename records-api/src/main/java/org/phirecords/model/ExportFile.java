package org.phirecords.model;

/**
 * One file of a bulk export (ADR 38): NDJSON, read part by part as it is decrypted, so that a large
 * file never sits in memory whole.
 *
 * @param type the FHIR resource type of every line
 * @param count how many resources (lines) it holds
 * @param parts its text in order; each part ends with a line break
 */
public record ExportFile(String type, long count, Iterable<String> parts) {}
