package com.example.ehr;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.phirecords.integration.IntegrationEvent;

/** The vendor's observer of integration events (ADR 35): what it heard, synchronously and not. */
@ApplicationScoped
public class IntegrationFeed {
  private final List<IntegrationEvent> heard = new CopyOnWriteArrayList<>();
  private final List<IntegrationEvent> heardAsync = new CopyOnWriteArrayList<>();

  void onWrite(@Observes IntegrationEvent e) {
    heard.add(e);
  }

  void onWriteLater(@ObservesAsync IntegrationEvent e) {
    heardAsync.add(e);
  }

  /** What the observers heard of {@code patient}: "sync|async type vN", in arrival order. */
  public List<String> of(String patient) {
    List<String> lines = new java.util.ArrayList<>();
    heard.stream()
        .filter(e -> e.patientId().equals(patient))
        .forEach(e -> lines.add("sync " + e.type().wireName() + " v" + e.version()));
    heardAsync.stream()
        .filter(e -> e.patientId().equals(patient))
        .forEach(e -> lines.add("async " + e.type().wireName() + " v" + e.version()));
    return lines;
  }
}
