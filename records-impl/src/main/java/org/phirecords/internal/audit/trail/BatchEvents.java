package org.phirecords.internal.audit.trail;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;

/**
 * The events that conclude an announced batch of writes (ADR 34), in the order they are appended:
 * one {@code SUCCESS} per record written (its ids, under its entry's stamp, with its digest, so
 * that the integrity pass and each patient's history find it as they find a single write's), the
 * batch's outcome with their count, and a {@code CONFLICT} counting the entries refused as already
 * present, if any. A batch that wrote nothing because all were present ends in that conflict alone.
 */
final class BatchEvents {
  private BatchEvents() {}

  static List<AuditEvent> of(
      WriteIntent batch, List<WriteIntent.Entry> written, int refused, AuditOutcome outcome) {
    List<AuditEvent> all = new ArrayList<>(written.size() + 2);
    for (WriteIntent.Entry e : written) {
      all.add(
          AuditDocuments.event(
              batch.entry(e.index(), e.id(), e.patientId()), AuditOutcome.SUCCESS, 1));
    }
    if (!written.isEmpty() || refused == 0) {
      all.add(AuditDocuments.event(batch, outcome, written.size()));
    }
    if (refused > 0) {
      all.add(AuditDocuments.event(batch, AuditOutcome.CONFLICT, refused));
    }
    return all;
  }

  /** The stored forms of {@code all}, as {@link #of} made them. */
  static List<Document> stored(
      WriteIntent batch, List<WriteIntent.Entry> written, List<AuditEvent> all) {
    List<Document> docs = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      if (i < written.size()) {
        WriteIntent.Entry e = written.get(i);
        WriteIntent entry = batch.entry(e.index(), e.id(), e.patientId());
        docs.add(IntegrationParts.stored(all.get(i), entry, AuditOutcome.SUCCESS, e.seal()));
      } else {
        docs.add(AuditDocuments.stored(all.get(i), batch.id(), null));
      }
    }
    return docs;
  }
}
