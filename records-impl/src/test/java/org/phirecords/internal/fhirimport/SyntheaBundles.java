package org.phirecords.internal.fhirimport;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import net.datafaker.Faker;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.phirecords.internal.fhir.FhirJson;
import org.phirecords.internal.fhir.FhirSystems;
import org.phirecords.model.TenantId;

/**
 * Synthea-style Bundles made in the test with Datafaker: synthetic people only, each with an
 * encounter, a condition, a measured observation, a procedure, a note (DocumentReference) and an
 * observation in text, every resource with an identifier of its source system.
 */
final class SyntheaBundles {
  static final String SOURCE = "https://ehr.example.invalid/fhir/sid/resource";

  private final Faker faker = new Faker(Locale.US);
  final Bundle bundle;
  final List<org.hl7.fhir.r4.model.Patient> patients = new ArrayList<>();

  SyntheaBundles(Bundle.BundleType type, TenantId tenant, int people) {
    bundle = new Bundle().setType(type);
    for (int p = 0; p < people; p++) {
      person(tenant);
    }
  }

  String json() {
    return FhirJson.compact(bundle);
  }

  /** Adds {@code r} as an entry (POST, urn:uuid fullUrl); its fullUrl. */
  String add(Resource r) {
    String url = "urn:uuid:" + UUID.randomUUID();
    bundle
        .addEntry()
        .setFullUrl(url)
        .setResource(r)
        .getRequest()
        .setMethod(Bundle.HTTPVerb.POST)
        .setUrl(r.fhirType());
    return url;
  }

  private String sourceId() {
    return faker.numerify("src-########");
  }

  private void person(TenantId tenant) {
    org.hl7.fhir.r4.model.Patient p = new org.hl7.fhir.r4.model.Patient();
    p.addIdentifier().setSystem(FhirSystems.mrn(tenant)).setValue(faker.numerify("MRN-########"));
    p.addIdentifier().setSystem(FhirToModel.SSN).setValue(faker.numerify("9##-##-####"));
    p.addName().setFamily(faker.name().lastName()).addGiven(faker.name().firstName());
    LocalDate born = LocalDate.of(1940, 1, 1).plusDays(faker.number().numberBetween(0, 25000));
    p.setBirthDateElement(new DateType(born.toString()));
    p.setGender(
        faker.bool().bool()
            ? Enumerations.AdministrativeGender.FEMALE
            : Enumerations.AdministrativeGender.MALE);
    p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("555-0100");
    p.addTelecom()
        .setSystem(ContactPoint.ContactPointSystem.EMAIL)
        .setValue(faker.internet().emailAddress());
    p.addAddress()
        .addLine(faker.address().streetAddress())
        .setCity(faker.address().city())
        .setState(faker.address().stateAbbr())
        .setPostalCode(faker.address().zipCode())
        .setCountry("US");
    patients.add(p);
    Reference subject = new Reference(add(p));
    String day = LocalDate.of(2025, 1, 1).plusDays(faker.number().numberBetween(0, 300)).toString();
    Encounter e =
        new Encounter()
            .setStatus(Encounter.EncounterStatus.FINISHED)
            .setClass_(
                new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"))
            .setSubject(subject)
            .setPeriod(new Period().setStartElement(new DateTimeType(day)));
    e.addType(concept("http://snomed.info/sct", "185349003", "Encounter for check up"));
    e.addIdentifier().setSystem(SOURCE).setValue(sourceId());
    add(e);
    Condition c =
        new Condition()
            .setCode(concept("http://snomed.info/sct", "44054006", "Diabetes"))
            .setSubject(subject)
            .setOnset(new DateTimeType(day));
    c.setClinicalStatus(
        concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null));
    c.addNote(new Annotation().setText(faker.lorem().sentence()));
    c.addIdentifier().setSystem(SOURCE).setValue(sourceId());
    add(c);
    Observation o =
        new Observation()
            .setStatus(Observation.ObservationStatus.FINAL)
            .setCode(concept("http://loinc.org", "4548-4", "HbA1c"))
            .setSubject(subject)
            .setEffective(new DateTimeType(day))
            .setValue(
                new Quantity()
                    .setValue(new BigDecimal(faker.number().numberBetween(50, 90)).movePointLeft(1))
                    .setUnit("%")
                    .setSystem("http://unitsofmeasure.org")
                    .setCode("%"));
    o.addIdentifier().setSystem(SOURCE).setValue(sourceId());
    add(o);
    Observation text =
        new Observation()
            .setStatus(Observation.ObservationStatus.FINAL)
            .setCode(concept("http://loinc.org", "72166-2", "Tobacco smoking status"))
            .setSubject(subject)
            .setEffective(new DateTimeType(day))
            .setValue(new StringType(faker.lorem().sentence()));
    text.addIdentifier().setSystem(SOURCE).setValue(sourceId());
    add(text);
    Procedure pr =
        new Procedure()
            .setStatus(Procedure.ProcedureStatus.COMPLETED)
            .setCode(concept("http://snomed.info/sct", "43396009", "HbA1c measurement"))
            .setSubject(subject)
            .setPerformed(new DateTimeType(day));
    pr.addIdentifier().setSystem(SOURCE).setValue(sourceId());
    add(pr);
    DocumentReference d =
        new DocumentReference()
            .setStatus(Enumerations.DocumentReferenceStatus.CURRENT)
            .setSubject(subject)
            .setDate(Date.from(LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant()))
            .setType(concept("http://loinc.org", "11506-3", "Progress note"));
    d.addContent()
        .setAttachment(
            new Attachment()
                .setContentType("text/plain; charset=utf-8")
                .setData(faker.lorem().paragraph().getBytes(StandardCharsets.UTF_8)));
    d.addIdentifier().setSystem(SOURCE).setValue(sourceId());
    add(d);
  }

  private static CodeableConcept concept(String system, String code, String display) {
    return new CodeableConcept().addCoding(new Coding(system, code, display));
  }
}
