package org.phirecords.internal.audit.chain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.phirecords.audit.ChainVerification;

/**
 * Verifies an audit chain link by link and reports the first broken one. Streams the events in
 * sequence order, so it runs in constant memory whatever the chain's length.
 */
public final class AuditChainVerifier {
  private final MongoCollection<Document> events;
  private final MongoCollection<Document> heads;
  private final MongoCollection<Document> anchors;
  private final ChainKey key;

  /** A verifier over the given collections with {@code key}. */
  public AuditChainVerifier(
      MongoCollection<Document> events, MongoCollection<Document> heads, ChainKey key) {
    this(events, heads, null, key);
  }

  /** A verifier that also honours the anchors left by retention purges. */
  public AuditChainVerifier(
      MongoCollection<Document> events,
      MongoCollection<Document> heads,
      MongoCollection<Document> anchors,
      ChainKey key) {
    this.events = events;
    this.heads = heads;
    this.anchors = anchors;
    this.key = key;
  }

  /** Verifies {@code chain}, whole or between {@code from} and {@code to} (nullable). */
  public ChainVerification verify(String chain, Instant from, Instant to) {
    // The head first: events appended while verifying then only extend what is checked.
    Document head = to == null ? heads.find(eq("_id", chain)).first() : null;
    long start = 1;
    long end = Long.MAX_VALUE;
    if (from != null) {
      Document first =
          events
              .find(and(eq(ChainLinks.CHAIN, chain), gte("occurredAt", Date.from(from))))
              .sort(new Document(ChainLinks.SEQ, 1))
              .first();
      if (first == null) {
        return ok(chain, 0, 0);
      }
      start = seq(first);
    }
    if (to != null) {
      Document last =
          events
              .find(and(eq(ChainLinks.CHAIN, chain), lte("occurredAt", Date.from(to))))
              .sort(new Document(ChainLinks.SEQ, -1))
              .first();
      if (last == null) {
        return ok(chain, 0, 0);
      }
      end = seq(last);
    }
    String prev = ChainLinks.GENESIS;
    Document anchor = anchors == null ? null : anchors.find(eq("_id", chain)).first();
    if (anchor != null) {
      long anchorSeq = seq(anchor);
      String anchorHash = text(anchor, "hash");
      if (!ChainLinks.anchorMac(key, chain, anchorSeq, anchorHash).equals(anchor.get("mac"))) {
        return broken(
            chain, 0, 0, anchorSeq, "ANCHOR_ALTERED", "The chain's start anchor was changed.");
      }
      if (start <= anchorSeq + 1) {
        // Events up to the anchor were purged beyond retention: verification starts after it.
        start = anchorSeq + 1;
        prev = anchorHash;
      }
    }
    if (start > 1 && prev.equals(ChainLinks.GENESIS)) {
      Document before =
          events.find(and(eq(ChainLinks.CHAIN, chain), eq(ChainLinks.SEQ, start - 1))).first();
      if (before == null) {
        return broken(chain, 0, 0, start - 1, "MISSING", "The event before the range is missing.");
      }
      prev = text(before, ChainLinks.HASH);
    }
    long expected = start;
    long checked = 0;
    // Closed on every return: a broken link ends the walk with the rest of the chain unread.
    try (MongoCursor<Document> cursor =
        events
            .find(
                and(
                    eq(ChainLinks.CHAIN, chain),
                    gte(ChainLinks.SEQ, start),
                    lte(ChainLinks.SEQ, end)))
            .sort(new Document(ChainLinks.SEQ, 1))
            .batchSize(1000)
            .iterator()) {
      while (cursor.hasNext()) {
        Document doc = cursor.next();
        long seq = seq(doc);
        if (seq < expected) {
          return broken(
              chain, checked, expected - 1, seq, "DUPLICATE", "Two events claim one position.");
        }
        if (seq > expected) {
          return broken(
              chain,
              checked,
              expected - 1,
              expected,
              "MISSING",
              (seq - expected) + " event(s) before position " + seq + " were deleted.");
        }
        if (!prev.equals(doc.get(ChainLinks.PREV))) {
          return broken(
              chain,
              checked,
              expected - 1,
              seq,
              "BROKEN_LINK",
              "The event does not follow its predecessor: inserted or reordered.");
        }
        String hash = ChainLinks.hash(key, prev, doc);
        if (!hash.equals(doc.get(ChainLinks.HASH))) {
          return broken(
              chain,
              checked,
              expected - 1,
              seq,
              "ALTERED",
              "The event's content or seal was changed.");
        }
        prev = hash;
        expected = seq + 1;
        checked++;
      }
    }
    long lastSeq = expected - 1;
    if (to == null) {
      if (head == null && lastSeq > 0 && from == null) {
        return broken(
            chain, checked, lastSeq, lastSeq, "HEAD_MISSING", "The chain head is missing.");
      }
      if (head != null) {
        long headSeq = seq(head);
        String mac = ChainLinks.headMac(key, chain, headSeq, text(head, "hash"));
        if (!mac.equals(head.get("mac"))) {
          long at = headSeq < 0 ? lastSeq : headSeq; // its position unreadable: where ours ends
          return broken(chain, checked, lastSeq, at, "HEAD_ALTERED", "The chain head was changed.");
        }
        if (headSeq > lastSeq) {
          return broken(
              chain,
              checked,
              lastSeq,
              lastSeq + 1,
              "TRUNCATED",
              (headSeq - lastSeq) + " event(s) at the end of the chain were deleted.");
        }
      }
    }
    return ok(chain, checked, lastSeq);
  }

  /*
   * Stored fields are read as they may have been tampered with: a position or hash of another type
   * reads as one that matches nothing (its link, seal or MAC then fails), never as an error.
   */

  private static long seq(Document doc) {
    return doc.get(ChainLinks.SEQ) instanceof Number n ? n.longValue() : -1;
  }

  private static String text(Document doc, String field) {
    return doc.get(field) instanceof String s ? s : "";
  }

  private static ChainVerification ok(String chain, long checked, long lastSeq) {
    return new ChainVerification(chain, checked, lastSeq, true, 0, null, "Every link holds.");
  }

  private static ChainVerification broken(
      String chain, long checked, long lastSeq, long at, String problem, String detail) {
    return new ChainVerification(chain, checked, lastSeq, false, at, problem, detail);
  }
}
