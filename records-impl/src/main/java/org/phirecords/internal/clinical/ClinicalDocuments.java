package org.phirecords.internal.clinical;

import com.mongodb.client.model.Sorts;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.model.AmendmentId;
import org.phirecords.model.AmendmentStatus;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.CodedEntry;
import org.phirecords.model.EntryAmendment;
import org.phirecords.model.EntryType;
import org.phirecords.model.PatientId;
import org.phirecords.model.Quantity;
import org.phirecords.model.RecordId;

/**
 * Maps clinical entries to and from documents of {@code clinical_entries}: one immutable document
 * per version, referencing the patient only by opaque id.
 */
public final class ClinicalDocuments {
  /** Entry id field, shared by all versions. */
  public static final String ID = "recordId";

  /** Patient reference field. */
  public static final String PATIENT = "patientId";

  /** Effective date field (ISO date text: its order is the dates' order). */
  public static final String EFFECTIVE_DATE = "effectiveDate";

  /** Version field. */
  public static final String VERSION = "version";

  /** Entry type field. */
  public static final String TYPE = "type";

  /**
   * On a version recorded by accepting an amendment request: the request's id. It makes acceptance
   * idempotent (a retry finds the version it wrote) without a transaction.
   */
  public static final String AMENDMENT = "amendmentId";

  /**
   * The order in which a patient's entries are read: newest effective date first, and within an
   * entry its versions highest first, as {@link #latestVersions} expects.
   */
  public static final Bson NEWEST_FIRST =
      Sorts.orderBy(
          Sorts.descending("effectiveDate"), Sorts.ascending(ID), Sorts.descending(VERSION));

  /** Fields the billing view may read: no text, no values, no author. */
  public static final List<String> CODED_FIELDS =
      List.of(ID, VERSION, TYPE, "codes", "effectiveDate");

  private ClinicalDocuments() {}

  static Document toDocument(
      RecordId id,
      PatientId patient,
      long version,
      ClinicalData data,
      String recordedBy,
      AmendmentId amendment) {
    List<Document> codes = new ArrayList<>();
    for (Code c : data.codes()) {
      codes.add(
          new Document("system", c.system())
              .append("code", c.code())
              .append("display", c.display()));
    }
    Quantity q = data.value();
    Document doc =
        new Document(ID, id.value())
            .append(PATIENT, patient.value())
            .append(VERSION, version)
            .append(TYPE, data.type().name())
            .append("codes", codes)
            .append("effectiveDate", data.effectiveDate().toString())
            .append("status", data.status())
            .append(
                "value",
                q == null
                    ? null
                    : new Document("value", q.value().toPlainString()).append("unit", q.unit()))
            .append("text", data.text())
            .append("recordedBy", recordedBy)
            .append("recordedAt", new java.util.Date());
    if (amendment != null) {
      doc.append(AMENDMENT, amendment.value());
    }
    return doc;
  }

  static ClinicalEntry toEntry(Document doc) {
    Document value = doc.get("value", Document.class);
    ClinicalData data =
        new ClinicalData(
            EntryType.valueOf(doc.getString(TYPE)),
            codes(doc),
            LocalDate.parse(doc.getString("effectiveDate")),
            doc.getString("status"),
            value == null
                ? null
                : new Quantity(new BigDecimal(value.getString("value")), value.getString("unit")),
            doc.getString("text"));
    return new ClinicalEntry(
        new RecordId(doc.getString(ID)),
        new PatientId(doc.getString(PATIENT)),
        doc.get(VERSION, Number.class).longValue(),
        data,
        doc.getString("recordedBy"),
        doc.getDate("recordedAt").toInstant(),
        doc.getString(AMENDMENT) == null ? null : new AmendmentId(doc.getString(AMENDMENT)),
        List.of());
  }

  /** The coded part of a document projected to {@link #CODED_FIELDS}. */
  public static CodedEntry toCoded(Document doc) {
    return new CodedEntry(
        new RecordId(doc.getString(ID)),
        EntryType.valueOf(doc.getString(TYPE)),
        codes(doc),
        LocalDate.parse(doc.getString("effectiveDate")));
  }

  private static List<Code> codes(Document doc) {
    List<Code> codes = new ArrayList<>();
    for (Document c : doc.getList("codes", Document.class, List.of())) {
      codes.add(new Code(c.getString("system"), c.getString("code"), c.getString("display")));
    }
    return codes;
  }

  /**
   * The requests of {@code amendments} (documents of {@code amendments}, oldest first) attached to
   * each entry id, as readers of the entry see them: the statement of disagreement's text only if
   * {@code withText} (callers who may read amendment requests), its existence always.
   */
  static Map<String, List<EntryAmendment>> attachments(
      List<Document> amendments, boolean withText) {
    Map<String, List<EntryAmendment>> byEntry = new LinkedHashMap<>();
    for (Document a : amendments) {
      String statement = a.getString("disagreement");
      byEntry
          .computeIfAbsent(a.getString(ID), k -> new ArrayList<>())
          .add(
              new EntryAmendment(
                  new AmendmentId(a.getString(AMENDMENT)),
                  AmendmentStatus.valueOf(a.getString("status")),
                  statement != null,
                  withText ? statement : null));
    }
    return byEntry;
  }

  /**
   * Keeps the highest version of each entry from {@code versions} sorted by version descending
   * within each entry, preserving first-seen order.
   */
  public static List<Document> latestVersions(List<Document> versions) {
    Map<String, Document> latest = new LinkedHashMap<>();
    for (Document d : versions) {
      latest.merge(
          d.getString(ID),
          d,
          (a, b) ->
              a.get(VERSION, Number.class).longValue() >= b.get(VERSION, Number.class).longValue()
                  ? a
                  : b);
    }
    return new ArrayList<>(latest.values());
  }
}
