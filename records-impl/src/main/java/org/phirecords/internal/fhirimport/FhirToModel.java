package org.phirecords.internal.fhirimport;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.fhir.FhirSystems;
import org.phirecords.model.Address;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.Mrn;
import org.phirecords.model.PatientData;
import org.phirecords.model.Quantity;
import org.phirecords.model.TenantId;

/**
 * FHIR R4 onto the module's model: the inverse of the electronic copy ({@code access.FhirCopy}). A
 * Patient becomes {@link PatientData} with its MRN from the tenant's identifier system; Encounter,
 * Condition, Observation, Procedure and DocumentReference (a note) become {@link ClinicalData}.
 * What the model cannot hold is refused with the module's code, naming elements, never values.
 */
final class FhirToModel {
  /** The identifier system of US social security numbers. */
  static final String SSN = "http://hl7.org/fhir/sid/us-ssn";

  private FhirToModel() {}

  /** The resource types the import maps. */
  static boolean supported(Resource r) {
    return r instanceof org.hl7.fhir.r4.model.Patient || subject(r) != null;
  }

  /**
   * The MRN of {@code p} in {@code tenant}: the value of its identifier of the tenant's system
   * ({@link FhirSystems#mrn}) or of the module's ({@link FhirSystems#MRN}).
   */
  static Mrn mrn(org.hl7.fhir.r4.model.Patient p, TenantId tenant) {
    String own = FhirSystems.mrn(tenant);
    Mrn found = null;
    for (Identifier id : p.getIdentifier()) {
      String system = id.getSystem();
      if (system == null || !system.startsWith(FhirSystems.MRN)) {
        continue;
      }
      if (!system.equals(own) && !system.equals(FhirSystems.MRN)) {
        throw new ImportRefusal(
            ErrorCode.FHIR_FOREIGN_IDENTIFIER, -1, "Patient.identifier: another tenant's system");
      }
      found = valid(() -> new Mrn(id.getValue()), "Patient.identifier.value");
    }
    if (found == null) {
      throw invalid("Patient.identifier: no medical record number of this tenant's system");
    }
    return found;
  }

  /** {@code p} as identity data of {@code tenant}. */
  static PatientData patient(org.hl7.fhir.r4.model.Patient p, TenantId tenant) {
    Mrn mrn = mrn(p, tenant);
    HumanName name = p.getName().isEmpty() ? null : p.getNameFirstRep();
    if (name == null || !name.hasFamily() || !name.hasGiven()) {
      throw invalid("Patient.name: a family and a given name are required");
    }
    if (!p.hasBirthDate()) {
      throw invalid("Patient.birthDate is required");
    }
    String given = name.getGiven().stream().map(StringType::getValue).collect(joining());
    String ssn =
        p.getIdentifier().stream()
            .filter(i -> SSN.equals(i.getSystem()))
            .map(Identifier::getValue)
            .findFirst()
            .orElse(null);
    Address address = null;
    if (p.hasAddress()) {
      var a = p.getAddressFirstRep();
      address =
          new Address(
              a.getLine().stream().map(StringType::getValue).collect(joining()),
              a.getCity(),
              a.getState(),
              a.getPostalCode(),
              a.getCountry());
    }
    return new PatientData(
        mrn,
        given,
        name.getFamily(),
        day(p.getBirthDateElement(), "Patient.birthDate"),
        p.hasGender() ? p.getGender().toCode() : "unknown",
        ssn,
        null,
        address,
        telecom(p, ContactPoint.ContactPointSystem.PHONE),
        telecom(p, ContactPoint.ContactPointSystem.EMAIL));
  }

  /** The reference to the patient a clinical resource is about; null for other types. */
  static Reference subject(Resource r) {
    if (r instanceof Encounter e) {
      return e.getSubject();
    } else if (r instanceof Condition c) {
      return c.getSubject();
    } else if (r instanceof Observation o) {
      return o.getSubject();
    } else if (r instanceof Procedure p) {
      return p.getSubject();
    } else if (r instanceof DocumentReference d) {
      return d.getSubject();
    }
    return null;
  }

