package org.phirecords.model;

/**
 * One NDJSON file of a bulk import job (ADR 40): the FHIR resource type of every line, and how many
 * chunks the client will upload it in.
 *
 * @param type a FHIR resource type the import takes (Patient, Encounter, Condition, ...)
 * @param chunks the number of chunks, numbered from 0
 */
public record BulkImportFile(String type, int chunks) {}
