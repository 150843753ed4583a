package org.phirecords.internal.migration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import org.phirecords.internal.audit.chain.ChainKeyOptions;
import org.phirecords.internal.audit.chain.ChainSettings;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.integrity.CheckRecordIntegrity;
import org.phirecords.internal.store.MongoStores;
import org.phirecords.internal.store.TenantCollections;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command-line data migrations, for operators (ADR 52):
 *
 * <pre>
 * mvn -q -pl records-impl exec:java -Dexec.mainClass=org.phirecords.internal.migration.MigrateData \
 *   -Dexec.args="--uri mongodb://... --key-file FILE [--key-id ID] [--key ID=FILE]...
 *   [--setting records.mongodb.audit.uri=...]... [--lease-seconds N] [--pending]"
 * </pre>
 *
 * The chain keys are the module's: rewritten records are sealed with keys derived from them, and
 * every step is audited in the chains. Exits 0 when every migration is done, 1 if another run holds
 * the lock, 2 on bad arguments, 3 if the store failed or the lease was lost (run it again: it
 * resumes).
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "MigrateData",
    sortOptions = false,
    description = "Applies the module's pending data migrations (ADR 52).",
    exitCodeOnExecutionException = MigrateData.FAILED,
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every migration done",
      "1:another run holds the migration lock",
      "2:bad arguments",
      "3:the store failed or the lease was lost (run again to resume)"
    })
public final class MigrateData implements Callable<Integer> {
  /** Exit code: another run holds the lock. */
  static final int HELD = 1;

  /** Exit code: the store failed, or the lease was lost. */
  static final int FAILED = 3;

  private static final Logger OUT = Logger.getLogger(MigrateData.class.getName());

  @Option(names = "--uri", required = true, description = "The shared connection string.")
  String uri;

  @Option(
      names = "--setting",
      paramLabel = "KEY=VALUE",
      description =
          "A records.mongodb.* setting of the module, e.g. a store's own uri (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  @Mixin ChainKeyOptions chainKeys;

  @Option(
      names = "--lease-seconds",
      defaultValue = "60",
      description = "The lock's lease, renewed with each batch (default: ${DEFAULT-VALUE}).")
  long leaseSeconds;

  @Option(
      names = "--batch",
      defaultValue = "100",
      description = "Documents read per query (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--pending", description = "Only list the pending migrations.")
  boolean pendingOnly;

  /** Entry point; exits with the code of {@link #run}. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool with {@code args}; returns the exit code. */
  static int run(String... args) {
    return new CommandLine(new MigrateData()).execute(args);
  }

  @Override
  public Integer call() {
    if (leaseSeconds < 1 || leaseSeconds > 3600 || batch < 1 || batch > 10_000) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--lease-seconds: 1 to 3600; --batch: 1 to 10000");
    }
    Map<String, String> values = new LinkedHashMap<>(settings);
    values.put("records.mongodb.uri", uri);
    MongoStores stores = new MongoStores(RecordsConfig.of(k -> Optional.ofNullable(values.get(k))));
    try {
      TenantCollections collections = new TenantCollections(stores);
      AuditTrail trail =
          new AuditTrail(
              collections,
              new CheckRecordIntegrity.Unobserved(),
              new ChainSettings(chainKeys.keys(), null, List.of()));
      MigrationRunner runner =
          MigrationRunner.of(collections, trail, Duration.ofSeconds(leaseSeconds), batch);
      if (pendingOnly) {
        OUT.info("pending migrations: " + runner.pending());
        return 0;
      }
      MigrationRunner.Outcome outcome = runner.run();
      OUT.info(
          "data migrations: "
              + outcome.status()
              + " "
              + outcome.applied()
              + ", "
              + outcome.changed()
              + " documents changed");
      return outcome.status() == MigrationRunner.Status.HELD ? HELD : 0;
    } finally {
      stores.close();
    }
  }
}