  /** The clinical resource {@code r} as an entry's content. */
  static ClinicalData clinical(Resource r) {
    if (r instanceof Encounter e) {
      List<Code> codes = e.getType().isEmpty() ? List.of() : codes(e.getTypeFirstRep());
      return new ClinicalData(
          EntryType.ENCOUNTER,
          codes,
          day(e.getPeriod().getStartElement(), "Encounter.period.start"),
          e.hasStatus() ? e.getStatus().toCode() : null,
          null,
          null);
    } else if (r instanceof Condition c) {
      BaseDateTimeType when =
          c.hasOnsetDateTimeType() ? c.getOnsetDateTimeType() : c.getRecordedDateElement();
      return new ClinicalData(
          EntryType.CONDITION,
          codes(c.getCode()),
          day(when, "Condition.onset[x]"),
          c.hasClinicalStatus() ? c.getClinicalStatus().getCodingFirstRep().getCode() : null,
          null,
          notes(c.getNote()));
    } else if (r instanceof Observation o) {
      BaseDateTimeType when =
          o.hasEffectiveDateTimeType()
              ? o.getEffectiveDateTimeType()
              : o.hasEffectivePeriod() ? o.getEffectivePeriod().getStartElement() : null;
      Quantity value = null;
      if (o.hasValueQuantity()) {
        var q = o.getValueQuantity();
        BigDecimal v = q.getValue();
        if (v == null) {
          throw invalid("Observation.valueQuantity.value is required");
        }
        value = new Quantity(v, q.hasUnit() ? q.getUnit() : q.getCode());
      }
      String text = notes(o.getNote());
      if (text == null && o.hasValueStringType()) {
        text = o.getValueStringType().getValue();
      }
      return new ClinicalData(
          EntryType.OBSERVATION,
          codes(o.getCode()),
          day(when, "Observation.effective[x]"),
          o.hasStatus() ? o.getStatus().toCode() : null,
          value,
          text);
    } else if (r instanceof Procedure p) {
      BaseDateTimeType when =
          p.hasPerformedDateTimeType()
              ? p.getPerformedDateTimeType()
              : p.hasPerformedPeriod() ? p.getPerformedPeriod().getStartElement() : null;
      return new ClinicalData(
          EntryType.PROCEDURE,
          codes(p.getCode()),
          day(when, "Procedure.performed[x]"),
          p.hasStatus() ? p.getStatus().toCode() : null,
          null,
          notes(p.getNote()));
    } else if (r instanceof DocumentReference d) {
      return note(d);
    }
    throw new ImportRefusal(ErrorCode.FHIR_UNSUPPORTED_RESOURCE, -1, r.fhirType());
  }

  private static ClinicalData note(DocumentReference d) {
    var attachment = d.getContentFirstRep().getAttachment();
    String type = attachment.getContentType();
    if (!attachment.hasData()
        || type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("text/plain")) {
      throw invalid("DocumentReference.content.attachment: inline text/plain data is required");
    }
    List<Code> codes = d.hasType() ? codes(d.getType()) : List.of();
    LocalDate when =
        d.hasDate()
            ? day(d.getDateElement(), "DocumentReference.date")
            : day(d.getContext().getPeriod().getStartElement(), "DocumentReference.date");
    return new ClinicalData(
        EntryType.NOTE,
        codes,
        when,
        null,
        null,
        new String(attachment.getData(), StandardCharsets.UTF_8));
  }

  private static List<Code> codes(CodeableConcept concept) {
    List<Code> codes = new ArrayList<>();
    for (Coding c : concept.getCoding()) {
      codes.add(valid(() -> new Code(c.getSystem(), c.getCode(), c.getDisplay()), "Coding", true));
    }
    return codes;
  }

  private static String notes(List<Annotation> notes) {
    String text =
        notes.stream()
            .map(Annotation::getText)
            .filter(t -> t != null && !t.isBlank())
            .collect(Collectors.joining("\n"));
    return text.isEmpty() ? null : text;
  }

  private static String telecom(
      org.hl7.fhir.r4.model.Patient p, ContactPoint.ContactPointSystem system) {
    return p.getTelecom().stream()
        .filter(t -> t.getSystem() == system)
        .map(ContactPoint::getValue)
        .findFirst()
        .orElse(null);
  }

  private static LocalDate day(BaseDateTimeType when, String element) {
    if (when == null || when.getValue() == null) {
      throw invalid(element + " is required");
    }
    int month = when.getMonth() == null ? 0 : when.getMonth();
    int day = when.getDay() == null ? 1 : when.getDay();
    return LocalDate.of(when.getYear(), month + 1, day);
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(" ");
  }

  private static ImportRefusal invalid(String diagnostic) {
    return new ImportRefusal(ErrorCode.FHIR_INVALID, -1, diagnostic);
  }

  private static <T> T valid(java.util.function.Supplier<T> make, String element) {
    return valid(make, element, false);
  }

  private static <T> T valid(java.util.function.Supplier<T> make, String element, boolean code) {
    try {
      return make.get();
    } catch (InvalidInputException e) {
      throw new ImportRefusal(
          code ? ErrorCode.FHIR_INVALID_CODE : ErrorCode.FHIR_INVALID, -1, element);
    }
  }
}
