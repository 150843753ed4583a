package org.phirecords.internal.audit.trail;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.bson.Document;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.integration.IntegrationEvent;
import org.phirecords.integration.IntegrationEventType;
import org.phirecords.internal.audit.chain.ChainLinks;

/**
 * The integration part of a write's outcome event (ADR 35): a write that declared an event ({@link
 * WriteIntent.Emits}) and succeeded carries {@code integration} (type, patient, entry, version,
 * related patient; ids only) on its {@code SUCCESS} event, covered by the chain's hash. The stream
 * of a tenant is its chain read for these parts; each is also fired as a CDI {@link
 * IntegrationEvent} once stored.
 */
public final class IntegrationParts {
  private static final Logger LOG = Logger.getLogger(IntegrationParts.class.getName());

  /** The event field holding the part; present only on successful writes that declared one. */
  public static final String FIELD = ChainLinks.INTEGRATION;

  private final Event<IntegrationEvent> events;
  private final Supplier<NotificationOptions> options;

  /** Fires stored parts on {@code events} (null: nowhere) with async {@code options}. */
  IntegrationParts(Event<IntegrationEvent> events, Supplier<NotificationOptions> options) {
    this.events = events;
    this.options = options;
  }

  /** {@code emits} as stored with an open intent. */
  static Document declared(WriteIntent.Emits emits) {
    return new Document("type", emits.type().wireName())
        .append("version", emits.version())
        .append("relatedPatientId", emits.relatedPatientId());
  }

  /** The {@link WriteIntent.Emits} stored with open intent {@code intent}, or null. */
  static WriteIntent.Emits declaredBy(Document intent) {
    Document d = intent.get(WriteIntent.EMITS, Document.class);
    return d == null
        ? null
        : new WriteIntent.Emits(
            IntegrationEventType.ofWireName(d.getString("type")),
            d.get("version", Number.class).longValue(),
            d.getString("relatedPatientId"));
  }

  /** The stored form of {@code intent}'s outcome {@code event}, with its part if it has one. */
  static Document stored(
      AuditEvent event, WriteIntent intent, AuditOutcome outcome, Document seal) {
    Document doc = AuditDocuments.stored(event, intent.id(), seal);
    WriteIntent.Emits emits = intent.emits();
    if (outcome == AuditOutcome.SUCCESS && emits != null && intent.patientId() != null) {
      Document part =
          new Document("type", emits.type().wireName()).append("patientId", intent.patientId());
      if (intent.resourceId() != null && !intent.resourceId().equals(intent.patientId())) {
        part.append("entryId", intent.resourceId());
      }
      part.append("version", emits.version());
      if (emits.relatedPatientId() != null) {
        part.append("relatedPatientId", emits.relatedPatientId());
      }
      doc.append(FIELD, part);
    }
    return doc;
  }

  /** The integration event of a stored audit event that carries a part. */
  public static IntegrationEvent event(Document stored) {
    Document part = stored.get(FIELD, Document.class);
    return new IntegrationEvent(
        stored.getString(ChainLinks.CHAIN),
        Long.toString(stored.get(ChainLinks.SEQ, Number.class).longValue()),
        IntegrationEventType.ofWireName(part.getString("type")),
        stored.getDate("occurredAt").toInstant(),
        part.getString("patientId"),
        part.getString("entryId"),
        part.get("version", Number.class).longValue(),
        part.getString("relatedPatientId"));
  }

  /**
   * Fires the parts of {@code stored} (durable now), in order: to synchronous observers on this
   * thread, whose failure is logged and does not fail the write (it is committed), and to
   * asynchronous ones.
   */
  void fire(List<Document> stored) {
    if (events == null) {
      return;
    }
    for (Document doc : stored) {
      if (doc.containsKey(FIELD)) {
        IntegrationEvent e = event(doc);
        try {
          events.fire(e);
        } catch (RuntimeException observerFailed) {
          LOG.warning(
              "an integration event observer failed: " + observerFailed.getClass().getName());
        }
        events.fireAsync(e, options.get());
      }
    }
  }
}
