package org.phirecords.internal.export;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.organisation.OrganisationRepository;
import org.phirecords.internal.organisation.OrganisationTree;
import org.phirecords.internal.store.Reach;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.ExportFile;
import org.phirecords.model.ExportId;
import org.phirecords.model.ExportRequest;
import org.phirecords.model.ExportState;
import org.phirecords.model.ExportStatus;
import org.phirecords.model.OrganisationId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.BulkExport;

/**
 * {@link BulkExport} on MongoDB (ADR 38). The kick-off checks the parameters, stores the job and
 * hands its work ({@link ExportRun}) to the container's managed executor, in an operation reopened
 * with the requester's caller and reach. Jobs and files are found only with their requester.
 */
@ApplicationScoped
public class MongoBulkExport implements BulkExport {
  private static final Set<String> FORMATS =
      Set.of(NDJSON, "application/ndjson", "ndjson", "application/fhir ndjson");

  private Operations operations;
  private TenantCollections collections;
  private FreeTextProtection freeText;
  private ExportSettings settings;
  private ExportResumption resumption;
  private Executor executor;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected MongoBulkExport() {}

  /** Exports within the current operation, run on the container's managed executor. */
  @Inject
  public MongoBulkExport(
      Operations operations,
      TenantCollections collections,
      IdentityProtection protection,
      FreeTextProtection freeText,
      RecordsConfig config) {
    this(operations, collections, protection, freeText, config, null, Clock.systemUTC());
  }

  /** The same, run on {@code executor} (null: the container's) with {@code clock} (tests). */
  public MongoBulkExport(
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
    this.settings = ExportSettings.of(config);
    this.executor = executor;
    this.clock = clock;
    this.resumption =
        new ExportResumption(
            operations,
            collections,
            new ExportRun(
                ExportKind.FHIR,
                (op, plan) ->
                    new FhirContent(
                        plan,
                        new org.phirecords.internal.clinical.PatientEntries(
                            op, collections, freeText)),
                protection,
                freeText,
                settings,
                clock),
            settings,
            this::executor,
            clock);
  }

  @Override
  @RequiresPermission(Permission.BULK_EXPORT)
  public ExportStatus kickOff(ExportRequest request) {
    Operation op = operations.current();
    Set<String> types = types(request.types());
    String format = request.outputFormat();
    if (format != null && !FORMATS.contains(format.trim().toLowerCase(Locale.ROOT))) {
      throw new InvalidInputException(ErrorCode.EXPORT_FORMAT, "_outputFormat", "not ndjson");
    }
    Instant now = clock.instant();
    if (request.since().filter(s -> s.isAfter(now)).isPresent()) {
      throw new InvalidInputException(ErrorCode.EXPORT_SINCE, "_since", "_since is in the future");
    }
    Optional<Set<OrganisationId>> organisations = group(op, request.group());
    Optional<Reach> group =
        organisations.map(o -> ExportResumption.group(o, now, op.reach(Permission.BULK_EXPORT)));
    ExportRepository jobs = new ExportRepository(op);
    Caller caller = op.caller();
    if (jobs.running(caller, Date.from(now.minus(settings.stalled()))) >= settings.maxRunning()) {
      op.record(AuditOutcome.DENIED, null, null, 0);
      throw new RecordsException(ErrorCode.EXPORT_TOO_MANY);
    }
    ExportId id = ExportId.random();
    String holder = ExportResumption.holder();
    Document job =
        new Document(ExportRepository.ID, id.value())
            .append("issuer", caller.issuer() == null ? "" : caller.issuer())
            .append("subject", caller.subject())
            .append(ExportRepository.STATE, ExportState.RUNNING.name())
            .append("request", request.request())
            .append("group", request.group().map(OrganisationId::value).orElse(null))
            .append("types", List.copyOf(types))
            .append("since", request.since().map(Date::from).orElse(null))
            .append("transactionTime", Date.from(now))
            .append("done", 0L)
            .append("total", 0L)
            .append(ExportRepository.HEARTBEAT, Date.from(now))
            .append(
                "lease",
                new Document("holder", holder)
                    .append("until", Date.from(now.plus(settings.lease()))))
            .append("access", ExportAccess.of(caller, op.access(), organisations))
            .append(
                ExportRepository.EXPIRES,
                Date.from(now.plus(settings.maxRun()).plus(settings.fileLifetime())));
    jobs.insert(job);
    op.record(AuditOutcome.SUCCESS, id.value(), null, 0);
    resumption.start(
        caller, op.access(), new ExportRun.Plan(id, group, types, request.since(), now, holder));
    return ExportManifest.status(job, now, settings);
  }

