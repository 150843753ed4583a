package org.phirecords.internal.audit.chain;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The key ring of the audit chains: the active key, which seals new links, heads, anchors and
 * checkpoints, and retired keys, which only verify what they sealed. Each link names its key's id,
 * so the key can be rotated without rewriting the trail. Retired keys come from {@code
 * records.audit.chain-keys}: comma-separated {@code ID=FILE} entries (files as for the active key).
 */
public final class ChainKeys {
  private final ChainKey active;
  private final Map<String, ChainKey> byId;

  private ChainKeys(ChainKey active, Map<String, ChainKey> byId) {
    this.active = active;
    this.byId = Map.copyOf(byId);
  }

  /** A ring of {@code active} and {@code retired} keys. */
  public static ChainKeys of(ChainKey active, ChainKey... retired) {
    Map<String, ChainKey> byId = new LinkedHashMap<>();
    for (ChainKey key : retired) {
      byId.put(key.id(), key);
    }
    byId.put(active.id(), active);
    return new ChainKeys(active, byId);
  }

  /** The configured ring (see the class comment and {@link ChainKey#from}). */
  public static ChainKeys from(Function<String, Optional<String>> config) {
    ChainKey active = ChainKey.from(config);
    Map<String, ChainKey> byId = new LinkedHashMap<>();
    for (String entry : config.apply("records.audit.chain-keys").orElse("").split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq < 1) {
        throw new IllegalStateException("records.audit.chain-keys takes ID=FILE entries");
      }
      String id = entry.substring(0, eq).trim();
      byId.put(id, ChainKey.fromFile(id, Path.of(entry.substring(eq + 1).trim())));
    }
    byId.put(active.id(), active);
    return new ChainKeys(active, byId);
  }

  /** The key that seals what is written now. */
  public ChainKey active() {
    return active;
  }

  /** The key named {@code id}, if the ring holds it. */
  public Optional<ChainKey> find(String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  @Override
  public String toString() {
    return "ChainKeys[active " + active.id() + ", " + byId.keySet() + "]";
  }
}
