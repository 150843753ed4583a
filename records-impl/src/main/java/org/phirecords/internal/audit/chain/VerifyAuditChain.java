package org.phirecords.internal.audit.chain;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import org.phirecords.audit.ChainVerification;
import org.phirecords.internal.store.PlatformAccess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command-line verification of an audit chain, for operators and auditors:
 *
 * <pre>
 * mvn -q -pl records-impl exec:java -Dexec.mainClass=org.phirecords.internal.audit.chain.VerifyAuditChain \
 *   -Dexec.args="--uri mongodb://... --chain TENANT --key-file FILE [--key-id ID] [--key ID=FILE]...
 *   [--checkpoints FILE]... [--from ISO] [--to ISO]"
 * </pre>
 *
 * Exits 0 if every link holds, 1 if one is broken, 2 on bad arguments, 3 if the chain could not be
 * read. Its command line is picocli's, an optional dependency of records-impl: the WARs do not
 * carry it, and the tool runs from this module's own class path.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "VerifyAuditChain",
    sortOptions = false,
    description = "Verifies one tenant's hash-chained audit trail (or the platform's).",
    exitCodeOnExecutionException = VerifyAuditChain.UNREADABLE,
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every link holds",
      "1:a link is broken (the result names where)",
      "2:bad arguments",
      "3:the chain could not be read (store, key file)"
    })
public final class VerifyAuditChain implements Callable<Integer> {
  /** Exit code: the chain could not be read. */
  static final int UNREADABLE = 3;

  private static final Logger OUT = Logger.getLogger(VerifyAuditChain.class.getName());

  @Option(
      names = "--uri",
      required = true,
      paramLabel = "URI",
      description = "Connection string of the audit store.")
  String uri;

  @Option(
      names = "--chain",
      required = true,
      paramLabel = "TENANT|_platform",
      description = "The chain: a tenant id, or _platform.")
  String chain;

  @Mixin ChainKeyOptions chainKeys;

  @Option(
      names = "--checkpoints",
      paramLabel = "FILE",
      description =
          "A JSON-lines file of the chains' checkpoints, read with its rotated FILE.1, FILE.2..."
              + " (repeatable). Without it, a chain cut back to an older sealed head passes.")
  List<Path> checkpoints = new ArrayList<>();

  @Option(
      names = "--database",
      paramLabel = "NAME",
      defaultValue = "phi_audit",
      description = "The audit database (default: ${DEFAULT-VALUE}).")
  String database;

  @Option(
      names = "--from",
      paramLabel = "ISO-INSTANT",
      description = "Verify events from this instant on.")
  Instant from;

  @Option(
      names = "--to",
      paramLabel = "ISO-INSTANT",
      description = "Verify events up to this instant.")
  Instant to;

  /** Entry point; exits with the code of {@link #run}. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool with {@code args}; returns the exit code. */
  static int run(String... args) {
    return new CommandLine(new VerifyAuditChain()).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    ChainKeys keys = chainKeys.keys();
    try (MongoClient client = MongoClients.create(uri)) {
      var audit = PlatformAccess.audit(client.getDatabase(database));
      ChainVerification result =
          new AuditChainVerifier(audit.events(), audit.heads(), audit.anchors(), keys)
              .withCheckpoints(c -> CheckpointLines.read(checkpoints, c))
              .verify(chain, from, to);
      OUT.info(result.toString());
      return result.valid() ? 0 : 1;
    }
  }
}
