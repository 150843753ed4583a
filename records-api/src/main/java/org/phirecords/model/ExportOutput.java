package org.phirecords.model;

/**
 * One file of a completed bulk export (ADR 38): the FHIR resource type it holds, one resource per
 * line, and how many.
 */
public record ExportOutput(String type, long count) {}
