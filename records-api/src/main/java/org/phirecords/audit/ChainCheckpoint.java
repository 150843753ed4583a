package org.phirecords.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * A sealed statement that an audit chain reached position {@code seq} with link {@code hash} at
 * {@code at}. The module writes one per chain at most every checkpoint interval, to its audit sinks
 * (never to the audit store): kept where the database's administrators cannot rewrite it, it lets
 * verification detect a chain cut back to an older, genuinely sealed head.
 *
 * @param chain the tenant id ({@code _platform} for platform events)
 * @param seq the position sealed
 * @param hash the hash of the link at that position
 * @param at when the checkpoint was taken
 * @param keyId the id of the chain key that sealed it
 * @param mac HMAC-SHA256 over all of the above with that key, hex
 */
public record ChainCheckpoint(
    String chain, long seq, String hash, Instant at, String keyId, String mac) {

  /** Checks the required parts. */
  public ChainCheckpoint {
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(mac, "mac");
  }
}
