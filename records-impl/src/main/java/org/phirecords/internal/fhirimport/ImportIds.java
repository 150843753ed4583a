package org.phirecords.internal.fhirimport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;
import org.phirecords.error.ErrorCode;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.model.TenantId;

/**
 * The ids that make an import idempotent (ADR 37). An entry's source identifier is its resource's
 * first identifier (system and value), else the entry's {@code fullUrl}, else its type and id. The
 * entry's record id is derived from tenant, patient, resource type and source identifier, so that
 * importing the same resource again hits the unique index (tenant, record, version) on version 1:
 * one index serves API-created entries (random ids) and imported ones, in MongoDB and in the
 * embedded store alike, and no plaintext source identifier is stored.
 */
final class ImportIds {
  private ImportIds() {}

  /** The source identifier of {@code entry}. */
  static String source(Bundle.BundleEntryComponent entry) {
    Resource r = entry.getResource();
    if (r instanceof org.hl7.fhir.r4.model.DomainResource) {
      for (org.hl7.fhir.r4.model.Base b : r.getNamedProperty("identifier").getValues()) {
        Identifier id = (Identifier) b;
        if (id.hasSystem() && id.hasValue()) {
          return "identifier|" + id.getSystem() + "|" + id.getValue();
        }
      }
    }
    if (entry.hasFullUrl()) {
      return "fullUrl|" + entry.getFullUrl();
    }
    if (r.hasIdElement() && r.getIdElement().hasIdPart()) {
      return "id|" + r.fhirType() + "/" + r.getIdElement().getIdPart();
    }
    throw new ImportRefusal(
        ErrorCode.FHIR_INVALID, -1, "entry: an identifier, a fullUrl or an id is required");
  }

  /** The record id of the entry with source identifier {@code source}. */
  static RecordId recordId(TenantId tenant, PatientId patient, String type, String source) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part :
          new String[] {"phirecords/import/v1", tenant.value(), patient.value(), type}) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      byte[] digest = sha.digest(source.getBytes(StandardCharsets.UTF_8));
      return new RecordId(
          Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
