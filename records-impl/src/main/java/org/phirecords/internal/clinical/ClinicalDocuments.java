package org.phirecords.internal.clinical;

import com.mongodb.client.model.Sorts;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.store.SchemaVersion;
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

  /**
   * The sensitive category of a version (a {@link org.phirecords.model.Sensitivity} name), absent
   * if none; plain so that reads filter on it in the query (ADR 26).
   */
  public static final String SENSITIVITY = "sensitivity";

  /** On a version written by an import transaction: its id, until recovery can roll it back. */
  public static final String IMPORT_TX = "importTx";

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

  /**
   * On the version that marks an entry entered-in-error (ADR 36): {@code true}; absent on every
   * other version. Plain, so that reads leave such entries out in the query.
   */
  public static final String ENTERED_IN_ERROR = "enteredInError";

  /** Fields the billing view may read: no text, no values, no author. */
  public static final List<String> CODED_FIELDS =
      List.of(ID, VERSION, TYPE, "codes", "effectiveDate", ENTERED_IN_ERROR);

  private ClinicalDocuments() {}

  /**
   * The stored form of the plaintext version {@code plain}: every free-text field (the text, the
   * status, the unit of the value and each code's display) replaced by {@code seal} of it (ADR 15).
   */
  static Document sealed(Document plain, Function<String, Object> seal) {
    return freeText(plain, v -> seal.apply((String) v));
  }

  /** The plaintext of a stored version or projection: free-text fields opened by {@code open}. */
  static Document opened(Document stored, Function<Object, String> open) {
    return freeText(stored, open::apply);
  }

  /**
   * The top-level fields of the stored version {@code stored} that still hold free text in
   * plaintext (written before free text was encrypted), sealed by {@code seal}: what to {@code
   * $set}; empty if none.
   */
  static Document plaintextSealed(Document stored, Function<String, Object> seal) {
    Document resealed = freeText(stored, v -> v instanceof String s ? seal.apply(s) : v);
    Document set = new Document();
    for (String field : List.of("text", "status", "value", "codes")) {
      if (!java.util.Objects.equals(stored.get(field), resealed.get(field))) {
        set.put(field, resealed.get(field));
      }
    }
    return set;
  }

  /** A copy of {@code doc} with each free-text field present replaced by {@code change} of it. */
  private static Document freeText(Document doc, UnaryOperator<Object> change) {
    Document copy = new Document(doc);
    for (String field : List.of("text", "status")) {
      if (doc.containsKey(field)) {
        copy.put(field, change.apply(doc.get(field)));
      }
    }
    Document value = doc.get("value", Document.class);
    if (value != null) {
      copy.put("value", new Document(value).append("unit", change.apply(value.get("unit"))));
    }
    if (doc.containsKey("codes")) {
      List<Document> codes = new ArrayList<>();
      for (Document c : doc.getList("codes", Document.class, List.of())) {
        codes.add(new Document(c).append("display", change.apply(c.get("display"))));
      }
      copy.put("codes", codes);
    }
    return copy;
  }

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
            .append(SchemaVersion.FIELD, SchemaVersion.CURRENT)
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
    if (data.sensitivity() != null) {
      doc.append(SENSITIVITY, data.sensitivity().name());
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
            doc.getString("text"),
            Clearance.category(doc).orElse(null));
    return new ClinicalEntry(
        new RecordId(doc.getString(ID)),
        new PatientId(doc.getString(PATIENT)),
        doc.get(VERSION, Number.class).longValue(),
        data,
        doc.getString("recordedBy"),
        doc.getDate("recordedAt").toInstant(),
        doc.getString(AMENDMENT) == null ? null : new AmendmentId(doc.getString(AMENDMENT)),
        List.of(),
        enteredInError(doc));
  }

  /** Whether {@code version} marks its entry entered-in-error. */
  static boolean enteredInError(Document version) {
    return Boolean.TRUE.equals(version.getBoolean(ENTERED_IN_ERROR));
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
   * each entry id, as readers of the entry see them: the statement of disagreement's text (opened
   * by {@code open}) only if {@code withText} (callers who may read amendment requests), its
   * existence always.
   */
  static Map<String, List<EntryAmendment>> attachments(
      List<Document> amendments, boolean withText, Function<Object, String> open) {
    Map<String, List<EntryAmendment>> byEntry = new LinkedHashMap<>();
    for (Document a : amendments) {
      Object stored = a.get("disagreement");
      byEntry
          .computeIfAbsent(a.getString(ID), k -> new ArrayList<>())
          .add(
              new EntryAmendment(
                  new AmendmentId(a.getString(AMENDMENT)),
                  AmendmentStatus.valueOf(a.getString("status")),
                  stored != null,
                  withText ? open.apply(stored) : null));
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

  /** {@code version} with its codes' displays left out, unopened (billing, ADR 26). */
  static Document withoutDisplays(Document version) {
    List<Document> codes =
        version.getList("codes", Document.class, List.of()).stream()
            .map(c -> new Document(c).append("display", null))
            .toList();
    return new Document(version).append("codes", codes);
  }
}
