package org.phirecords.internal.audit.chain;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.phirecords.audit.ChainCheckpoint;

/**
 * The checkpoints of one chain, as verification uses them: each one's seal is checked, the link at
 * each sealed position must carry the sealed hash, and the chain must reach the newest position.
 */
final class CheckpointCheck {
  private final Map<Long, Set<String>> hashes = new TreeMap<>();
  private ChainCheckpoint newest;
  private ChainCheckpoint altered;

  CheckpointCheck(String chain, List<ChainCheckpoint> checkpoints, LinkSeals seals) {
    for (ChainCheckpoint c : checkpoints) {
      if (!chain.equals(c.chain())) {
        continue;
      }
      ChainKey key = seals.keyOf(c.keyId(), c.seq());
      if (key == null) {
        continue;
      }
      if (!ChainCheckpoints.mac(key, chain, c.seq(), c.hash(), c.at()).equals(c.mac())) {
        if (altered == null || c.seq() < altered.seq()) {
          altered = c;
        }
        continue;
      }
      hashes.computeIfAbsent(c.seq(), s -> new HashSet<>()).add(c.hash());
      if (newest == null || c.seq() > newest.seq()) {
        newest = c;
      }
    }
  }

  /** A checkpoint whose seal does not hold (the lowest such position), or null. */
  ChainCheckpoint altered() {
    return altered;
  }

  /** Whether the link at {@code seq} with {@code hash} is the one every checkpoint there sealed. */
  boolean matches(long seq, Object hash) {
    Set<String> sealed = hashes.get(seq);
    return sealed == null || (sealed.size() == 1 && sealed.contains(hash));
  }

  /** The checkpoint of the highest position, or null. */
  ChainCheckpoint newest() {
    return newest;
  }
}
