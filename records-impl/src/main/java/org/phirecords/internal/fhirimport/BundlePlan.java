package org.phirecords.internal.fhirimport;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.phirecords.error.ErrorCode;
import org.phirecords.internal.fhir.FhirJson;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.PatientData;
import org.phirecords.model.TenantId;

/**
 * A Bundle checked and mapped, before anything is stored: its type, its patients (with the keys
 * other entries may reference them by) and its clinical entries (with the reference to their
 * patient and their source identifier), and the entries refused, by position. Whatever makes the
 * whole Bundle unusable (not JSON, not a batch or transaction, too many entries, an error outside
 * any entry) is thrown.
 */
final class BundlePlan {
  /** The types the import takes. */
  static final Set<String> SUPPORTED =
      Set.of("Patient", "Encounter", "Condition", "Observation", "Procedure", "DocumentReference");

  /** A patient of the Bundle: its position, the references that name it, its identity data. */
  record PlannedPatient(int index, Set<String> keys, PatientData data) {}

  /** A clinical entry of the Bundle: position, patient reference, type, source id, content. */
  record PlannedEntry(
      int index, Reference subject, String type, String source, ClinicalData data) {}

  final boolean transaction;
  final int size;
  final List<PlannedPatient> patients = new ArrayList<>();
  final List<PlannedEntry> entries = new ArrayList<>();
  final Map<Integer, ImportRefusal> refused = new TreeMap<>();
  private String json;

  private BundlePlan(boolean transaction, int size) {
    this.transaction = transaction;
    this.size = size;
  }

  /** Checks, validates and maps {@code json} for {@code tenant}; at most {@code max} entries. */
  static BundlePlan of(String json, TenantId tenant, int max) {
    return of(json, tenant, max, BundleValidation::errors);
  }

  /** The same, validated by {@code validation} (a bulk import's slices, ADR 40). */
  static BundlePlan of(
      String json,
      TenantId tenant,
      int max,
      java.util.function.Function<String, List<ImportRefusal>> validation) {
    BundlePlan plan = shape(json, max);
    for (ImportRefusal error : validation.apply(plan.json)) {
      if (error.entry() < 0 || error.entry() >= plan.size) {
        throw error;
      }
      plan.refused.putIfAbsent(error.entry(), error);
    }
    if (plan.transaction && !plan.refused.isEmpty()) {
      throw plan.refused.values().iterator().next();
    }
    Bundle bundle;
    try {
      // HAPI fails the whole Bundle on a value it cannot hold: refused entries are left out.
      bundle =
          FhirJson.R4
              .newJsonParser()
              .parseResource(Bundle.class, withoutEntries(plan.json, plan.refused.keySet()));
    } catch (ca.uhn.fhir.parser.DataFormatException e) {
      throw new ImportRefusal(ErrorCode.FHIR_INVALID, -1, "not valid FHIR R4");
    }
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      if (plan.refused.containsKey(i) || !bundle.getEntry().get(i).hasResource()) {
        continue;
      }
      Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
      try {
        plan.add(i, entry, tenant);
      } catch (ImportRefusal r) {
        plan.refused.put(i, r.at(i));
      }
    }
    return plan;
  }

  private void add(int i, Bundle.BundleEntryComponent entry, TenantId tenant) {
    Resource r = entry.getResource();
    if (r instanceof org.hl7.fhir.r4.model.Patient p) {
      Set<String> keys = new HashSet<>();
      if (entry.hasFullUrl()) {
        keys.add(entry.getFullUrl());
      }
      if (p.getIdElement().hasIdPart()) {
        keys.add("Patient/" + p.getIdElement().getIdPart());
      }
      patients.add(new PlannedPatient(i, keys, FhirToModel.patient(p, tenant)));
    } else {
      Reference subject = FhirToModel.subject(r);
      if (subject == null || subject.isEmpty()) {
        throw new ImportRefusal(ErrorCode.FHIR_BAD_REFERENCE, i, r.fhirType() + ".subject");
      }
      entries.add(
          new PlannedEntry(
              i, subject, r.fhirType(), ImportIds.source(entry), FhirToModel.clinical(r)));
    }
  }

  /**
   * The Bundle's shape, read as plain JSON before HAPI parses it (HAPI cannot parse a resource type
   * it does not know): a batch or transaction of at most {@code max} entries; entries whose
   * resource is missing or of an unsupported type are refused.
   */
  private static BundlePlan shape(String json, int max) {
    JsonObject bundle;
    try (var reader = Json.createReader(new StringReader(json))) {
      bundle = reader.readObject();
    } catch (RuntimeException e) {
      // JsonException, ClassCastException (not an object), and Parsson's plain
      // RuntimeException for nesting deeper than it reads.
      throw new ImportRefusal(ErrorCode.FHIR_INVALID, -1, "not a FHIR JSON resource");
    }
    if (!"Bundle".equals(text(bundle, "resourceType"))) {
      throw new ImportRefusal(ErrorCode.FHIR_BUNDLE_TYPE, -1, "resourceType");
    }
    String type = text(bundle, "type");
    if (!"batch".equals(type) && !"transaction".equals(type)) {
      throw new ImportRefusal(ErrorCode.FHIR_BUNDLE_TYPE, -1, "Bundle.type");
    }
    JsonValue entries = bundle.get("entry");
    int size = entries instanceof jakarta.json.JsonArray a ? a.size() : 0;
    if (size > max) {
      throw new ImportRefusal(ErrorCode.FHIR_BUNDLE_TOO_LARGE, -1, "Bundle.entry");
    }
    BundlePlan plan = new BundlePlan("transaction".equals(type), size);
    for (int i = 0; i < size; i++) {
      JsonValue entry = ((jakarta.json.JsonArray) entries).get(i);
      JsonValue resource = entry instanceof JsonObject o ? o.get("resource") : JsonValue.NULL;
      String resourceType = resource instanceof JsonObject r ? text(r, "resourceType") : null;
      if (resourceType == null || !SUPPORTED.contains(resourceType)) {
        plan.refused.put(
            i,
            new ImportRefusal(
                ErrorCode.FHIR_UNSUPPORTED_RESOURCE, i, "Bundle.entry.resource.resourceType"));
      }
    }
    if (!plan.refused.isEmpty() && plan.transaction) {
      throw plan.refused.values().iterator().next();
    }
    // HAPI parses the whole Bundle, and a type it does not know fails it: the batch's other
    // entries are validated and mapped from a copy with the refused entries emptied.
    plan.json = withoutEntries(json, plan.refused.keySet());
    return plan;
  }

  /** {@code json} with the entries at {@code refused} emptied (positions kept). */
  private static String withoutEntries(String json, Set<Integer> refused) {
    if (refused.isEmpty()) {
      return json;
    }
    JsonObject bundle;
    try (var reader = Json.createReader(new StringReader(json))) {
      bundle = reader.readObject();
    }
    jakarta.json.JsonArray entries = bundle.getJsonArray("entry");
    var copy = Json.createArrayBuilder();
    for (int i = 0; i < entries.size(); i++) {
      copy.add(refused.contains(i) ? JsonValue.EMPTY_JSON_OBJECT : entries.get(i));
    }
    return Json.createObjectBuilder(bundle).add("entry", copy).build().toString();
  }

  private static String text(JsonObject o, String key) {
    JsonValue v = o.get(key);
    return v instanceof jakarta.json.JsonString s ? s.getString() : null;
  }
}
