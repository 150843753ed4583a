package org.phirecords.internal.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

/** StoredCollection for command-line tools that run outside the container (audit verification). */
public final class PlatformAccess {
  private PlatformAccess() {}

  /** The audit events and chain heads of an audit database. */
  public record AuditCollections(
      MongoCollection<Document> events,
      MongoCollection<Document> heads,
      MongoCollection<Document> anchors) {}

  /** The audit collections of {@code database}, read-only by convention of the callers. */
  public static AuditCollections audit(MongoDatabase database) {
    return new AuditCollections(
        database.getCollection(StoredCollection.AUDIT_EVENTS.collectionName()),
        database.getCollection(StoredCollection.AUDIT_HEADS.collectionName()),
        database.getCollection(StoredCollection.AUDIT_ANCHORS.collectionName()));
  }
}
