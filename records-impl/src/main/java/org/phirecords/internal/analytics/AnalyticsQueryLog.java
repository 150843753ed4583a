package org.phirecords.internal.analytics;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.model.Sorts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.AnalyticsQuery;
import org.phirecords.model.AnalyticsQueryRecord;
import org.phirecords.model.TenantId;

/**
 * The only code touching {@code analytics_queries} (ADR 43): each query's parameters (names, codes,
 * months, organisation ids; never a value about a person), who ran it, when, why, and how many
 * cells it returned and suppressed. Its SHA-256 digest is the query's one id (ADR 45): in the
 * answer, in the privacy officer's list and as the resource id of its audit event, so the hash
 * chain fixes what was asked. The stored {@code queryId} is a random nonce inside the digest.
 */
public final class AnalyticsQueryLog {
  private AnalyticsQueryLog() {}

  /** Stores the parameters of {@code q} run by {@code op}; returns the digest to audit. */
  static String store(Operation op, AnalyticsQuery q, int cells, int suppressed) {
    Document doc =
        new Document("queryId", UUID.randomUUID().toString())
            .append("at", Date.from(Instant.now()))
            .append("subject", op.caller().subject())
            .append("purposeOfUse", q.purposeOfUse())
            .append("measure", q.measure())
            .append("dimensions", q.dimensions())
            .append("from", q.from().toString())
            .append("to", q.to().toString())
            .append("codes", QueryPipeline.codeNames(q.codes()))
            .append("organisations", q.organisations())
            .append("cells", cells)
            .append("suppressed", suppressed);
    String digest = digest(doc);
    op.handle(StoredCollection.ANALYTICS_QUERIES).insertOne(doc.append("digest", digest));
    return digest;
  }

  /** The queries run between {@code from} and {@code to} (null: open), newest first. */
  static List<AnalyticsQueryRecord> list(Operation op, Instant from, Instant to, int limit) {
    List<Bson> range = new ArrayList<>();
    range.add(gte("at", Date.from(from == null ? Instant.EPOCH : from)));
    if (to != null) {
      range.add(lte("at", Date.from(to)));
    }
    return op
        .handle(StoredCollection.ANALYTICS_QUERIES)
        .find(and(range), null, Sorts.descending("at"), limit)
        .stream()
        .map(AnalyticsQueryLog::read)
        .toList();
  }

  /**
   * Removes {@code tenant}'s queries run before {@code before}: with the trail's retention purge;
   * null removes them all, at offboarding (their audit events stay with the trail).
   */
  public static long purge(TenantCollections collections, TenantId tenant, Instant before) {
    return collections
        .forMaintenance(StoredCollection.ANALYTICS_QUERIES, tenant)
        .deleteMany(before == null ? new Document() : lt("at", Date.from(before)));
  }

  private static AnalyticsQueryRecord read(Document d) {
    Document content = new Document(d);
    content.remove("_id");
    content.remove("tenantId");
    String stored = (String) content.remove("digest");
    return new AnalyticsQueryRecord(
        stored,
        d.getDate("at").toInstant(),
        d.getString("subject"),
        d.getString("purposeOfUse"),
        d.getString("measure"),
        d.getList("dimensions", String.class),
        LocalDate.parse(d.getString("from")),
        LocalDate.parse(d.getString("to")),
        d.getList("codes", String.class),
        d.getList("organisations", String.class),
        d.getInteger("cells"),
        d.getInteger("suppressed"),
        digest(content).equals(stored));
  }

  /** SHA-256 of the parameters' canonical JSON (fields in the order stored). */
  private static String digest(Document content) {
    try {
      byte[] json =
          new Document(content)
              .append("at", content.getDate("at").getTime())
              .toJson()
              .getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
