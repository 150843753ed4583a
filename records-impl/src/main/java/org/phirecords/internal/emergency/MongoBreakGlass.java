package org.phirecords.internal.emergency;

import static com.mongodb.client.model.Filters.eq;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.EmergencyAccessDeclared;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.store.PageCursor;
import org.phirecords.internal.tenant.BreakGlassSettings;
import org.phirecords.model.BreakGlassPolicy;
import org.phirecords.model.DeclarationId;
import org.phirecords.model.EmergencyDeclaration;
import org.phirecords.model.EmergencyReason;
import org.phirecords.model.EmergencyReview;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.BreakGlass;

/**
 * {@link BreakGlass} on the {@code emergency_access} collection (ADR 28). A declaration is an
 * announced write, then a CDI {@link EmergencyAccessDeclared} event and a metric; reviews are
 * announced writes too. The patient is looked up in the whole tenant: a declaration is for a
 * patient outside the declarer's organisations by nature.
 */
@ApplicationScoped
public class MongoBreakGlass implements BreakGlass {
  /** The longest justification or review note. */
  static final int MAX_TEXT = 2000;

  private Operations operations;
  private FreeTextProtection freeText;
  private Event<EmergencyAccessDeclared> declared;
  private Instance<MetricRegistry> metrics;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected MongoBreakGlass() {}

  /**
   * Declarations in the collections of {@code operations}, free text sealed by {@code freeText}.
   */
  @Inject
  public MongoBreakGlass(
      Operations operations,
      FreeTextProtection freeText,
      Event<EmergencyAccessDeclared> declared,
      Instance<MetricRegistry> metrics) {
    this.operations = operations;
    this.freeText = freeText;
    this.declared = declared;
    this.metrics = metrics;
  }

  /** The same service reading the time from {@code clock} (tests). */
  public MongoBreakGlass withClock(Clock clock) {
    this.clock = clock;
    return this;
  }

