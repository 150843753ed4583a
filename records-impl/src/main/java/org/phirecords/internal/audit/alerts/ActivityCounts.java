package org.phirecords.internal.audit.alerts;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.audit.AnomalyDetected;
import org.phirecords.audit.AnomalyDetected.Kind;
import org.phirecords.audit.AuditEvent;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.TenantId;

/**
 * Each user's recent activity for the anomaly alerts, counted in one document per tenant and user
 * ({@code audit_activity}): the patients they read and the denials they met, with their times.
 */
final class ActivityCounts {
  /** Most events of one user counted by one update. */
  private static final int MAX_BATCH = 1_000;

  /** Most users with a lane at once (a cache: forgetting one only costs batching). */
  private static final int MAX_LANES = 10_000;

  /**
   * A read or denial to count in a user's activity: {@code key} (a patient, a denial's event) under
   * {@code field}, against {@code threshold} for alerts of {@code kind}.
   */
  record Note(
      String field,
      String key,
      AuditEvent event,
      AlertThresholds thresholds,
      Kind kind,
      long threshold) {}

  /**
   * One user's notes waiting to be counted, and whether a thread is counting them: concurrent
   * events of one user (the observers run on several threads) share one update instead of queueing
   * one each behind the same document.
   */
  private static final class Lane {
    final ConcurrentLinkedQueue<Note> notes = new ConcurrentLinkedQueue<>();
    final AtomicBoolean writing = new AtomicBoolean();
  }

  /** What to do when a field holds more live keys than its note's threshold. */
  interface Raise {
    Optional<AnomalyDetected> over(Note last, long live);
  }

  /** A user's note held in memory until the next {@link #flush}. */
  private record Held(TenantId tenant, String id, Note note) {}

  /** Most notes held before the thread that adds one flushes them itself. */
  static final int MAX_HELD = 100_000;

  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();
  private final AtomicInteger heldCount = new AtomicInteger();
  private final ReentrantLock flushing = new ReentrantLock();
  private final TenantCollections collections;
  private final Raise raise;

  ActivityCounts(TenantCollections collections, Raise raise) {
    this.collections = collections;
    this.raise = raise;
  }

  /**
   * Queues {@code notes} in the user's lane and, unless another thread is writing it, writes what
   * the lane holds (looping until it is empty, so nothing queued while it wrote waits for a later
   * event); returns the alerts raised here.
   */
  List<AnomalyDetected> count(TenantId tenant, String subject, List<Note> notes) {
    if (lanes.size() >= MAX_LANES) {
      lanes.clear(); // a lane still in use goes on serving its holders; a new one takes its place
    }
    String id = tenant.value() + "|" + subject;
    Lane lane = lanes.computeIfAbsent(id, k -> new Lane());
    lane.notes.addAll(notes);
    List<AnomalyDetected> raised = new ArrayList<>();
    RuntimeException failed = null;
    // Queued before trying: if the writer is just leaving, its last look or this attempt sees it.
    while (!lane.notes.isEmpty() && lane.writing.compareAndSet(false, true)) {
      try {
        List<Note> batch = new ArrayList<>();
        Note next;
        while (batch.size() < MAX_BATCH && (next = lane.notes.poll()) != null) {
          batch.add(next);
        }
        if (!batch.isEmpty()) {
          raised.addAll(write(tenant, id, batch));
        }
      } catch (RuntimeException e) {
        // That batch is not counted (as an event's evaluation failed before); the notes other
        // threads left here are still written, not held until the user's next event.
        failed = failed == null ? e : failed;
      } finally {
        lane.writing.set(false);
      }
    }
    if (failed != null) {
      throw failed;
    }
    return raised;
  }

  /**
   * Holds {@code notes} in memory for the next {@link #flush} (ADR 31): events of the interval cost
   * one update per user instead of one each. Returns alerts only when so many notes are held that
   * this thread flushes them itself.
   */
  List<AnomalyDetected> hold(TenantId tenant, String subject, List<Note> notes) {
    String id = tenant.value() + "|" + subject;
    for (Note n : notes) {
      held.add(new Held(tenant, id, n));
    }
    return heldCount.addAndGet(notes.size()) >= MAX_HELD ? flush() : List.of();
  }

