package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.LocalDate;
import java.util.List;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.CodedEntry;
import org.phirecords.model.EntryAmendment;
import org.phirecords.model.Quantity;
import org.phirecords.web.body.EntryInput;

/** The JSON form of clinical entries. */
final class ClinicalJson {
  private ClinicalJson() {}

  /** The clinical data of a validated body. */
  static ClinicalData data(EntryInput in) {
    List<Code> codes =
        in.codes() == null
            ? List.of()
            : in.codes().stream().map(c -> new Code(c.system(), c.code(), c.display())).toList();
    Quantity value =
        in.value() == null
            ? null
            : new Quantity(in.value().value(), in.value().unit() == null ? "" : in.value().unit());
    return new ClinicalData(
        in.type(),
        codes,
        LocalDate.parse(in.effectiveDate()),
        in.status(),
        value,
        in.text(),
        in.sensitivity());
  }

  static JsonObject write(ClinicalEntry entry) {
    ClinicalData d = entry.data();
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", entry.id().value())
            .add("patientId", entry.patientId().value())
            .add("version", entry.version())
            .add("type", d.type().name())
            .add("codes", codes(d.codes()))
            .add("effectiveDate", d.effectiveDate().toString());
    PatientJson.optional(b, "status", d.status());
    if (d.value() != null) {
      b.add(
          "value",
          JSON.createObjectBuilder().add("value", d.value().value()).add("unit", d.value().unit()));
    }
    PatientJson.optional(b, "text", d.text());
    if (d.sensitivity() != null) {
      b.add("sensitivity", d.sensitivity().name());
    }
    b.add("recordedBy", entry.recordedBy()).add("recordedAt", entry.recordedAt().toString());
    if (entry.acceptedAmendment() != null) {
      b.add("acceptedAmendment", entry.acceptedAmendment().value());
    }
    if (entry.enteredInError()) {
      b.add("enteredInError", true);
    }
    // Open and denied requests stay attached to the entry, with the statement of disagreement.
    JsonArrayBuilder amendments = JSON.createArrayBuilder();
    for (EntryAmendment a : entry.amendments()) {
      JsonObjectBuilder ab =
          JSON.createObjectBuilder()
              .add("id", a.id().value())
              .add("status", a.status().name())
              .add("disagreementFiled", a.disagreementFiled());
      PatientJson.optional(ab, "disagreement", a.disagreement());
      amendments.add(ab);
    }
    return b.add("amendments", amendments).build();
  }

  static JsonObject write(CodedEntry entry) {
    return JSON.createObjectBuilder()
        .add("id", entry.id().value())
        .add("type", entry.type().name())
        .add("codes", codes(entry.codes()))
        .add("effectiveDate", entry.effectiveDate().toString())
        .build();
  }

  private static JsonArrayBuilder codes(List<Code> codes) {
    JsonArrayBuilder a = JSON.createArrayBuilder();
    for (Code c : codes) {
      JsonObjectBuilder cb =
          JSON.createObjectBuilder().add("system", c.system()).add("code", c.code());
      PatientJson.optional(cb, "display", c.display());
      a.add(cb);
    }
    return a;
  }
}
