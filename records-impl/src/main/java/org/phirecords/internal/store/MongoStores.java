package org.phirecords.internal.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.config.RecordsConfig.Store;
import org.phirecords.internal.config.RecordsMode;
import org.phirecords.internal.config.StoreSettings;
import org.phirecords.internal.meter.CommandMeter;

/**
 * One {@link MongoClient} per distinct connection string, so that identity data can live on its own
 * cluster. Package-private access to databases: only this package opens collections. Every client
 * it builds (the key vault's included) reports its commands to one {@link CommandMeter} ({@link
 * StoreCommandMetrics}).
 */
@ApplicationScoped
public class MongoStores {
  private static final int DEFAULT_TIMEOUT_MS = 5_000;

  private final Map<String, MongoClient> clients = new ConcurrentHashMap<>();

  /**
   * Each store's database, resolved from the configuration (URI and database name) on first use and
   * kept: every collection handle starts here, and reading MicroProfile Config each time cost a
   * secured request about 2% of its CPU (benchmarks/results/HISTORY.md). Changing a store's
   * configuration takes a restart.
   */
  private final Map<Store, MongoDatabase> databases = new ConcurrentHashMap<>();

  private RecordsConfig config;
  private CommandMeter meter;
  private CommandListener listener;

  /** For CDI. */
  protected MongoStores() {}

  /** Stores as configured. */
  @Inject
  public MongoStores(RecordsConfig config) {
    this.config = config;
    this.meter = meterOf(config);
  }

  /**
   * A meter that counts; in development mode with {@code records.mongodb.command-shapes} set, it
   * also records each command's shape in that file (the sharding test's channel; ignored in
   * production).
   */
  private static CommandMeter meterOf(RecordsConfig config) {
    return config
        .value(CommandShapeFile.KEY)
        .filter(path -> config.mode() == RecordsMode.DEVELOPMENT)
        .map(path -> new CommandMeter(new CommandShapeFile(path), TenantScopedCollection.TENANT))
        .orElseGet(CommandMeter::new);
  }

  /** The meter every client of these stores reports its commands to. */
  public CommandMeter meter() {
    return meter;
  }

  /** As above, every client also telling {@code listener} of its commands (tests count them). */
  public MongoStores(RecordsConfig config, CommandListener listener) {
    this(config);
    this.listener = listener;
  }

  MongoDatabase database(Store store) {
    return databases.computeIfAbsent(
        store, s -> clients.computeIfAbsent(uri(s), this::open).getDatabase(databaseName(s)));
  }

  String databaseName(Store store) {
    return config.store(store).database();
  }

  private String uri(Store store) {
    StoreSettings settings = config.store(store);
    if (settings.uri().isEmpty()) {
      throw new IllegalStateException("records.mongodb.uri is not configured");
    }
    return settings.uri();
  }

  /** Client settings for {@code store}, for clients the driver opens itself (key vault). */
  MongoClientSettings settings(Store store) {
    return settingsOf(uri(store));
  }

  /** Names of the stores that do not answer a ping; empty when all are reachable. */
  public java.util.List<String> unreachable() {
    return unreachable(java.util.List.of(Store.values()));
  }

  /** Names of those of {@code stores} that do not answer a ping; empty when all are reachable. */
  public java.util.List<String> unreachable(java.util.Collection<Store> stores) {
    java.util.List<String> down = new java.util.ArrayList<>();
    for (Store store : stores) {
      try {
        database(store).runCommand(new org.bson.Document("ping", 1));
      } catch (RuntimeException e) {
        down.add(store.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return down;
  }

  private MongoClient open(String uri) {
    return MongoClients.create(settingsOf(uri));
  }

  private MongoClientSettings settingsOf(String uri) {
    ConnectionString cs = new ConnectionString(uri);
    MongoClientSettings.Builder builder =
        MongoClientSettings.builder()
            .applyConnectionString(cs)
            .applicationName("phi-records")
            .addCommandListener(meter);
    // Fail fast (503) instead of the driver's 30 s default when a store is down.
    if (cs.getServerSelectionTimeout() == null) {
      builder.applyToClusterSettings(
          c -> c.serverSelectionTimeout(DEFAULT_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }
    if (cs.getConnectTimeout() == null) {
      builder.applyToSocketSettings(
          s -> s.connectTimeout(DEFAULT_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }
    if (cs.getSocketTimeout() == null) {
      // Bounded, so no write is still in flight when the reconciler looks at it (after 1 min).
      builder.applyToSocketSettings(s -> s.readTimeout(30, TimeUnit.SECONDS));
    }
    if (listener != null) {
      builder.addCommandListener(listener);
    }
    return builder.build();
  }

  /** Closes every client. */
  @PreDestroy
  public void close() {
    clients.values().forEach(MongoClient::close);
    clients.clear();
    databases.clear();
  }
}
