package org.phirecords.internal.export;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Sorts.ascending;

import com.mongodb.client.model.Updates;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.RelinkId;
import org.phirecords.model.RelinkState;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;

/**
 * The {@code dataset_relinks} collection (ADR 44): the only code that touches it. A request holds
 * ids (its own, its dataset's, the research ids named), the requester's and decider's names, the
 * purpose sealed under the tenant's key, and its state; never a patient id. Each change of state is
 * one conditional update, so a request is decided once and released once.
 */
public final class RelinkRepository {
  static final String ID = "relinkId";
  static final String STATE = "state";
  static final String IDS = "researchIds";
  static final String EXPIRES = "expiresAt";

  private final TenantScopedCollection relinks;

  RelinkRepository(Operation op) {
    this.relinks = op.handle(StoredCollection.DATASET_RELINKS);
  }

  TenantId tenant() {
    return relinks.tenant();
  }

  void insert(Document request) {
    relinks.insertOne(request);
  }

  /** Request {@code id}, whoever asked. */
  Optional<Document> find(RelinkId id) {
    return relinks.findOne(eq(ID, id.value()), null, null);
  }

  /** Request {@code id} if {@code caller} asked for it. */
  Optional<Document> find(RelinkId id, Caller caller) {
    return relinks.findOne(and(eq(ID, id.value()), ExportRepository.requester(caller)), null, null);
  }

  /** Up to {@code max} requests awaiting a decision and not expired, oldest first. */
  List<Document> pending(Date now, int max) {
    return relinks.find(
        and(eq(STATE, RelinkState.PENDING.name()), gt(EXPIRES, now)),
        null,
        ascending("requestedAt", ID),
        max);
  }

  /** Moves {@code id} from {@code from} to {@code change}'s state if not expired; the result. */
  Optional<Document> move(RelinkId id, Bson who, RelinkState from, Date now, Bson change) {
    return relinks.findOneAndUpdate(
        and(eq(ID, id.value()), who, eq(STATE, from.name()), gt(EXPIRES, now)), change);
  }

  static Bson decision(RelinkState state, List<String> ids, Caller decider, Date now) {
    return Updates.combine(
        Updates.set(STATE, state.name()),
        Updates.set(IDS, ids),
        Updates.set("decidedAt", now),
        Updates.set(
            "decidedBy",
            new Document("issuer", decider.issuer() == null ? "" : decider.issuer())
                .append("subject", decider.subject())));
  }

  /** Removes expired requests of every tenant (the export sweep); how many. */
  static long sweep(TenantCollections collections, Date now) {
    return collections.sweepExpired(StoredCollection.DATASET_RELINKS, now);
  }

  /** Removes every request of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections
        .forMaintenance(StoredCollection.DATASET_RELINKS, tenant)
        .deleteMany(new Document());
  }
}
