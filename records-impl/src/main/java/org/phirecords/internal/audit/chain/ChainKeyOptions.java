package org.phirecords.internal.audit.chain;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The chain key options of the command-line tools (a picocli mixin): the active key, its id, and
 * the retired keys that sealed older links and records. Without a key file, the development key.
 */
public final class ChainKeyOptions {
  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description = "The active chain key (base64); without it, the development key.")
  Path keyFile;

  @Option(
      names = "--key-id",
      paramLabel = "ID",
      defaultValue = ChainKey.DEFAULT_ID,
      description = "The id of the key in --key-file (default: ${DEFAULT-VALUE}).")
  String keyId;

  @Option(
      names = "--key",
      paramLabel = "ID=FILE",
      description = "A retired chain key that sealed older links and records (repeatable).")
  Map<String, Path> retiredKeys = new LinkedHashMap<>();

  /** The key ring these options name. */
  public ChainKeys keys() {
    ChainKey active =
        keyFile != null
            ? ChainKey.fromFile(keyId, keyFile)
            : ChainKey.from(
                k ->
                    k.equals("records.audit.chain-key-id") ? Optional.of(keyId) : Optional.empty());
    return ChainKeys.of(
        active,
        retiredKeys.entrySet().stream()
            .map(e -> ChainKey.fromFile(e.getKey(), e.getValue()))
            .toArray(ChainKey[]::new));
  }
}