  /**
   * Writes every held note, one update per user (of at most {@link #MAX_BATCH} notes), and returns
   * the alerts raised. One flush at a time; a user's failed update is not counted (like a failed
   * evaluation), the other users' are, and the first failure is then thrown.
   */
  List<AnomalyDetected> flush() {
    List<AnomalyDetected> raised = new ArrayList<>();
    flushing.lock();
    try {
      Map<String, List<Held>> byUser = new LinkedHashMap<>();
      Held next;
      while ((next = held.poll()) != null) {
        heldCount.decrementAndGet();
        byUser.computeIfAbsent(next.id(), k -> new ArrayList<>()).add(next);
      }
      RuntimeException failed = null;
      for (List<Held> user : byUser.values()) {
        for (int from = 0; from < user.size(); from += MAX_BATCH) {
          List<Held> part = user.subList(from, Math.min(user.size(), from + MAX_BATCH));
          try {
            raised.addAll(
                write(
                    part.get(0).tenant(),
                    part.get(0).id(),
                    part.stream().map(Held::note).toList()));
          } catch (RuntimeException e) {
            failed = failed == null ? e : failed;
          }
        }
      }
      if (failed != null) {
        throw failed; // the alerts raised meanwhile were already fired and audited
      }
    } finally {
      flushing.unlock();
    }
    return raised;
  }

  /** How many notes are held for the next flush. */
  int held() {
    return heldCount.get();
  }

  /**
   * Notes the keys of {@code batch} (patients read, denials) at their times in the user's activity
   * document, in one atomic update by id, and raises an alert for each field that then holds more
   * distinct keys than its threshold within the window of the batch's latest event of that field.
   * Keys older than that window are dropped when seen; and once a field holds more than twice
   * {@code threshold + 1} keys, all but the {@code threshold + 1} most recent go: whether more than
   * the threshold fall in the window depends on those alone (a dropped key is older than every kept
   * one), and the document stays small however many patients a user reads (a user reading thousands
   * made every event move the whole list). So a user's events cost one update per batch (one per
   * event when they come one at a time), plus one to drop keys about every {@code threshold + 1}
   * events of a busy user; correct with any number of instances updating the same document (keys
   * are opaque ids: no dots, no $).
   */
  private List<AnomalyDetected> write(TenantId tenant, String id, List<Note> batch) {
    Map<String, Date> noted = new LinkedHashMap<>();
    Map<String, Note> latest = new LinkedHashMap<>();
    for (Note n : batch) {
      Date at = Date.from(n.event().occurredAt());
      noted.merge(n.field() + "." + n.key(), at, (a, b) -> a.after(b) ? a : b);
      latest.merge(
          n.field(), n, (a, b) -> a.event().occurredAt().isAfter(b.event().occurredAt()) ? a : b);
    }
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.set("tenantId", tenant.value()));
    noted.forEach((path, at) -> updates.add(Updates.max(path, at)));
    MongoCollection<Document> activity = collections.auditActivity();
    Document doc =
        activity.findOneAndUpdate(
            eq("_id", id),
            Updates.combine(updates),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    List<Bson> dropped = new ArrayList<>();
    List<AnomalyDetected> raised = new ArrayList<>();
    for (Note last : latest.values()) {
      Document seen = doc == null ? null : doc.get(last.field(), Document.class);
      long live =
          seen == null
              ? noted.keySet().stream().filter(k -> k.startsWith(last.field() + ".")).count()
              : live(seen, last, dropped);
      if (live > last.threshold()) {
        raise.over(last, live).ifPresent(raised::add);
      }
    }
    if (!dropped.isEmpty()) {
      activity.updateOne(eq("_id", id), Updates.combine(dropped));
    }
    return raised;
  }

  /**
   * How many keys of {@code seen} fall in the window of {@code last}'s event; adds to {@code
   * dropped} the removal of those before it and, when the field is crowded, of surplus older ones.
   */
  private static long live(Document seen, Note last, List<Bson> dropped) {
    Date since = Date.from(last.event().occurredAt().minus(last.thresholds().window()));
    long keep = last.threshold() + 1;
    List<Map.Entry<String, Date>> live = new ArrayList<>();
    for (var entry : seen.entrySet()) {
      if (entry.getValue() instanceof Date when && !when.before(since)) {
        live.add(Map.entry(entry.getKey(), when));
      } else {
        dropped.add(Updates.unset(last.field() + "." + entry.getKey()));
      }
    }
    // Keys past the window go as soon as they are seen; surplus recent ones only in bulk.
    boolean crowded = seen.size() > 2 * keep;
    if (crowded && live.size() > keep) {
      live.sort(Map.Entry.comparingByValue());
      for (var oldest : live.subList(0, (int) (live.size() - keep))) {
        dropped.add(Updates.unset(last.field() + "." + oldest.getKey()));
      }
    }
    return live.size();
  }
}
