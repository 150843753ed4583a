package org.phirecords.bench.baseline;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.bson.Document;
import org.phirecords.internal.meter.RequestTally;

/**
 * The floor: the baseline's operations with, in the same request, only the store commands that the
 * invariants of docs/architecture.md ask of any implementation, however lean. Before the operation,
 * the tenant's registry entry read by id (a suspension applies from the next request: invariant 1,
 * ADR 0008; app instances hold no per-request state). After it, an audit event stored durably
 * before the answer (invariant 3) in an indexed, sequenced trail whose head is moved after it (so
 * that a truncated trail is detected), the events of concurrent requests written together as the
 * module writes them: one ordered insert and one head move per batch. A write is announced by an
 * event before it and concluded by one after it (invariant 4: without transactions, a crash between
 * the write and its event must leave a trace to reconcile).
 *
 * <p>Nothing else: no token, interceptor, encryption, link hash, CDI event or anomaly counting. The
 * module does all of those and more (an open intent, the patient's presence in the tenant), so what
 * this side reaches against the bare baseline is what the required store commands alone leave of it
 * on the same store and cores. Patients are spread over {@link #TENANTS} by their id (or MRN), one
 * chain per tenant, as the benchmark spreads them over the module's tenants.
 */
@ApplicationScoped
@Path("floor")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FloorResource {
  /** The floor's tenants, each with its registry entry and its audit chain. */
  static final List<String> TENANTS = List.of("floor-0", "floor-1", "floor-2", "floor-3");

  @Inject BaselineResource operations;
  @Inject BaselineStore store;
  @Context HttpServletRequest request;

  /** The most events one insert carries (the module's chain writer: 256). */
  private static final int MAX_BATCH = 256;

  /** What the link fields hold: the length of a hex SHA-256. */
  private static final String LINK = "0".repeat(64);

  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  @GET
  @Path("patients/{id}")
  public String patient(@PathParam("id") String id) {
    return audited(tenantOf(id), "READ", "PATIENT", id, () -> operations.patient(id));
  }

  @GET
  @Path("patients/{id}/entries")
  public String entries(@PathParam("id") String id) {
    return audited(tenantOf(id), "READ", "CLINICAL_ENTRY", id, () -> operations.entries(id));
  }

  @POST
  @Path("patients/{id}/entries")
  public String createEntry(@PathParam("id") String id, String json) {
    String tenant = tenantOf(id);
    String intent = UUID.randomUUID().toString();
    requireActive(tenant);
    append(tenant, "CREATE", "CLINICAL_ENTRY", id, "INTENDED", intent);
    return concluded(
        tenant, "CREATE", "CLINICAL_ENTRY", id, intent, () -> operations.createEntry(id, json));
  }

  @GET
  @Path("billing/{id}")
  public String billing(@PathParam("id") String id) {
    return audited(tenantOf(id), "READ", "BILLING_VIEW", id, () -> operations.billing(id));
  }

  @POST
  @Path("patients/search")
  public String byMrn(String json) {
    // The search's tenant by the MRN's text: spread like the others, without parsing twice.
    return audited(tenantOf(json), "SEARCH", "PATIENT", null, () -> operations.byMrn(json));
  }

  /** Runs {@code operation} for {@code tenant} between its registry read and its outcome event. */
  private String audited(
      String tenant, String action, String type, String patientId, Supplier<String> operation) {
    requireActive(tenant);
    return concluded(tenant, action, type, patientId, null, operation);
  }

  /**
   * Runs {@code operation} and stores its outcome event ({@code intent}: the write it concludes).
   */
  private String concluded(
      String tenant,
      String action,
      String type,
      String patientId,
      String intent,
      Supplier<String> operation) {
    String answer;
    try {
      answer = operation.get();
    } catch (RuntimeException e) {
      append(tenant, action, type, patientId, "FAILURE", intent);
      throw e;
    }
    append(tenant, action, type, patientId, "SUCCESS", intent);
    return answer;
  }

  private static String tenantOf(String key) {
    return TENANTS.get(Math.floorMod(key.hashCode(), TENANTS.size()));
  }

  private void requireActive(String tenant) {
    Document entry = store.floorTenants().find(eq("_id", tenant)).first();
    if (entry == null || !"ACTIVE".equals(entry.getString("status"))) {
      throw new ForbiddenException();
    }
  }

  /**
   * Stores one event in {@code tenant}'s chain, durably, before returning. Events of concurrent
   * requests are written together, as the module's chain writer writes them: whoever holds the
   * chain's lane writes every event waiting in it in one ordered insert and moves the head once.
   */
  private void append(
      String tenant, String action, String type, String patientId, String outcome, String intent) {
    Document event =
        new Document("_id", UUID.randomUUID().toString())
            .append("tenantId", tenant)
            .append("occurredAt", new Date())
            .append("subject", "floor-user")
            .append("roles", List.of("PHYSICIAN"))
            .append("action", action)
            .append("resourceType", type)
            .append("resourceId", patientId)
            .append("patientId", patientId)
            .append("outcome", outcome)
            .append("purposeOfUse", "TREAT")
            .append("clientAddress", request.getRemoteAddr())
            .append("operation", "Floor." + action)
            .append("resultCount", 1)
            .append("intentId", intent);
    CompletableFuture<Void> done = new CompletableFuture<>();
    Lane lane = lanes.computeIfAbsent(tenant, t -> new Lane());
    lane.waiting.add(new Pending(event, done, RequestTally.current()));
    lane.lock.lock();
    try {
      while (!done.isDone()) {
        writeWaiting(tenant, lane);
      }
    } finally {
      lane.lock.unlock();
    }
    done.join(); // throws what the write threw
  }

  /** Writes the events waiting in {@code lane} (its lock held) and moves the chain's head. */
  private void writeWaiting(String tenant, Lane lane) {
    if (lane.last < 0) {
      lane.last = lastPosition(tenant);
    }
    List<Pending> batch = new ArrayList<>();
    List<Document> docs = new ArrayList<>();
    Pending next;
    long seq = lane.last;
    while (batch.size() < MAX_BATCH && (next = lane.waiting.poll()) != null) {
      // The link fields take the room the module's hashes take; computing them is the
      // protection's work, not the store's.
      next.event().append("seq", ++seq).append("prevHash", LINK).append("hash", LINK);
      batch.add(next);
      docs.add(next.event());
    }
    // Waited on by every request in the batch: each counts its writes once (as the module's).
    try (RequestTally.Scope shared =
        RequestTally.writingFor(batch.stream().map(Pending::waiter).toList())) {
      store.floorEvents().insertMany(docs, new InsertManyOptions().ordered(true));
      moveHead(tenant, seq);
      lane.last = seq;
      batch.forEach(p -> p.done().complete(null));
    } catch (RuntimeException e) {
      lane.last = -1; // read the chain's end again before the next batch
      batch.forEach(p -> p.done().completeExceptionally(e));
    }
  }

  private void moveHead(String tenant, long seq) {
    try {
      store
          .floorHeads()
          .updateOne(
              and(eq("_id", tenant), lt("seq", seq)),
              Updates.combine(
                  Updates.set("seq", seq), Updates.set("hash", LINK), Updates.set("mac", LINK)),
              new UpdateOptions().upsert(true));
    } catch (MongoWriteException e) {
      // The head is already further on (the upsert then collides on _id): nothing to do.
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
  }

  /** Where {@code tenant}'s chain ends in the store (0 when it has none yet). */
  private long lastPosition(String tenant) {
    Document last =
        store.floorEvents().find(eq("tenantId", tenant)).sort(new Document("seq", -1)).first();
    return last == null ? 0 : last.get("seq", Number.class).longValue();
  }

  /** An event waiting to be written, and who waits for it. */
  private record Pending(Document event, CompletableFuture<Void> done, RequestTally waiter) {}

  /** A chain's events waiting to be written, and the lock of whoever writes them. */
  private static final class Lane {
    final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();
    final ReentrantLock lock = new ReentrantLock();
    long last = -1; // the chain's last position; -1: not known (guarded by lock)
  }
}