  /**
   * Claims and resumes, on this instance, every export whose run's lease lapsed (its instance
   * died), from its sealed parts, with the access its kick-off fixed (ADR 38); how many. Not a
   * service operation: the schedule of {@link ExportSweep} calls it.
   */
  public int resumeExpired() {
    return resumption.resumeExpired();
  }

  private Executor executor() {
    if (executor == null) {
      try {
        executor = javax.naming.InitialContext.doLookup("java:comp/DefaultManagedExecutorService");
      } catch (javax.naming.NamingException e) {
        throw new IllegalStateException("no managed executor for bulk exports", e);
      }
    }
    return executor;
  }

  private static Set<String> types(Set<String> asked) {
    if (asked.isEmpty()) {
      return Set.copyOf(TYPES);
    }
    for (String type : asked) {
      if (!TYPES.contains(type)) {
        throw new InvalidInputException(ErrorCode.EXPORT_TYPE, "_type", "a type is not exported");
      }
    }
    return new TreeSet<>(asked);
  }

  /**
   * The organisations of a group: the organisation and the active ones below it, within the
   * caller's own reach; empty for the system level.
   */
  private Optional<Set<OrganisationId>> group(Operation op, Optional<OrganisationId> group) {
    if (group.isEmpty()) {
      return Optional.empty();
    }
    OrganisationTree tree =
        OrganisationRepository.of(collections, op.caller().tenant().orElseThrow()).tree();
    Reach caller = op.reach(Permission.BULK_EXPORT);
    Set<OrganisationId> reached = new java.util.HashSet<>();
    if (tree.contains(group.get())) {
      tree.active(group.get()).stream().filter(o -> caller.admits(o.value())).forEach(reached::add);
    }
    if (reached.isEmpty()) {
      op.record(AuditOutcome.NOT_FOUND, group.get().value(), null, 0);
      throw new RecordsException(ErrorCode.EXPORT_GROUP_NOT_FOUND);
    }
    return Optional.of(reached);
  }

  @Override
  @RequiresPermission(Permission.BULK_EXPORT)
  public ExportStatus status(ExportId id) {
    Operation op = operations.current();
    return ExportManifest.status(
        visible(op, new ExportRepository(op), id), clock.instant(), settings);
  }

  @Override
  @RequiresPermission(Permission.BULK_EXPORT)
  public ExportFile file(ExportId id, String type) {
    Operation op = operations.current();
    ExportRepository jobs = new ExportRepository(op);
    Document job = visible(op, jobs, id);
    Document file =
        ExportState.COMPLETED.name().equals(job.getString(ExportRepository.STATE))
            ? job.getList("output", Document.class, List.of()).stream()
                .filter(f -> f.getString("type").equals(type))
                .findFirst()
                .orElse(null)
            : null;
    if (file == null) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), null, 0);
      throw new RecordsException(ErrorCode.EXPORT_NOT_FOUND);
    }
    long count = file.get("count", Number.class).longValue();
    int parts = file.getInteger("parts");
    op.record(AuditOutcome.SUCCESS, id.value(), null, (int) count);
    return new ExportFile(type, count, () -> new ExportParts(jobs, freeText, id, type, parts));
  }

  @Override
  @RequiresPermission(Permission.BULK_EXPORT)
  public void delete(ExportId id) {
    Operation op = operations.current();
    ExportRepository jobs = new ExportRepository(op);
    visible(op, jobs, id);
    jobs.end(id, ExportRepository.DELETED, List.of());
    op.record(
        AuditAction.DELETE,
        org.phirecords.audit.ResourceType.BULK_EXPORT,
        AuditOutcome.SUCCESS,
        id.value(),
        null,
        0);
  }

  /** Export {@code id} of the caller, neither deleted nor expired; else 404 or 410, audited. */
  private Document visible(Operation op, ExportRepository jobs, ExportId id) {
    Document job =
        jobs.find(id, op.caller())
            .filter(j -> !ExportRepository.DELETED.equals(j.getString(ExportRepository.STATE)))
            .orElse(null);
    if (job == null) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), null, 0);
      throw new RecordsException(ErrorCode.EXPORT_NOT_FOUND);
    }
    if (!job.getDate(ExportRepository.EXPIRES).after(Date.from(clock.instant()))) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), null, 0);
      throw new RecordsException(ErrorCode.EXPORT_EXPIRED);
    }
    return job;
  }
}