  @Override
  @RequiresPermission(Permission.EMERGENCY_DECLARE)
  public EmergencyDeclaration declare(
      PatientId patient, EmergencyReason reason, String justification, Optional<Integer> minutes) {
    Operation op = operations.current();
    Caller caller = op.caller();
    var tenant = caller.tenant().orElseThrow();
    BreakGlassPolicy policy = new BreakGlassSettings(operations.collections()).of(tenant);
    if (!policy.enabled()) {
      throw refused(op, AuditOutcome.DENIED, ErrorCode.BREAK_GLASS_DISABLED, patient);
    }
    if (!policy.allows(caller.roles())) {
      throw refused(op, AuditOutcome.DENIED, ErrorCode.BREAK_GLASS_ROLE, patient);
    }
    if (reason == null || !fits(justification)) {
      op.record(AuditOutcome.INVALID, null, patient.value(), 0);
      String field = reason == null ? "/reason" : "/justification";
      throw new InvalidInputException(
          ErrorCode.EMERGENCY_REASON, field, field + ": a reason code and 1 to 2000 characters");
    }
    int length = minutes.orElse(policy.defaultMinutes());
    if (length < BreakGlassPolicy.MIN_MINUTES || length > policy.maximumMinutes()) {
      op.record(AuditOutcome.INVALID, null, patient.value(), 0);
      throw InvalidInputException.invalid("/minutes", "5 to the tenant's maximum minutes");
    }
    if (!PatientRepository.forMaintenance(operations.collections(), tenant)
        .exists(eq("patientId", patient.value()))) {
      throw op.notFound(null, patient.value());
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    EmergencyDeclaration d =
        new EmergencyDeclaration(
            DeclarationId.random(),
            patient,
            caller.issuer(),
            caller.subject(),
            reason,
            justification,
            now,
            now.plus(Duration.ofMinutes(length)),
            policy.writes(),
            EmergencyReview.UNREVIEWED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    WriteIntent intent =
        EmergencyAccessRepository.announce(op, AuditAction.CREATE, d.id(), patient, 1);
    repository(op).insert(d, intent);
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    declared.fireAsync(
        new EmergencyAccessDeclared(
            tenant.value(),
            d.id().value(),
            caller.subject(),
            patient.value(),
            reason,
            d.declaredAt(),
            d.expiresAt()));
    if (metrics.isResolvable()) {
      metrics
          .get()
          .counter("phi_records_emergency_access_declarations", new Tag("reason", reason.name()))
          .inc();
    }
    return d;
  }

  @Override
  @RequiresPermission(Permission.EMERGENCY_REVIEW)
  public Page<EmergencyDeclaration> unreviewed(PageRequest request) {
    Operation op = operations.current();
    PageCursor cursors =
        PageCursor.of("emergency-access", op.caller().tenant().orElseThrow().value(), "");
    Optional<String> position = cursors.parsed(request, MongoBreakGlass::position);
    Page<EmergencyDeclaration> page =
        cursors.page(
            EmergencyAccessRepository.of(op, freeText).unreviewed(position, request.limit() + 1),
            request,
            EmergencyAccessRepository::position);
    op.record(
        AuditAction.SEARCH,
        ResourceType.EMERGENCY_ACCESS,
        AuditOutcome.SUCCESS,
        null,
        null,
        page.items().size());
    return page;
  }

  @Override
  @RequiresPermission(Permission.EMERGENCY_REVIEW)
  public EmergencyDeclaration acknowledge(DeclarationId id) {
    return review(id, EmergencyReview.ACKNOWLEDGED, null);
  }

  @Override
  @RequiresPermission(Permission.EMERGENCY_REVIEW)
  public EmergencyDeclaration flag(DeclarationId id, String note) {
    if (!fits(note)) {
      operations.current().record(AuditOutcome.INVALID, id.value(), null, 0);
      throw InvalidInputException.invalid("/note", "1 to 2000 characters");
    }
    return review(id, EmergencyReview.FLAGGED, note);
  }

  private EmergencyDeclaration review(DeclarationId id, EmergencyReview to, String note) {
    Operation op = operations.current();
    EmergencyAccessRepository declarations = EmergencyAccessRepository.of(op, freeText);
    var found = declarations.byId(id).orElseThrow(() -> op.notFound(id.value(), null));
    String patient = found.declaration().patient().value();
    if (found.declaration().review() != EmergencyReview.UNREVIEWED) {
      throw refused(op, AuditOutcome.CONFLICT, ErrorCode.EMERGENCY_REVIEWED, id.value(), patient);
    }
    WriteIntent intent =
        EmergencyAccessRepository.announce(
            op, AuditAction.UPDATE, id, found.declaration().patient(), found.version() + 1);
    Optional<EmergencyDeclaration> after =
        declarations.review(
            found.declaration(),
            found.version(),
            to,
            op.caller().subject(),
            clock.instant().truncatedTo(ChronoUnit.MILLIS),
            note,
            intent);
    op.conclude(intent, after.isPresent() ? AuditOutcome.SUCCESS : AuditOutcome.CONFLICT, 0);
    return after.orElseThrow(() -> new RecordsException(ErrorCode.EMERGENCY_REVIEWED));
  }

  private EmergencyAccessRepository repository(Operation op) {
    return EmergencyAccessRepository.of(
        operations.collections(), op.caller().tenant().orElseThrow(), freeText);
  }

  private static boolean fits(String text) {
    return text != null && !text.isBlank() && text.length() <= MAX_TEXT;
  }

  /** A queue position as {@link EmergencyAccessRepository#position} writes it, checked. */
  private static String position(String p) {
    return EmergencyAccessRepository.QUEUE.checked(p);
  }

  private static RecordsException refused(
      Operation op, AuditOutcome outcome, ErrorCode code, PatientId patient) {
    return refused(op, outcome, code, null, patient.value());
  }

  private static RecordsException refused(
      Operation op, AuditOutcome outcome, ErrorCode code, String id, String patient) {
    op.record(outcome, id, patient, 0);
    return new RecordsException(code);
  }
}
