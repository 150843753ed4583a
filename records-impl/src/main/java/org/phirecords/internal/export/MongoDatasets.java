package org.phirecords.internal.export;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.analytics.FreeTextScrubber;
import org.phirecords.internal.clinical.PatientEntries;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.crypto.DatasetPseudonyms;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.DatasetRequest;
import org.phirecords.model.DatasetStatus;
import org.phirecords.model.EntryType;
import org.phirecords.model.ExportFile;
import org.phirecords.model.ExportId;
import org.phirecords.model.ExportState;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.Datasets;

/**
 * {@link Datasets} on the bulk export's machinery (ADR 44): the job is an {@code export_jobs}
 * document of kind {@code dataset}, run, leased, resumed, sealed, expired and found only with its
 * requester as a bulk export is; what it writes is {@link DatasetContent}. The dataset's key is
 * drawn at creation, kept sealed under the tenant's key in the job, and removed once every file was
 * downloaded, on cancel, or with the job when it expires.
 */
@ApplicationScoped
public class MongoDatasets implements Datasets {
  static final String KEY = "params.key";
  static final String RELINKABLE = "relinkable";
  private static final int MAX_YEARS = 10;

  private Operations operations;
  private TenantCollections collections;
  private FreeTextProtection freeText;
  private RecordsConfig config;
  private ExportSettings settings;
  private ExportResumption resumption;
  private Executor executor;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected MongoDatasets() {}

  /** Datasets within the current operation, built on the container's managed executor. */
  @Inject
  public MongoDatasets(
      Operations operations,
      TenantCollections collections,
      IdentityProtection protection,
      FreeTextProtection freeText,
      RecordsConfig config) {
    this(operations, collections, protection, freeText, config, null, Clock.systemUTC());
  }

  /** The same, built on {@code executor} (null: the container's) with {@code clock} (tests). */
  public MongoDatasets(
      Operations operations,
      TenantCollections collections,
      IdentityProtection protection,
      FreeTextProtection freeText,
      RecordsConfig config,
      Executor executor,
      Clock clock) {
    this.operations = operations;
    this.collections = collections;
    this.freeText = freeText;
    this.config = config;
    this.settings = ExportSettings.of(config);
    this.executor = executor;
    this.clock = clock;
    ExportRun runs =
        new ExportRun(ExportKind.DATASET, this::content, protection, freeText, settings, clock);
    this.resumption =
        new ExportResumption(operations, collections, runs, settings, this::executor, clock);
  }

  private ExportContent content(Operation op, ExportRun.Plan plan) {
    Document p = plan.params();
    Object sealed = p.get("key");
    if (sealed == null) {
      throw new IllegalStateException("the dataset's key was destroyed");
    }
    String key = freeText.open(op.caller().tenant().orElseThrow(), sealed);
    return new DatasetContent(
        new DatasetContent.Params(
            LocalDate.parse(p.getString("from")),
            LocalDate.parse(p.getString("to")),
            Set.copyOf(p.getList("entryTypes", String.class)),
            "csv".equals(p.getString("format")),
            p.getBoolean("scrub", false),
            LocalDate.parse(p.getString("asOf"))),
        new PatientEntries(op, collections, freeText),
        DatasetPseudonyms.under(key));
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_DATASET)
  public DatasetStatus create(DatasetRequest request) {
    Operation op = operations.current();
    String format = request.format() == null ? "" : request.format().toLowerCase(Locale.ROOT);
    if (!format.equals("ndjson") && !format.equals("csv")) {
      op.record(AuditOutcome.INVALID, null, null, 0);
      throw new InvalidInputException(ErrorCode.DATASET_FORMAT, "/format", "ndjson or csv");
    }
    if (request.to().isBefore(request.from())
        || request.to().isAfter(request.from().plusYears(MAX_YEARS))) {
      op.record(AuditOutcome.INVALID, null, null, 0);
      throw new InvalidInputException(ErrorCode.DATASET_RANGE, "/to", "at most 10 years");
    }
    Instant now = clock.instant();
    ExportRepository jobs = new ExportRepository(op, ExportKind.DATASET);
    Caller caller = op.caller();
    if (jobs.running(caller, Date.from(now.minus(settings.stalled()))) >= settings.maxRunning()) {
      op.record(AuditOutcome.DENIED, null, null, 0);
      throw new RecordsException(ErrorCode.DATASET_TOO_MANY);
    }
    ExportId id = ExportId.random();
    String holder = ExportResumption.holder();
    String tenant = caller.tenant().orElseThrow().value();
    Document params =
        new Document("format", format)
            .append("from", request.from().toString())
            .append("to", request.to().toString())
            .append(
                "entryTypes", request.entryTypes().stream().map(EntryType::name).sorted().toList())
            .append("scrub", FreeTextScrubber.enabled(config, tenant))
            .append("asOf", LocalDate.ofInstant(now, ZoneOffset.UTC).toString())
            .append("key", freeText.seal(jobs.tenant(), DatasetPseudonyms.freshKey()))
            .append(RELINKABLE, request.relinkable());
    Document job =
        new Document(ExportRepository.ID, id.value())
            .append(ExportKind.FIELD, ExportKind.DATASET.name())
            .append("issuer", caller.issuer() == null ? "" : caller.issuer())
            .append("subject", caller.subject())
            .append(ExportRepository.STATE, ExportState.RUNNING.name())
            .append("types", FILES)
            .append("params", params)
            .append("transactionTime", Date.from(now))
            .append("done", 0L)
            .append("total", 0L)
            .append(ExportRepository.HEARTBEAT, Date.from(now))
            .append(
                "lease",
                new Document("holder", holder)
                    .append("until", Date.from(now.plus(settings.lease()))))
            .append("access", ExportAccess.of(caller, op.access(), java.util.Optional.empty()))
            .append(
                ExportRepository.EXPIRES,
                Date.from(now.plus(settings.maxRun()).plus(settings.fileLifetime())));
    jobs.insert(job);
    op.record(AuditOutcome.SUCCESS, id.value(), null, 0);
    resumption.start(
        caller,
        op.access(),
        new ExportRun.Plan(
            id,
            java.util.Optional.empty(),
            Set.copyOf(FILES),
            java.util.Optional.empty(),
            now,
            holder,
            java.util.Optional.empty(),
            0,
            params));
    return DatasetManifest.status(job, now, settings);
  }

