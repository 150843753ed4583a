package org.phirecords.internal.integrity;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;
import org.phirecords.audit.AuditEvent;
import org.phirecords.internal.audit.chain.ChainKeyOptions;
import org.phirecords.internal.audit.chain.ChainKeys;
import org.phirecords.internal.audit.chain.ChainSettings;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.store.MongoStores;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.IntegrityReport;
import org.phirecords.model.TenantId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command-line integrity pass over one tenant's stored records, for operators (ADR 23):
 *
 * <pre>
 * mvn -q -pl records-impl exec:java -Dexec.mainClass=org.phirecords.internal.integrity.CheckRecordIntegrity \
 *   -Dexec.args="--uri mongodb://... --tenant TENANT --key-file FILE [--key-id ID] [--key ID=FILE]...
 *   [--setting records.mongodb.audit.uri=...]... [--max N] [--seal-missing --operator NAME]"
 * </pre>
 *
 * The chain keys are the module's: the integrity keys derive from them. The pass (and a backfill)
 * is audited in the tenant's chain. Exits 0 if no record changed at rest (records without a digest
 * are listed, not failed), 1 if one did, 2 on bad arguments, 3 if the store could not be read.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "CheckRecordIntegrity",
    sortOptions = false,
    description = "Compares a tenant's stored records with their keyed digests (ADR 23).",
    exitCodeOnExecutionException = CheckRecordIntegrity.UNREADABLE,
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:no record changed at rest",
      "1:records changed at rest (listed by id)",
      "2:bad arguments",
      "3:the store could not be read"
    })
public final class CheckRecordIntegrity implements Callable<Integer> {
  /** Exit code: the store could not be read. */
  static final int UNREADABLE = 3;

  private static final Logger OUT = Logger.getLogger(CheckRecordIntegrity.class.getName());

  @Option(names = "--uri", required = true, description = "The shared connection string.")
  String uri;

  @Option(
      names = "--setting",
      paramLabel = "KEY=VALUE",
      description =
          "A records.mongodb.* setting of the module, e.g. a store's own uri (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--tenant", required = true, description = "The tenant to check.")
  String tenant;

  @Mixin ChainKeyOptions chainKeys;

  @Option(
      names = "--max",
      defaultValue = "100",
      description = "The most findings to list (default: ${DEFAULT-VALUE}).")
  int max;

  @Option(
      names = "--seal-missing",
      description = "After the pass, seal the records that carry no digest (a one-time backfill).")
  boolean sealMissing;

  @Option(
      names = "--operator",
      paramLabel = "NAME",
      description = "Who runs the backfill, as audited (required with --seal-missing).")
  String operator;

  /** Entry point; exits with the code of {@link #run}. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool with {@code args}; returns the exit code. */
  static int run(String... args) {
    return new CommandLine(new CheckRecordIntegrity()).execute(args);
  }

  @Override
  public Integer call() {
    if (sealMissing && (operator == null || !operator.matches("[A-Za-z0-9._@-]{1,64}"))) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--seal-missing needs --operator (1 to 64 of A-Z a-z 0-9 . _ @ -)");
    }
    ChainKeys keys = chainKeys.keys();
    Map<String, String> values = new LinkedHashMap<>(settings);
    values.put("records.mongodb.uri", uri);
    MongoStores stores = new MongoStores(RecordsConfig.of(k -> Optional.ofNullable(values.get(k))));
    try {
      TenantCollections collections = new TenantCollections(stores);
      AuditTrail trail =
          new AuditTrail(
              collections, new Unobserved(), new ChainSettings(keys, null, java.util.List.of()));
      TenantId id = new TenantId(tenant);
      IntegrityReport report = new IntegrityPass(collections, trail.recordSeals()).run(id, max);
      IntegrityPass.audit(
          trail, id, "system:integrity-cli", "RecordIntegrity.commandLineCheck", report.changed());
      OUT.info(
          "checked "
              + report.checked()
              + " records of tenant "
              + tenant
              + ": "
              + report.counts()
              + (report.truncated() ? " (findings truncated)" : ""));
      report.findings().forEach(f -> OUT.info(f.toString()));
      if (sealMissing) {
        long sealed =
            new IntegrityBackfill(collections, trail).sealMissing(id, "operator:" + operator);
        OUT.info("sealed " + sealed + " records that carried no digest");
      }
      return report.changed() == 0 ? 0 : 1;
    } finally {
      stores.close();
    }
  }

  /** Outside a container nobody observes stored events: the trail's event sink does nothing. */
  public static final class Unobserved implements Event<AuditEvent> {
    @Override
    public void fire(AuditEvent event) {}

    @Override
    public <U extends AuditEvent> CompletionStage<U> fireAsync(U event) {
      return CompletableFuture.completedFuture(event);
    }

    @Override
    public <U extends AuditEvent> CompletionStage<U> fireAsync(
        U event, NotificationOptions options) {
      return CompletableFuture.completedFuture(event);
    }

    @Override
    public Event<AuditEvent> select(Annotation... qualifiers) {
      return this;
    }

    @Override
    public <U extends AuditEvent> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends AuditEvent> Event<U> select(
        TypeLiteral<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }
  }
}
