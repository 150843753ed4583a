package org.phirecords.internal.fhir;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryAmendment;
import org.phirecords.model.EntryType;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;

/**
 * The module's model as FHIR R4 resources (HAPI's structures): a patient's identity as a {@code
 * Patient}, each clinical entry as the resource of its type, notes as {@code DocumentReference}s
 * with a plain-text attachment. An entry with open or denied amendment requests carries one {@link
 * FhirSystems#AMENDMENT_REQUEST_EXTENSION} per request (HIPAA 164.526(d)(4): the request, its
 * denial and the statement of disagreement go with the entry); one marked entered-in-error carries
 * FHIR's status {@code entered-in-error} (ADR 36). Shared by the electronic copy and the bulk
 * export (ADR 38).
 */
public final class FhirResources {
  private FhirResources() {}

  /** The FHIR Patient of {@code p}: MRN, name, birth date, gender, telecom, address. */
  public static org.hl7.fhir.r4.model.Patient patient(Patient p) {
    PatientData d = p.data();
    org.hl7.fhir.r4.model.Patient r = new org.hl7.fhir.r4.model.Patient();
    r.addIdentifier().setSystem(FhirSystems.MRN).setValue(d.mrn().value());
    r.addName().setFamily(d.familyName()).addGiven(d.givenName());
    r.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(d.birthDate().toString()));
    r.setGender(gender(d.sex()));
    if (d.phone() != null) {
      r.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(d.phone());
    }
    if (d.email() != null) {
      r.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(d.email());
    }
    if (d.address() != null) {
      var a = d.address();
      r.addAddress()
          .setCity(a.city())
          .setState(a.state())
          .setPostalCode(a.postalCode())
          .setCountry(a.country())
          .addLine(a.line());
    }
    return r;
  }

  private static Enumerations.AdministrativeGender gender(String sex) {
    String s = sex == null ? "" : sex.toLowerCase(Locale.ROOT);
    return switch (s) {
      case "female", "f" -> Enumerations.AdministrativeGender.FEMALE;
      case "male", "m" -> Enumerations.AdministrativeGender.MALE;
      case "other" -> Enumerations.AdministrativeGender.OTHER;
      default -> Enumerations.AdministrativeGender.UNKNOWN;
    };
  }

  /**
   * The FHIR resource of {@code entry}'s version about {@code subject}, with one amendment-request
   * extension per open or denied request.
   */
  public static Resource entry(ClinicalEntry entry, Reference subject) {
    return withAmendments(withdrawn(resource(entry, subject), entry), entry);
  }

  /** The FHIR resource type an entry of {@code type} becomes. */
  public static String typeOf(EntryType type) {
    return switch (type) {
      case ENCOUNTER -> "Encounter";
      case CONDITION -> "Condition";
      case OBSERVATION -> "Observation";
      case PROCEDURE -> "Procedure";
      case NOTE -> "DocumentReference";
    };
  }

  private static Resource resource(ClinicalEntry entry, Reference subject) {
    ClinicalData d = entry.data();
    DateTimeType when = new DateTimeType(d.effectiveDate().toString());
    return switch (d.type()) {
      case ENCOUNTER -> {
        Encounter r =
            new Encounter()
                .setStatus(Encounter.EncounterStatus.FINISHED)
                .setClass_(
                    new Coding(
                        "http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"))
                .setSubject(subject)
                .setPeriod(new Period().setStartElement(when));
        if (!d.codes().isEmpty()) {
          r.addType(concept(d));
        }
        yield r;
      }
      case CONDITION -> {
        Condition r = new Condition().setCode(concept(d)).setSubject(subject).setOnset(when);
        note(d, r.getNote());
        yield r;
      }
      case OBSERVATION -> {
        Observation r =
            new Observation()
                .setStatus(Observation.ObservationStatus.FINAL)
                .setCode(concept(d))
                .setSubject(subject)
                .setEffective(when);
        if (d.value() != null) {
          r.setValue(
              new org.hl7.fhir.r4.model.Quantity()
                  .setValue(d.value().value())
                  .setUnit(d.value().unit()));
        }
        note(d, r.getNote());
        yield r;
      }
      case PROCEDURE -> {
        Procedure r =
            new Procedure()
                .setStatus(Procedure.ProcedureStatus.COMPLETED)
                .setCode(concept(d))
                .setSubject(subject)
                .setPerformed(when);
        note(d, r.getNote());
        yield r;
      }
      case NOTE -> {
        DocumentReference r =
            new DocumentReference()
                .setStatus(Enumerations.DocumentReferenceStatus.CURRENT)
                .setSubject(subject)
                .setDate(date(d.effectiveDate()));
        if (!d.codes().isEmpty()) {
          r.setType(concept(d));
        }
        r.addContent()
            .setAttachment(
                new Attachment()
                    .setContentType("text/plain; charset=utf-8")
                    .setData((d.text() == null ? "" : d.text()).getBytes(StandardCharsets.UTF_8)));
        yield r;
      }
    };
  }

  /** {@code resource} with the status {@code entered-in-error} if {@code entry} is so marked. */
  private static Resource withdrawn(Resource resource, ClinicalEntry entry) {
    if (!entry.enteredInError()) {
      return resource;
    }
    if (resource instanceof Encounter r) {
      r.setStatus(Encounter.EncounterStatus.ENTEREDINERROR);
    } else if (resource instanceof Observation r) {
      r.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
    } else if (resource instanceof Procedure r) {
      r.setStatus(Procedure.ProcedureStatus.ENTEREDINERROR);
    } else if (resource instanceof DocumentReference r) {
      r.setStatus(Enumerations.DocumentReferenceStatus.ENTEREDINERROR);
    } else if (resource instanceof Condition r) {
      // A condition has no status of its own: its verification status says entered-in-error.
      r.setVerificationStatus(
          new CodeableConcept(
              new Coding(
                  "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                  "entered-in-error",
                  "Entered in Error")));
    }
    return resource;
  }

  private static Resource withAmendments(Resource resource, ClinicalEntry entry) {
    DomainResource r = (DomainResource) resource;
    for (EntryAmendment a : entry.amendments()) {
      Extension ext = r.addExtension().setUrl(FhirSystems.AMENDMENT_REQUEST_EXTENSION);
      ext.addExtension(
          "request",
          new Identifier().setSystem(FhirSystems.AMENDMENT_REQUEST_ID).setValue(a.id().value()));
      ext.addExtension("status", new CodeType(a.status().name().toLowerCase(Locale.ROOT)));
      ext.addExtension("disagreementFiled", new BooleanType(a.disagreementFiled()));
      if (a.disagreement() != null) {
        ext.addExtension("disagreement", new StringType(a.disagreement()));
      }
    }
    return r;
  }

  private static CodeableConcept concept(ClinicalData d) {
    CodeableConcept concept = new CodeableConcept();
    for (Code c : d.codes()) {
      concept.addCoding(new Coding(c.system(), c.code(), c.display()));
    }
    if (d.codes().isEmpty()) {
      concept.setText(d.type().name().toLowerCase(Locale.ROOT));
    }
    return concept;
  }

  private static void note(ClinicalData d, List<Annotation> notes) {
    if (d.text() != null && !d.text().isBlank()) {
      notes.add(new Annotation().setText(d.text()));
    }
  }

  private static Date date(LocalDate day) {
    return Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
