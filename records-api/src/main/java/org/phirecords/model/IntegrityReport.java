package org.phirecords.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one integrity pass over a tenant's stored records found.
 *
 * @param tenant the tenant checked
 * @param checkedAt when the pass ended
 * @param checked how many records (patients and clinical entry versions) were compared
 * @param counts how many records of each kind of finding, over the whole pass
 * @param findings the records found, at most the requested maximum: changed records before unsealed
 *     ones
 * @param truncated whether more records were found than {@code findings} lists
 */
public record IntegrityReport(
    TenantId tenant,
    Instant checkedAt,
    long checked,
    Map<IntegrityFinding.Kind, Long> counts,
    List<IntegrityFinding> findings,
    boolean truncated) {

  /** How many records were found changed at rest (every kind but a missing digest). */
  public long changed() {
    return counts.entrySet().stream()
        .filter(e -> e.getKey() != IntegrityFinding.Kind.DIGEST_MISSING)
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
