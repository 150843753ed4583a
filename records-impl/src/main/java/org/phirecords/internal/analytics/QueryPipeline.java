package org.phirecords.internal.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.model.AnalyticsQuery;
import org.phirecords.model.Code;

/**
 * An {@link AnalyticsQuery} checked and turned into the stages the module runs on the projection
 * (ADR 43). Every name in the pipeline comes from the module's tables; from the caller only values
 * compared for equality or order (codes, organisation ids, months), each of a fixed form. The
 * caller's organisations and the query's bounds go to the first {@code $match} ({@link #within}).
 */
final class QueryPipeline {
  /** The dimensions and the fact field each groups by. */
  static final Map<String, String> DIMENSIONS =
      Map.of(
          "code", AnalyticsFacts.CODES,
          "entryType", AnalyticsFacts.TYPE,
          "month", AnalyticsFacts.MONTH,
          "year", AnalyticsFacts.YEAR,
          "organisation", AnalyticsFacts.ORGANISATIONS,
          "ageBand", AnalyticsFacts.AGE_BAND,
          "sex", AnalyticsFacts.SEX,
          "zip3", AnalyticsFacts.ZIP3);

  static final Set<String> MEASURES = Set.of("patients", "entries");
  static final int MAX_DIMENSIONS = 3;
  static final int MAX_CODES = 100;
  static final int MAX_ORGANISATIONS = 50;
  private static final Pattern ORGANISATION = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]{1,32}");

  private final AnalyticsQuery query;
  private final List<String> organisations;

  /**
   * {@code query}, checked against {@code settings}, run over the organisations {@code
   * organisations} (null: the whole tenant).
   */
  QueryPipeline(AnalyticsQuery query, AnalyticsSettings settings, List<String> organisations) {
    check(query, settings);
    this.query = query;
    this.organisations = organisations;
  }

  /** Refuses a query model the module does not run, with a stable code per reason. */
  static void check(AnalyticsQuery q, AnalyticsSettings settings) {
    List<String> names = new ArrayList<>(q.dimensions());
    names.add(q.measure());
    names.add(q.purposeOfUse());
    for (String name : names) {
      if (name != null && !NAME.matcher(name).matches()) {
        throw new RecordsException(ErrorCode.ANALYTICS_OPERATOR);
      }
    }
    for (String o : q.organisations()) {
      if (o == null || !ORGANISATION.matcher(o).matches()) {
        throw new RecordsException(ErrorCode.ANALYTICS_OPERATOR);
      }
    }
    if (q.purposeOfUse() == null || !AnalyticsQuery.PURPOSES.contains(q.purposeOfUse())) {
      throw new RecordsException(ErrorCode.ANALYTICS_PURPOSE);
    }
    if (q.measure() == null
        || !MEASURES.contains(q.measure())
        || !DIMENSIONS.keySet().containsAll(q.dimensions())
        || new HashSet<>(q.dimensions()).size() != q.dimensions().size()) {
      throw new RecordsException(ErrorCode.ANALYTICS_DIMENSION);
    }
    if (q.dimensions().size() > MAX_DIMENSIONS
        || q.codes().size() > MAX_CODES
        || q.organisations().size() > MAX_ORGANISATIONS) {
      throw new RecordsException(ErrorCode.ANALYTICS_TOO_MANY);
    }
    if (q.dimensions().contains("zip3") && !settings.zip3()) {
      throw new RecordsException(ErrorCode.ANALYTICS_ZIP3);
    }
    if (q.from() == null
        || q.to() == null
        || q.from().isAfter(q.to())
        || q.to().isAfter(q.from().plusYears(settings.maxYears()))
        || q.from().getYear() < 1900
        || q.to().isAfter(LocalDate.now().plusYears(1))) {
      throw new RecordsException(ErrorCode.ANALYTICS_RANGE);
    }
  }

  /** The conditions of the first {@code $match}: in force, the months, codes, organisations. */
  Bson within() {
    Document within =
        new Document(AnalyticsFacts.GONE, new Document("$exists", false))
            .append(
                AnalyticsFacts.MONTH,
                new Document("$gte", FactValues.month(query.from()))
                    .append("$lte", FactValues.month(query.to())));
    if (!query.codes().isEmpty()) {
      within.append(AnalyticsFacts.CODES, new Document("$in", codes()));
    }
    List<String> orgs = organisationsAsked();
    if (orgs != null) {
      within.append(AnalyticsFacts.ORGANISATIONS, new Document("$in", orgs));
    }
    return within;
  }

  /** The query's organisations, or the caller's; null: no narrowing (the whole tenant). */
  private List<String> organisationsAsked() {
    return query.organisations().isEmpty() ? organisations : query.organisations();
  }

  private List<Document> codes() {
    return query.codes().stream()
        .map(c -> new Document("s", c.system()).append("c", c.code()))
        .toList();
  }

  /**
   * The stages after the first {@code $match}: the cells, one document each, count in {@code n}.
   */
  List<Bson> cells() {
    return stages(query.dimensions());
  }

  /** The stages giving the total, in one document's {@code n}. */
  List<Bson> total() {
    return stages(List.of());
  }

  private List<Bson> stages(List<String> dimensions) {
    List<Bson> stages = new ArrayList<>();
    if (dimensions.contains("code")) {
      stages.add(new Document("$unwind", "$" + AnalyticsFacts.CODES));
      if (!query.codes().isEmpty()) {
        stages.add(
            new Document(
                "$match", new Document(AnalyticsFacts.CODES, new Document("$in", codes()))));
      }
    }
    List<String> orgs = organisationsAsked();
    if (dimensions.contains("organisation")) {
      stages.add(new Document("$unwind", "$" + AnalyticsFacts.ORGANISATIONS));
      if (orgs != null) {
        stages.add(
            new Document(
                "$match", new Document(AnalyticsFacts.ORGANISATIONS, new Document("$in", orgs))));
      }
    }
    Document key = new Document();
    for (int i = 0; i < dimensions.size(); i++) {
      key.append("d" + i, "$" + DIMENSIONS.get(dimensions.get(i)));
    }
    if (query.measure().equals("patients")) {
      // Distinct patients: one document per cell and patient key, then counted per cell.
      Document perPatient = new Document(key).append("k", "$" + AnalyticsFacts.KEY);
      stages.add(new Document("$group", new Document("_id", perPatient)));
      Document cell = new Document();
      for (int i = 0; i < dimensions.size(); i++) {
        cell.append("d" + i, "$_id.d" + i);
      }
      stages.add(
          new Document(
              "$group",
              new Document("_id", cell.isEmpty() ? null : cell)
                  .append("n", new Document("$sum", 1))));
    } else {
      stages.add(
          new Document(
              "$group",
              new Document("_id", key.isEmpty() ? null : key)
                  .append("n", new Document("$sum", 1))));
    }
    return stages;
  }

  /** The dimension values of cell {@code row} (an answer of {@link #cells}), as text. */
  List<String> values(Document row) {
    List<String> values = new ArrayList<>();
    Document id = row.get("_id") instanceof Document d ? d : new Document();
    for (int i = 0; i < query.dimensions().size(); i++) {
      Object v = id.get("d" + i);
      values.add(
          v instanceof Document c
              ? c.getString("s") + "|" + c.getString("c")
              : v == null ? "unknown" : String.valueOf(v));
    }
    return values;
  }

  /** The codes as {@code system|code}, for the audit of the query. */
  static List<String> codeNames(List<Code> codes) {
    return codes.stream().map(c -> c.system() + "|" + c.code()).toList();
  }
}
