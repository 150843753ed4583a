package org.phirecords.internal.audit.trail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  /** Class names of the sinks whose latest delivery failed. */
  private final Set<String> failing = ConcurrentHashMap.newKeySet();

  /** Class names of the sinks whose latest delivery failed, sorted; empty when all took theirs. */
  public List<String> failing() {
    return failing.stream().sorted().toList();
  }

  /** How many sinks there are (counted by their beans: none is created). */
  public long count() {
    return sinks.handlesStream().count();
  }

  private void failed(AuditSink sink, RuntimeException e) {
    failing.add(sink.getClass().getName());
    LOG.warning("audit sink " + sink.getClass().getName() + " failed: " + e.getClass().getName());
  }

  void onStored(@ObservesAsync AuditEvent event) {
    for (AuditSink sink : sinks) {
      try {
        sink.accept(event);
        failing.remove(sink.getClass().getName());
      } catch (RuntimeException e) {
        failed(sink, e);
      }
    }
  }

  void onCheckpoint(@ObservesAsync ChainCheckpoint checkpoint) {
    for (AuditSink sink : sinks) {
      try {
        sink.checkpoint(checkpoint);
        failing.remove(sink.getClass().getName());
      } catch (RuntimeException e) {
        failed(sink, e);
      }
    }
  }
}
