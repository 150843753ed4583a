package org.phirecords.internal.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Every {@code records.*} setting in one place, read through MicroProfile Config (so {@code
 * RECORDS_MONGODB_URI} in the environment sets {@code records.mongodb.uri}). Per-store URIs and
 * database names default to the shared ones.
 */
@ApplicationScoped
public class RecordsConfig {
  /** The data stores, each with its own connection setting. */
  public enum Store {
    IDENTITY("phi_identity"),
    CLINICAL("phi_clinical"),
    AUDIT("phi_audit"),
    TENANTS("phi_tenants"),
    KEYS("phi_keys");

    private final String defaultDatabase;

    Store(String defaultDatabase) {
      this.defaultDatabase = defaultDatabase;
    }

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private Config config;
  private java.util.function.Function<String, Optional<String>> values;

  /** For CDI. */
  protected RecordsConfig() {}

  /** Reads from {@code config}. */
  @Inject
  public RecordsConfig(Config config) {
    this.config = config;
  }

  /**
   * Reads from {@code values} (command-line tools, which run outside a container): keys as in
   * MicroProfile Config.
   */
  public static RecordsConfig of(java.util.function.Function<String, Optional<String>> values) {
    RecordsConfig config = new RecordsConfig();
    config.values = values;
    return config;
  }

  private Optional<String> get(String key) {
    Optional<String> value =
        values != null ? values.apply(key) : config.getOptionalValue(key, String.class);
    return value.map(String::trim).filter(s -> !s.isEmpty());
  }

  /** {@code records.mode}: production (default) or development. */
  public RecordsMode mode() {
    return get("records.mode")
        .map(v -> RecordsMode.valueOf(v.toUpperCase(Locale.ROOT)))
        .orElse(RecordsMode.PRODUCTION);
  }

  /** {@code records.mongodb.uri}: the shared connection string, if set. */
  public Optional<String> sharedUri() {
    return get("records.mongodb.uri");
  }

  /** Connection string and database of {@code store}. */
  public StoreSettings store(Store store) {
    String prefix = "records.mongodb." + store.key();
    String uri = get(prefix + ".uri").or(this::sharedUri).orElse("");
    String database = get(prefix + ".database").orElse(store.defaultDatabase);
    return new StoreSettings(uri, database);
  }

  /**
   * {@code records.jwt.tenant-claim}: the token claim naming the tenant (default {@code tenant}).
   */
  public String tenantClaim() {
    return get("records.jwt.tenant-claim").orElse("tenant");
  }

  /** {@code records.jwt.purpose-claim}: the claim stating the purpose of use. */
  public String purposeClaim() {
    return get("records.jwt.purpose-claim").orElse("purpose_of_use");
  }

  /** Any {@code records.*} value, for settings read by their own component. */
  public Optional<String> value(String key) {
    return get(key);
  }

  /** The whole seconds of {@code key}, or {@code fallback} when it is not set. */
  public java.time.Duration seconds(String key, java.time.Duration fallback) {
    return value(key).map(Long::parseLong).map(java.time.Duration::ofSeconds).orElse(fallback);
  }

  /** {@code records.crypto.ciphertext}: {@code native} (default) or {@code subtype0}. */
  public String ciphertextRepresentation() {
    return get("records.crypto.ciphertext").orElse("native");
  }

  /**
   * {@code records.tenant.offboarding-cooling-off-hours}: how long an approved offboarding waits,
   * cancellable, before it may start (default 24 in production, 0 in development).
   */
  public java.time.Duration offboardingCoolingOff() {
    int hours =
        get("records.tenant.offboarding-cooling-off-hours")
            .map(Integer::parseInt)
            .orElse(mode() == RecordsMode.PRODUCTION ? 24 : 0);
    if (hours < 0) {
      throw new IllegalStateException("records.tenant.offboarding-cooling-off-hours must be >= 0");
    }
    return java.time.Duration.ofHours(hours);
  }

  /**
   * {@code records.tenant.mapping-approval-hours}: how long a group-mapping change that grants a
   * PHI role waits for a second administrator's approval before it lapses (default 72).
   */
  public java.time.Duration mappingApprovalWindow() {
    int hours = get("records.tenant.mapping-approval-hours").map(Integer::parseInt).orElse(72);
    if (hours < 1) {
      throw new IllegalStateException("records.tenant.mapping-approval-hours must be >= 1");
    }
    return java.time.Duration.ofHours(hours);
  }

  /**
   * {@code records.import.max-bundle-bytes}: largest FHIR Bundle {@code POST /api/fhir} accepts
   * (default 8 MiB; ADR 37).
   */
  public int maxBundleBytes() {
    return get("records.import.max-bundle-bytes").map(Integer::parseInt).orElse(8 << 20);
  }

  /** {@code records.request.max-body-bytes}: largest accepted request body (default 64 KiB). */
  public int maxBodyBytes() {
    return get("records.request.max-body-bytes").map(Integer::parseInt).orElse(65_536);
  }
}
