package org.phirecords.internal.fhirimport;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.clinical.ClinicalRepository;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.patient.PatientMaintenance;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.internal.tenant.TenantRepository;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;

/**
 * All or nothing for transaction Bundles without MongoDB transactions (ADR 37): a transaction's
 * intent (the ids it may write) is stored before its first write; it is committed by removing the
 * intent, unless recovery claimed it first. Recovery rolls back: it removes what the transaction
 * wrote (documents carrying its id, never others) and audits the removal. It runs in the request
 * that failed, and after a crash at start-up and every minute for intents older than {@code
 * records.import.transaction-timeout-seconds} (default 300).
 */
@ApplicationScoped
public class ImportTransactions {
  private static final Logger LOG = Logger.getLogger(ImportTransactions.class.getName());

  private TenantCollections collections;
  private AuditTrail trail;
  private Duration timeout;

  /** For CDI. */
  protected ImportTransactions() {}

  /** Transactions over {@code collections}, rollbacks audited into {@code trail}. */
  @Inject
  public ImportTransactions(TenantCollections collections, AuditTrail trail, RecordsConfig config) {
    this.collections = collections;
    this.trail = trail;
    this.timeout =
        config.seconds("records.import.transaction-timeout-seconds", Duration.ofMinutes(5));
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    runOnce();
    try {
      ManagedScheduledExecutorService scheduler =
          javax.naming.InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
      scheduler.scheduleWithFixedDelay(this::runOnce, 1, 1, TimeUnit.MINUTES);
    } catch (javax.naming.NamingException | RuntimeException e) {
      LOG.warning("no container scheduler: import recovery runs at start-up only");
    }
  }

  private void runOnce() {
    try {
      int rolledBack = recover(timeout);
      if (rolledBack > 0) {
        LOG.warning("import recovery: " + rolledBack + " interrupted transaction(s) rolled back");
      }
    } catch (RuntimeException e) {
      LOG.warning("import recovery skipped: " + e.getClass().getName());
    }
  }

  /**
   * Commits transaction {@code job} of {@code tenant}: removes its intent unless recovery claimed
   * it; false if it did (the caller must then roll back what it wrote since, and fail).
   */
  public boolean commit(TenantId tenant, String job) {
    return ImportJobRepository.commit(collections, tenant, job);
  }

  /** Rolls back every transaction whose intent is older than {@code age}; how many. */
  public int recover(Duration age) {
    int rolledBack = 0;
    Instant before = Instant.now().minus(age);
    TenantRepository registry = new TenantRepository(collections);
    Optional<TenantId> after = Optional.empty();
    while (true) {
      List<TenantRegistration> page = registry.page(after, 500);
      for (TenantRegistration tenant : page) {
        for (Document intent :
            ImportJobRepository.startedBefore(collections, tenant.id(), before)) {
          rollBack(tenant.id(), intent.getString(ImportJobRepository.JOB));
          rolledBack++;
        }
      }
      if (page.size() < 500) {
        return rolledBack;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
  }

  /**
   * Rolls back transaction {@code job} of {@code tenant}: claims its intent, removes the patients
   * and entry versions it wrote, audits that as a DELETE of the import with the count, and removes
   * the intent. Idempotent: an interrupted rollback is completed by the next.
   */
  public void rollBack(TenantId tenant, String job) {
    Optional<Document> intent = ImportJobRepository.claim(collections, tenant, job);
    if (intent.isEmpty()) {
      return;
    }
    Document d = intent.get();
    long removed =
        ClinicalRepository.rollBackImport(
                collections,
                tenant,
                d.getList(ImportJobRepository.ENTRIES, String.class, List.of()),
                job)
            + PatientMaintenance.rollBackImport(
                collections,
                tenant,
                d.getList(ImportJobRepository.PATIENTS, String.class, List.of()),
                job);
    trail.record(
        new Caller(
            "system:import-recovery",
            Optional.of(tenant),
            Set.of(),
            Optional.empty(),
            PurposeOfUse.OPERATIONS,
            "local"),
        AuditAction.DELETE,
        ResourceType.IMPORT_JOB,
        job,
        null,
        AuditOutcome.SUCCESS,
        "FhirImport.rollBack",
        (int) removed);
    ImportJobRepository.close(collections, tenant, job);
  }
}
