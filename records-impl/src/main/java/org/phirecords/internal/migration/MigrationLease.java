package org.phirecords.internal.migration;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import org.bson.Document;

/**
 * The lock document of data migrations ({@code _id: "lock"}: {@code holder}, {@code until}): one
 * run at a time across instances. A run claims it if it is free or lapsed, renews it with each
 * batch and releases it at the end; a run killed mid-way holds it until it lapses, then another run
 * claims it and resumes. Claims and renewals are single-document conditional writes.
 */
final class MigrationLease {
  static final String ID = "lock";
  private final MongoCollection<Document> migrations;
  private final String holder;
  private final Duration lease;
  private final Clock clock;

  MigrationLease(MongoCollection<Document> migrations, String holder, Duration lease, Clock clock) {
    this.migrations = migrations;
    this.holder = holder;
    this.lease = lease;
    this.clock = clock;
  }

  /** Claims the lock if it is free, lapsed or this holder's; whether it did. */
  boolean claim() {
    Date now = Date.from(clock.instant());
    try {
      migrations.findOneAndUpdate(
          and(eq("_id", ID), or(lt("until", now), eq("holder", holder))),
          new Document("$set", held(now)),
          new FindOneAndUpdateOptions().upsert(true));
      return true;
    } catch (MongoWriteException e) {
      // The lock exists and is another's, in force: the upsert's insert collided with it.
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    } catch (com.mongodb.MongoCommandException e) {
      if (ErrorCategory.fromErrorCode(e.getErrorCode()) == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /** Extends the lease; throws {@link LeaseLost} if another run holds the lock now. */
  void renew() {
    Date now = Date.from(clock.instant());
    if (migrations
            .updateOne(and(eq("_id", ID), eq("holder", holder)), new Document("$set", held(now)))
            .getMatchedCount()
        == 0) {
      throw new LeaseLost();
    }
  }

  /** Frees the lock if this holder still holds it. */
  void release() {
    migrations.updateOne(
        and(eq("_id", ID), eq("holder", holder)),
        new Document("$set", new Document("until", new Date(0))));
  }

  private Document held(Date now) {
    return new Document("holder", holder).append("until", Date.from(now.toInstant().plus(lease)));
  }

  /** The lease lapsed and another run claimed the lock: this run stops where it is. */
  static final class LeaseLost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LeaseLost() {
      super("the data migration lock was claimed by another run", null, false, false);
    }
  }
}
