package org.phirecords.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.Random;
import java.util.UUID;
import org.phirecords.model.Address;
import org.phirecords.model.PatientData;

/**
 * The benchmark's synthetic patients and entries as FHIR R4 JSON, for the HAPI peer (ADR 33): the
 * same fields the module stores (identity, MRN, SSN, member id, contact, address; an encounter, a
 * condition or an observation per entry, in the same turn as {@link SyntheticData#entry}).
 */
final class FhirResources {
  /** The identifier system of medical record numbers: a search by identifier names it. */
  static final String MRN_SYSTEM = "urn:phi-records:mrn";

  private FhirResources() {}

  /** A Patient resource of {@code p}. */
  static JsonObject patient(PatientData p) {
    Address a = p.address();
    return Json.createObjectBuilder()
        .add("resourceType", "Patient")
        .add(
            "identifier",
            Json.createArrayBuilder()
                .add(identifier(MRN_SYSTEM, p.mrn().value()))
                .add(identifier("http://hl7.org/fhir/sid/us-ssn", p.ssn()))
                .add(identifier("urn:phi-records:member-id", p.memberId())))
        .add(
            "name",
            Json.createArrayBuilder()
                .add(
                    Json.createObjectBuilder()
                        .add("family", p.familyName())
                        .add("given", Json.createArrayBuilder().add(p.givenName()))))
        .add("gender", p.sex())
        .add("birthDate", p.birthDate().toString())
        .add(
            "telecom",
            Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("system", "phone").add("value", p.phone()))
                .add(Json.createObjectBuilder().add("system", "email").add("value", p.email())))
        .add(
            "address",
            Json.createArrayBuilder()
                .add(
                    Json.createObjectBuilder()
                        .add("line", Json.createArrayBuilder().add(a.line()))
                        .add("city", a.city())
                        .add("state", a.state())
                        .add("postalCode", a.postalCode())
                        .add("country", a.country())))
        .build();
  }

  /**
   * A transaction that creates {@code p} and {@code entries} clinical entries referring to it: how
   * the peer is loaded, one patient per request.
   */
  static String transaction(PatientData p, int entries, Random random) {
    String patientUrl = "urn:uuid:" + UUID.randomUUID();
    JsonArrayBuilder bundle = Json.createArrayBuilder().add(entry(patientUrl, patient(p)));
    for (int e = 0; e < entries; e++) {
      bundle.add(entry("urn:uuid:" + UUID.randomUUID(), clinical(e, patientUrl, random)));
    }
    return Json.createObjectBuilder()
        .add("resourceType", "Bundle")
        .add("type", "transaction")
        .add("entry", bundle)
        .build()
        .toString();
  }

  /** The id the server gave the transaction's patient (its first entry). */
  static String createdPatientId(String transactionResponse) {
    JsonObject bundle = Json.createReader(new StringReader(transactionResponse)).readObject();
    String location =
        bundle
            .getJsonArray("entry")
            .getJsonObject(0)
            .getJsonObject("response")
            .getString("location");
    if (!location.startsWith("Patient/")) {
      throw new IllegalStateException("the transaction's first entry is not the patient");
    }
    return location.split("/")[1];
  }

  /** Entry {@code e} of a patient: an encounter, a condition or an observation. */
  static JsonObject clinical(int e, String patientRef, Random random) {
    String date = LocalDate.of(2025, 1 + random.nextInt(12), 1 + random.nextInt(28)).toString();
    JsonObjectBuilder subject = Json.createObjectBuilder().add("reference", patientRef);
    return switch (e % 3) {
      case 0 ->
          Json.createObjectBuilder()
              .add("resourceType", "Encounter")
              .add("status", "finished")
              .add(
                  "class",
                  Json.createObjectBuilder()
                      .add("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode")
                      .add("code", "AMB"))
              .add(
                  "type",
                  Json.createArrayBuilder()
                      .add(coding("http://snomed.info/sct", "185349003", "Encounter")))
              .add("subject", subject)
              .add("period", Json.createObjectBuilder().add("start", date))
              .build();
      case 1 ->
          Json.createObjectBuilder()
              .add("resourceType", "Condition")
              .add(
                  "clinicalStatus",
                  coding(
                      "http://terminology.hl7.org/CodeSystem/condition-clinical",
                      "active",
                      "Active"))
              .add("code", coding("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "Type 2 diabetes"))
              .add("subject", subject)
              .add("recordedDate", date)
              .build();
      default ->
          Json.createObjectBuilder()
              .add("resourceType", "Observation")
              .add("status", "final")
              .add("code", coding("http://loinc.org", "4548-4", "HbA1c"))
              .add("subject", subject)
              .add("effectiveDateTime", date)
              .add(
                  "valueQuantity",
                  Json.createObjectBuilder()
                      .add("value", 5 + random.nextInt(4) + random.nextInt(10) / 10.0)
                      .add("unit", "%"))
              .build();
    };
  }

  private static JsonObject entry(String fullUrl, JsonObject resource) {
    return Json.createObjectBuilder()
        .add("fullUrl", fullUrl)
        .add("resource", resource)
        .add(
            "request",
            Json.createObjectBuilder()
                .add("method", "POST")
                .add("url", resource.getString("resourceType")))
        .build();
  }

  private static JsonObjectBuilder identifier(String system, String value) {
    return Json.createObjectBuilder().add("system", system).add("value", value);
  }

  private static JsonObjectBuilder coding(String system, String code, String display) {
    return Json.createObjectBuilder()
        .add(
            "coding",
            Json.createArrayBuilder()
                .add(
                    Json.createObjectBuilder()
                        .add("system", system)
                        .add("code", code)
                        .add("display", display)));
  }
}
