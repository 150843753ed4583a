package org.phirecords.internal.posture;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.config.RecordsConfig.Store;
import org.phirecords.internal.config.RecordsMode;
import org.phirecords.internal.config.StoreSettings;
import org.phirecords.internal.crypto.KmsSettings;
import org.phirecords.internal.crypto.TenantMasterKeys;
import org.phirecords.internal.security.Priorities;

/**
 * Runs the posture check when the application starts. In production a failed check stops the
 * deployment and, unless {@code records.startup.exit-on-refusal=false}, the process (ADR 49);
 * development mode must be asked for ({@code records.mode=development}) and says so loudly in the
 * log.
 */
@ApplicationScoped
public class StartupPosture {
  private static final Logger LOG = Logger.getLogger(StartupPosture.class.getName());

  private RecordsConfig config;

  /** For CDI. */
  protected StartupPosture() {}

  /** Checks {@code config}. */
  @Inject
  public StartupPosture(RecordsConfig config) {
    this.config = config;
  }

  void onStart(
      @Observes @Initialized(ApplicationScoped.class) @Priority(Priorities.STARTUP_POSTURE)
          Object ignored) {
    RecordsMode mode = config.mode();
    Map<Store, StoreSettings> stores = new EnumMap<>(Store.class);
    for (Store store : Store.values()) {
      stores.put(store, config.store(store));
    }
    List<String> problems = new java.util.ArrayList<>();
    boolean developmentKey = true;
    boolean tenantMasterKeys = false;
    try {
      KmsSettings kms = KmsSettings.from(config::value);
      developmentKey = kms.developmentKey();
      tenantMasterKeys = TenantMasterKeys.from(config::value, kms).enabled();
    } catch (KmsSettings.Invalid e) {
      problems.add("crypto: " + e.getMessage());
    }
    try {
      if (mode == RecordsMode.PRODUCTION
          && org.phirecords.internal.audit.chain.ChainKeys.from(config::value)
              .active()
              .development()) {
        problems.add(
            "audit: production refuses the development audit chain key;"
                + " set records.audit.chain-key-file");
      }
    } catch (IllegalStateException e) {
      problems.add("audit: " + e.getMessage());
    }
    problems.addAll(
        PostureCheck.problems(
            mode, stores, developmentKey, config.value("mp.jwt.verify.issuer").orElse(null)));
    problems.addAll(
        PostureCheck.audienceProblems(mode, config.value("mp.jwt.verify.audiences").orElse(null)));
    boolean exit = true;
    try {
      exit = RefusalExit.enabled(mode, config.value("records.startup.exit-on-refusal"));
    } catch (IllegalStateException e) {
      problems.add("startup: records.startup.exit-on-refusal must be true or false");
    }
    if (!problems.isEmpty()) {
      String report = String.join("; ", problems);
      LOG.severe("PHI Records refuses to start: " + report);
      if (exit) {
        RefusalExit.exitLater(report);
      }
      throw new IllegalStateException("PHI Records refuses to start: " + report);
    }
    if (mode == RecordsMode.DEVELOPMENT) {
      LOG.warning(
          "\n*****************************************************************\n"
              + "*  PHI Records is running in DEVELOPMENT MODE.                  *\n"
              + "*  MongoDB without TLS/credentials is allowed. Never use this   *\n"
              + "*  mode with real patient data.                                 *\n"
              + "*****************************************************************");
    } else {
      LOG.info("PHI Records started in production mode; posture check passed");
      PostureCheck.warnings(mode, stores, tenantMasterKeys).forEach(LOG::warning);
      if (config.value("records.audit.checkpoint.path").isEmpty()) {
        // Not refused: an embedder's own AuditSink may keep the checkpoints instead.
        LOG.warning(
            "audit: no records.audit.checkpoint.path; unless an AuditSink of yours keeps the"
                + " chain checkpoints, a chain cut back to an older sealed head goes undetected");
      }
    }
  }
}
