package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.web.JsonInput;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.CodedEntry;
import org.phirecords.model.EntryAmendment;
import org.phirecords.model.EntryType;
import org.phirecords.model.Quantity;

/** The JSON form of clinical entries. */
final class ClinicalJson {
  static final Set<String> FIELDS =
      Set.of("type", "codes", "effectiveDate", "status", "value", "text");
  private static final Set<String> CODE = Set.of("system", "code", "display");
  private static final Set<String> QUANTITY = Set.of("value", "unit");

  private ClinicalJson() {}

  static ClinicalData read(JsonInput in) {
    String typeName = in.requiredString("type", 20);
    EntryType type;
    try {
      type = EntryType.valueOf(typeName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.invalid("/type", "must be one of " + List.of(EntryType.values()));
    }
    List<Code> codes =
        in.objects(
            "codes",
            20,
            CODE,
            c ->
                new Code(
                    c.requiredString("system", 200),
                    c.requiredString("code", 64),
                    c.string("display", 200).orElse(null)));
    if (codes.isEmpty() && type != EntryType.NOTE) {
      throw InvalidInputException.missing("/codes");
    }
    Quantity value =
        in.object("value", QUANTITY)
            .map(
                q ->
                    new Quantity(
                        q.decimal("value")
                            .orElseThrow(() -> InvalidInputException.missing("/value/value")),
                        q.string("unit", 30).orElse("")))
            .orElse(null);
    return new ClinicalData(
        type,
        codes,
        in.requiredDate("effectiveDate", LocalDate.of(1900, 1, 1), LocalDate.now().plusDays(1)),
        in.string("status", 30).orElse(null),
        value,
        in.string("text", 20_000).orElse(null));
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
    b.add("recordedBy", entry.recordedBy()).add("recordedAt", entry.recordedAt().toString());
    if (entry.acceptedAmendment() != null) {
      b.add("acceptedAmendment", entry.acceptedAmendment().value());
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

  static JsonArray array(List<ClinicalEntry> entries) {
    JsonArrayBuilder a = JSON.createArrayBuilder();
    entries.forEach(e -> a.add(write(e)));
    return a.build();
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