  /** Claims and resumes the datasets whose run's lease lapsed (as bulk exports); how many. */
  public int resumeExpired() {
    return resumption.resumeExpired();
  }

  private Executor executor() {
    if (executor == null) {
      try {
        executor = javax.naming.InitialContext.doLookup("java:comp/DefaultManagedExecutorService");
      } catch (javax.naming.NamingException e) {
        throw new IllegalStateException("no managed executor for datasets", e);
      }
    }
    return executor;
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_DATASET)
  public DatasetStatus status(ExportId id) {
    Operation op = operations.current();
    Document job = visible(op, new ExportRepository(op, ExportKind.DATASET), id);
    return DatasetManifest.status(job, clock.instant(), settings);
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_DATASET)
  public ExportFile download(ExportId id, String name) {
    Operation op = operations.current();
    ExportRepository jobs = new ExportRepository(op, ExportKind.DATASET);
    Document job = visible(op, jobs, id);
    if (!ExportState.COMPLETED.name().equals(job.getString(ExportRepository.STATE))) {
      op.record(AuditOutcome.INVALID, id.value(), null, 0);
      throw new RecordsException(ErrorCode.DATASET_NOT_READY);
    }
    Document file = DatasetManifest.file(job, name);
    if (file == null) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), null, 0);
      throw new RecordsException(ErrorCode.DATASET_FILE);
    }
    Document marked =
        jobs.markDownloaded(id, op.caller(), name, Date.from(clock.instant())).orElse(null);
    if (marked == null) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), null, 0);
      throw new RecordsException(ErrorCode.DATASET_GONE);
    }
    if (DatasetManifest.allDownloaded(marked)
        && !job.get("params", Document.class).getBoolean(RELINKABLE, false)) {
      jobs.unset(id, KEY); // no re-linking: the research ids can no longer be traced back
    }
    long count = file.get("count", Number.class).longValue();
    int parts = file.getInteger("parts");
    op.record(AuditOutcome.SUCCESS, id.value(), null, (int) count);
    return new ExportFile(name, count, () -> once(jobs, id, name, parts));
  }

  /** The file's parts in order; once the last was read they are removed. */
  private Iterator<String> once(ExportRepository jobs, ExportId id, String name, int parts) {
    ExportParts read = new ExportParts(jobs, freeText, id, name, parts);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (read.hasNext()) {
          return true;
        }
        jobs.dropPartsFrom(id, name, 0);
        return false;
      }

      @Override
      public String next() {
        return read.next();
      }
    };
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_DATASET)
  public void cancel(ExportId id) {
    Operation op = operations.current();
    ExportRepository jobs = new ExportRepository(op, ExportKind.DATASET);
    visible(op, jobs, id);
    jobs.unset(id, KEY);
    jobs.end(id, ExportRepository.DELETED, List.of());
    op.record(
        AuditAction.DELETE,
        ResourceType.ANALYTICS_DATASET,
        AuditOutcome.SUCCESS,
        id.value(),
        null,
        0);
  }

  /** Dataset {@code id} of the caller, neither cancelled nor expired; else 404 or 410, audited. */
  private Document visible(Operation op, ExportRepository jobs, ExportId id) {
    Document job =
        jobs.find(id, op.caller())
            .filter(j -> !ExportRepository.DELETED.equals(j.getString(ExportRepository.STATE)))
            .orElse(null);
    if (job == null) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), null, 0);
      throw new RecordsException(ErrorCode.DATASET_FILE);
    }
    if (!job.getDate(ExportRepository.EXPIRES).after(Date.from(clock.instant()))) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), null, 0);
      throw new RecordsException(ErrorCode.DATASET_GONE);
    }
    return job;
  }
}
