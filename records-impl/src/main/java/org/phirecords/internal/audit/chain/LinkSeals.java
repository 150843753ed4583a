package org.phirecords.internal.audit.chain;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Checks the seal of each link with the key it names, and remembers the positions that cannot be
 * checked because the key ring lacks their key: those are reported, never passed over in silence.
 */
final class LinkSeals {
  /** What a link's seal says. */
  enum Outcome {
    HOLDS,
    ALTERED,
    KEY_UNKNOWN
  }

  private final ChainKeys keys;
  private final List<String> unverifiable = new ArrayList<>();
  private long firstUnverifiable;
  private long rangeFrom = -1;
  private long rangeTo = -1;
  private String rangeKey;

  LinkSeals(ChainKeys keys) {
    this.keys = keys;
  }

  /** The seal of {@code doc} after {@code prev}: format 1 or 2, with the key its link names. */
  Outcome check(String prev, Document doc, long seq) {
    Object version = doc.get(ChainLinks.VERSION);
    String kid;
    boolean legacy = version == null;
    if (legacy) {
      kid = ChainKey.DEFAULT_ID;
    } else if (version instanceof Integer v
        && v == ChainLinks.CURRENT
        && doc.get(ChainLinks.KEY_ID) instanceof String named) {
      kid = named;
    } else {
      return Outcome.ALTERED; // a format nobody writes: changed
    }
    ChainKey key = keys.find(kid).orElse(null);
    if (key == null) {
      unknownKeyAt(seq, kid);
      return Outcome.KEY_UNKNOWN;
    }
    String hash = legacy ? ChainLinks.legacyHash(key, prev, doc) : ChainLinks.hash(key, prev, doc);
    return hash.equals(doc.get(ChainLinks.HASH)) ? Outcome.HOLDS : Outcome.ALTERED;
  }

  /** The key of a head or anchor {@code doc}, or null (then noted as unverifiable). */
  ChainKey keyOf(Document doc, String what) {
    String kid = ChainLinks.keyIdOf(doc);
    ChainKey key = keys.find(kid).orElse(null);
    if (key == null) {
      note(what + " (key '" + kid + "')");
    }
    return key;
  }

  /** The key of a checkpoint, or null (then noted as unverifiable). */
  ChainKey keyOf(String kid, long seq) {
    ChainKey key = keys.find(kid).orElse(null);
    if (key == null) {
      note("the checkpoint of position " + seq + " (key '" + kid + "')");
    }
    return key;
  }

  private void unknownKeyAt(long seq, String kid) {
    if (firstUnverifiable == 0) {
      firstUnverifiable = seq;
    }
    if (kid.equals(rangeKey) && seq == rangeTo + 1) {
      rangeTo = seq;
      return;
    }
    closeRange();
    rangeFrom = seq;
    rangeTo = seq;
    rangeKey = kid;
  }

  private void closeRange() {
    if (rangeKey != null) {
      String positions = rangeFrom == rangeTo ? "" + rangeFrom : rangeFrom + "-" + rangeTo;
      unverifiable.add("positions " + positions + " (key '" + rangeKey + "')");
      rangeKey = null;
    }
  }

  private void note(String what) {
    unverifiable.add(what);
  }

  /** Whether anything could not be verified. */
  boolean incomplete() {
    closeRange();
    return !unverifiable.isEmpty();
  }

  /** The first link that could not be verified, or 0. */
  long firstUnverifiable() {
    return firstUnverifiable;
  }

  /** A sentence naming what could not be verified, or "" if everything could. */
  String report() {
    return incomplete()
        ? " Not verifiable, their key is not in the key ring: "
            + String.join(", ", unverifiable)
            + "."
        : "";
  }
}
