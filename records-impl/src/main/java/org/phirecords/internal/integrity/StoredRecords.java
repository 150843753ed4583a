package org.phirecords.internal.integrity;

import java.util.function.Consumer;
import org.bson.Document;
import org.phirecords.internal.store.TenantScopedCollection;

/**
 * One tenant's sealed records of one collection, as the integrity pass walks them: handed out by
 * the collection's repository, the only code that touches it.
 *
 * @param collection the collection's name, as sealed into each digest
 * @param idField the field holding a record's id
 * @param stored the tenant's documents of the collection
 */
public record StoredRecords(String collection, String idField, TenantScopedCollection stored) {

  /** Every stored document, read {@code batch} at a time, as stored (nothing decrypted). */
  public void forEach(int batch, Consumer<Document> action) {
    stored.forEachInBatches(batch, action);
  }

  /** The record id of {@code doc}. */
  public String id(Document doc) {
    return doc.get(idField) instanceof String s ? s : String.valueOf(doc.get(idField));
  }

  /** The version of {@code doc} (0 if it has none). */
  static long version(Document doc) {
    return doc.get("version") instanceof Number n ? n.longValue() : 0;
  }
}
