package org.phirecords.internal.audit.chain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.phirecords.audit.ChainCheckpoint;
import org.phirecords.audit.ChainVerification;

/**
 * Verifies an audit chain link by link and reports the first broken one. Streams the events in
 * sequence order, so it runs in constant memory whatever the chain's length. Each link is checked
 * with the key it names; links whose key the ring lacks are reported, never passed. Given the
 * chain's checkpoints (kept outside the audit store), it also reports a chain cut back to an older,
 * genuinely sealed head: the head alone cannot tell.
 */
public final class AuditChainVerifier {
  private final MongoCollection<Document> events;
  private final MongoCollection<Document> heads;
  private final MongoCollection<Document> anchors;
  private final ChainKeys keys;
  private final Function<String, List<ChainCheckpoint>> checkpoints;

  /** A verifier over the given collections with {@code key}. */
  public AuditChainVerifier(
      MongoCollection<Document> events, MongoCollection<Document> heads, ChainKey key) {
    this(events, heads, null, ChainKeys.of(key), chain -> List.of());
  }

  /** A verifier that also honours the anchors left by retention purges. */
  public AuditChainVerifier(
      MongoCollection<Document> events,
      MongoCollection<Document> heads,
      MongoCollection<Document> anchors,
      ChainKeys keys) {
    this(events, heads, anchors, keys, chain -> List.of());
  }

  private AuditChainVerifier(
      MongoCollection<Document> events,
      MongoCollection<Document> heads,
      MongoCollection<Document> anchors,
      ChainKeys keys,
      Function<String, List<ChainCheckpoint>> checkpoints) {
    this.events = events;
    this.heads = heads;
    this.anchors = anchors;
    this.keys = keys;
    this.checkpoints = checkpoints;
  }

  /** The same verifier, also comparing each chain with its checkpoints from {@code source}. */
  public AuditChainVerifier withCheckpoints(Function<String, List<ChainCheckpoint>> source) {
    return new AuditChainVerifier(events, heads, anchors, keys, source);
  }

  /** Verifies {@code chain}, whole or between {@code from} and {@code to} (nullable). */
  public ChainVerification verify(String chain, Instant from, Instant to) {
    // The head first: events appended while verifying then only extend what is checked.
    Document head = to == null ? heads.find(eq("_id", chain)).first() : null;
    LinkSeals seals = new LinkSeals(keys);
    CheckpointCheck marks = new CheckpointCheck(chain, checkpoints.apply(chain), seals);
    if (marks.altered() != null) {
      long at = marks.altered().seq();
      return broken(chain, 0, 0, at, "CHECKPOINT_ALTERED", "A checkpoint's seal does not hold.");
    }
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
      ChainKey key = seals.keyOf(anchor, "the start anchor");
      if (key == null) {
        return broken(chain, 0, 0, anchorSeq, "KEY_UNKNOWN", seals.report().trim());
      }
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
        String problem = null;
        String detail = null;
        if (seq < expected) {
          problem = "DUPLICATE";
          detail = "Two events claim one position.";
        } else if (seq > expected) {
          seq = expected;
          problem = "MISSING";
          detail =
              (seq(doc) - expected) + " event(s) before position " + seq(doc) + " were deleted.";
        } else if (!prev.equals(doc.get(ChainLinks.PREV))) {
          problem = "BROKEN_LINK";
          detail = "The event does not follow its predecessor: inserted or reordered.";
        } else if (seals.check(prev, doc, seq) == LinkSeals.Outcome.ALTERED) {
          problem = "ALTERED";
          detail = "The event's content or seal was changed.";
        } else if (!marks.matches(seq, doc.get(ChainLinks.HASH))) {
          problem = "TRUNCATED";
          detail =
              "The event is not the one a checkpoint sealed at this position: the chain was cut"
                  + " back and written again from there.";
        }
        if (problem != null) {
          return broken(chain, checked, expected - 1, seq, problem, detail + seals.report());
        }
        prev = text(doc, ChainLinks.HASH);
        expected = seq + 1;
        checked++;
      }
    }
    long lastSeq = expected - 1;
    return to == null
        ? end(chain, head, marks, seals, checked, lastSeq, from == null)
        : complete(chain, seals, checked, lastSeq);
  }

  /** Whether the chain ends where its head and its newest checkpoint say. */
  private ChainVerification end(
      String chain,
      Document head,
      CheckpointCheck marks,
      LinkSeals seals,
      long checked,
      long lastSeq,
      boolean whole) {
    if (head == null && lastSeq > 0 && whole) {
      return broken(chain, checked, lastSeq, lastSeq, "HEAD_MISSING", "The chain head is missing.");
    }
    if (head != null) {
      long headSeq = seq(head);
      ChainKey key = seals.keyOf(head, "the chain head");
      String hash = text(head, "hash");
      if (key != null && !ChainLinks.headMac(key, chain, headSeq, hash).equals(head.get("mac"))) {
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
    ChainCheckpoint newest = marks.newest();
    if (newest != null && newest.seq() > lastSeq) {
      return broken(
          chain,
          checked,
          lastSeq,
          lastSeq + 1,
          "TRUNCATED",
          "The chain ends at position "
              + lastSeq
              + " but a checkpoint of "
              + newest.at()
              + " sealed position "
              + newest.seq()
              + ": events at the end were deleted and the head rolled back.");
    }
    return complete(chain, seals, checked, lastSeq);
  }

  private static ChainVerification complete(
      String chain, LinkSeals seals, long checked, long lastSeq) {
    if (seals.incomplete()) {
      long at = seals.firstUnverifiable() > 0 ? seals.firstUnverifiable() : lastSeq;
      return broken(chain, checked, lastSeq, at, "KEY_UNKNOWN", seals.report().trim());
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
