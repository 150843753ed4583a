package org.phirecords.internal.audit.trail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.ChainCheckpoint;
import org.phirecords.spi.AuditSink;

/**
 * Hands every stored audit event, and every chain checkpoint, to every {@link AuditSink} bean, off
 * the request path.
 */
@ApplicationScoped
public class AuditSinks {
  private static final Logger LOG = Logger.getLogger(AuditSinks.class.getName());

  @Inject Instance<AuditSink> sinks;

  void onStored(@ObservesAsync AuditEvent event) {
    for (AuditSink sink : sinks) {
      try {
        sink.accept(event);
      } catch (RuntimeException e) {
        LOG.warning(
            "audit sink " + sink.getClass().getName() + " failed: " + e.getClass().getName());
      }
    }
  }

  void onCheckpoint(@ObservesAsync ChainCheckpoint checkpoint) {
    for (AuditSink sink : sinks) {
      try {
        sink.checkpoint(checkpoint);
      } catch (RuntimeException e) {
        LOG.warning(
            "audit sink " + sink.getClass().getName() + " failed: " + e.getClass().getName());
      }
    }
  }
}
