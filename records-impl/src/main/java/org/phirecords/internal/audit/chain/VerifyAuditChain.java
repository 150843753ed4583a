package org.phirecords.internal.audit.chain;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.phirecords.audit.ChainVerification;
import org.phirecords.internal.store.PlatformAccess;

/**
 * Command-line verification of an audit chain, for operators and auditors:
 *
 * <pre>
 * mvn -q -pl records-impl exec:java -Dexec.mainClass=org.phirecords.internal.audit.chain.VerifyAuditChain \
 *   -Dexec.args="--uri mongodb://... --chain TENANT --key-file FILE [--from ISO] [--to ISO]"
 * </pre>
 *
 * Exits 0 if every link holds, 1 if one is broken, 2 on bad arguments.
 */
public final class VerifyAuditChain {
  private static final Logger OUT = Logger.getLogger(VerifyAuditChain.class.getName());

  private VerifyAuditChain() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    if (!options.containsKey("--uri") || !options.containsKey("--chain")) {
      OUT.severe(
          "usage: --uri URI --chain TENANT|_platform [--key-file FILE] [--database phi_audit]"
              + " [--from ISO-INSTANT] [--to ISO-INSTANT]");
      System.exit(2);
    }
    ChainKey key =
        options.containsKey("--key-file")
            ? ChainKey.of(
                Base64.getDecoder()
                    .decode(Files.readString(Path.of(options.get("--key-file"))).trim()))
            : ChainKey.from(k -> java.util.Optional.empty());
    try (MongoClient client = MongoClients.create(options.get("--uri"))) {
      var audit =
          PlatformAccess.audit(client.getDatabase(options.getOrDefault("--database", "phi_audit")));
      ChainVerification result =
          new AuditChainVerifier(audit.events(), audit.heads(), audit.anchors(), key)
              .verify(
                  options.get("--chain"),
                  options.containsKey("--from") ? Instant.parse(options.get("--from")) : null,
                  options.containsKey("--to") ? Instant.parse(options.get("--to")) : null);
      OUT.info(result.toString());
      System.exit(result.valid() ? 0 : 1);
    }
  }
}
