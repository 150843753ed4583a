package org.phirecords.internal.export;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.phirecords.internal.analytics.FreeTextScrubber;
import org.phirecords.internal.analytics.SafeHarbor;
import org.phirecords.internal.clinical.PatientEntries;
import org.phirecords.internal.crypto.DatasetPseudonyms;
import org.phirecords.model.Address;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.service.Datasets;

/**
 * A Safe Harbor dataset's lines (ADR 44). A patient is written when they have an entry in the
 * dataset's range and types (in force, not sensitive): to {@code patients} their research id, sex,
 * age on the dataset's day ({@code 90+} above 89), birth year (under 90 only), state and ZIP3; to
 * {@code entries} per entry the research id, type, year, codes (system and code, no display),
 * status, value and unit, and the note text only scrubbed and only where the tenant enabled the
 * scrubber. Names, contact data, MRN, SSN, member id, street, city, full ZIP, days and months are
 * never read into a line.
 */
final class DatasetContent implements ExportContent {
  static final String PATIENT_HEADER = "researchId,sex,age,birthYear,state,zip3";
  static final String ENTRY_HEADER = "researchId,type,year,codes,status,value,unit,text";

  /** The dataset's parameters: from, to, types, format, scrub, sealed key. */
  record Params(
      LocalDate from,
      LocalDate to,
      Set<String> types,
      boolean csv,
      boolean scrub,
      LocalDate asOf) {}

  private final Params params;
  private final PatientEntries entries;
  private final DatasetPseudonyms ids;

  DatasetContent(Params params, PatientEntries entries, DatasetPseudonyms ids) {
    this.params = params;
    this.entries = entries;
    this.ids = ids;
  }

  @Override
  public List<String> files() {
    return Datasets.FILES;
  }

  @Override
  public Optional<String> header(String file) {
    return params.csv()
        ? Optional.of("patients".equals(file) ? PATIENT_HEADER : ENTRY_HEADER)
        : Optional.empty();
  }

  @Override
  public boolean auditsEachPatient() {
    return false; // no PHI leaves: the job's events count what was written
  }

  @Override
  public int write(Patient p, Files out) {
    if (!out.wants("patients") && !out.wants("entries")) {
      return 0;
    }
    List<ClinicalEntry> kept = new ArrayList<>();
    for (ClinicalEntry e : entries.of(p.id())) {
      ClinicalData d = e.data();
      if (!e.enteredInError()
          && d.sensitivity() == null
          && !d.effectiveDate().isBefore(params.from())
          && !d.effectiveDate().isAfter(params.to())
          && (params.types().isEmpty() || params.types().contains(d.type().name()))) {
        kept.add(e);
      }
    }
    if (kept.isEmpty()) {
      return 0;
    }
    String rid = ids.of(p.id().value());
    int written = 0;
    if (out.wants("patients")) {
      out.add("patients", patient(rid, p.data()));
      written++;
    }
    if (out.wants("entries")) {
      for (ClinicalEntry e : kept) {
        out.add("entries", entry(rid, e.data(), p.data()));
        written++;
      }
    }
    return written;
  }

  private String patient(String rid, PatientData d) {
    Address a = d.address();
    List<Object> values = new ArrayList<>();
    values.add(rid);
    values.add(SafeHarbor.sex(d.sex()));
    values.add(SafeHarbor.age(d.birthDate(), params.asOf()).orElse(null));
    values.add(SafeHarbor.birthYear(d.birthDate(), params.asOf()).orElse(null));
    values.add(a == null ? null : SafeHarbor.state(a.state()).orElse(null));
    values.add(a == null ? null : SafeHarbor.zip3(a.postalCode()).orElse(null));
    return line(PATIENT_HEADER, values);
  }

  private String entry(String rid, ClinicalData d, PatientData own) {
    List<Object> values = new ArrayList<>();
    values.add(rid);
    values.add(d.type().name());
    values.add(SafeHarbor.year(d.effectiveDate()));
    List<String> codes = new ArrayList<>();
    for (Code c : d.codes()) {
      codes.add(c.system() + "|" + c.code());
    }
    values.add(codes);
    values.add(SafeHarbor.word(d.status()).orElse(null));
    values.add(d.value() == null ? null : d.value().value());
    values.add(d.value() == null ? null : SafeHarbor.unit(d.value().unit()).orElse(null));
    boolean text = params.scrub() && d.text() != null && !d.text().isBlank();
    values.add(text ? FreeTextScrubber.scrub(d.text(), own) : null);
    return line(ENTRY_HEADER, values);
  }

  /** One NDJSON object or CSV row of {@code values} named by {@code header}. */
  private String line(String header, List<Object> values) {
    String[] names = header.split(",");
    if (params.csv()) {
      List<String> cells = new ArrayList<>();
      for (Object v : values) {
        cells.add(csv(v));
      }
      return String.join(",", cells);
    }
    JsonObjectBuilder o = JSON.createObjectBuilder();
    for (int i = 0; i < names.length; i++) {
      Object v = values.get(i);
      if (v == null) {
        o.addNull(names[i]);
      } else if (v instanceof Integer n) {
        o.add(names[i], n);
      } else if (v instanceof java.math.BigDecimal n) {
        o.add(names[i], n);
      } else if (v instanceof List<?> list) {
        JsonArrayBuilder a = JSON.createArrayBuilder();
        list.forEach(x -> a.add(x.toString()));
        o.add(names[i], a);
      } else {
        o.add(names[i], v.toString());
      }
    }
    return o.build().toString();
  }

  /** A CSV cell (RFC 4180): quoted where needed; a list joined by {@code ;}. */
  private static String csv(Object v) {
    if (v == null) {
      return "";
    }
    String s =
        v instanceof List<?> list
            ? String.join(";", list.stream().map(Object::toString).toList())
            : v instanceof java.math.BigDecimal n ? n.toPlainString() : v.toString();
    // A cell starting with = + - @ is a formula to spreadsheets: quoted with a leading '.
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !(v instanceof java.math.BigDecimal)) {
      s = "'" + s;
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
