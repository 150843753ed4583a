package org.phirecords.internal.export;

import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.crypto.DatasetPseudonyms;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.model.ExportId;
import org.phirecords.model.ExportState;
import org.phirecords.model.PatientId;
import org.phirecords.model.RelinkId;
import org.phirecords.model.RelinkRequest;
import org.phirecords.model.RelinkState;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.DatasetRelinks;

/**
 * {@link DatasetRelinks} (ADR 44). A request names research ids of the caller's own relinkable
 * dataset while its key is kept; a privacy officer other than the requester decides it; the
 * requester then receives, once and before the dataset expires, the patient id of each approved
 * research id, found by computing the dataset's pseudonym of each patient id in reach with the key
 * opened inside the module. Audited under {@code ANALYTICS_DATASET}: request (CREATE), the pending
 * list (READ), decision (UPDATE, the number approved), release (EXPORT, the number released); ids
 * and counts only.
 */
@ApplicationScoped
public class MongoDatasetRelinks implements DatasetRelinks {
  static final int MAX_IDS = 100;
  private static final int MAX_PENDING = 200;
  private static final int PAGE = 1000;
  private static final Pattern RESEARCH_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final Pattern PURPOSE = Pattern.compile("[\\p{L}\\p{N} .,;:()'/-]{10,500}");

  private Operations operations;
  private FreeTextProtection freeText;
  private IdentityProtection protection;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected MongoDatasetRelinks() {}

  /** Re-linking within the current operation. */
  @Inject
  public MongoDatasetRelinks(
      Operations operations, IdentityProtection protection, FreeTextProtection freeText) {
    this(operations, protection, freeText, Clock.systemUTC());
  }

  /** The same with {@code clock} (tests). */
  public MongoDatasetRelinks(
      Operations operations,
      IdentityProtection protection,
      FreeTextProtection freeText,
      Clock clock) {
    this.operations = operations;
    this.protection = protection;
    this.freeText = freeText;
    this.clock = clock;
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_DATASET)
  public RelinkRequest request(ExportId dataset, List<String> researchIds, String purpose) {
    Operation op = operations.current();
    List<String> ids = researchIds == null ? List.of() : List.copyOf(researchIds);
    if (ids.isEmpty()
        || ids.size() > MAX_IDS
        || new HashSet<>(ids).size() != ids.size()
        || !ids.stream().allMatch(i -> RESEARCH_ID.matcher(i).matches())) {
      throw invalid(op, ErrorCode.RELINK_IDS, "/researchIds", "1 to 100 distinct research ids");
    }
    if (purpose == null || !PURPOSE.matcher(purpose.strip()).matches()) {
      throw invalid(op, ErrorCode.RELINK_PURPOSE, "/purpose", "10 to 500 characters, plain text");
    }
    Instant now = clock.instant();
    Document job =
        new ExportRepository(op, ExportKind.DATASET)
            .find(dataset, op.caller())
            .filter(j -> !ExportRepository.DELETED.equals(j.getString(ExportRepository.STATE)))
            .orElse(null);
    if (job == null) {
      op.record(
          AuditAction.CREATE,
          ResourceType.ANALYTICS_DATASET,
          AuditOutcome.NOT_FOUND,
          dataset.value(),
          null,
          0);
      throw new RecordsException(ErrorCode.RELINK_NOT_FOUND);
    }
    Date expires = job.getDate(ExportRepository.EXPIRES);
    Document params = job.get("params", Document.class);
    if (!ExportState.COMPLETED.name().equals(job.getString(ExportRepository.STATE))
        || !params.getBoolean(MongoDatasets.RELINKABLE, false)
        || params.get("key") == null
        || !expires.after(Date.from(now))) {
      op.record(
          AuditAction.CREATE,
          ResourceType.ANALYTICS_DATASET,
          AuditOutcome.INVALID,
          dataset.value(),
          null,
          0);
      throw new RecordsException(ErrorCode.RELINK_STATE);
    }
    RelinkRepository relinks = new RelinkRepository(op);
    Caller caller = op.caller();
    RelinkId id = RelinkId.random();
    Document request =
        new Document(RelinkRepository.ID, id.value())
            .append("datasetId", dataset.value())
            .append("issuer", caller.issuer() == null ? "" : caller.issuer())
            .append("subject", caller.subject())
            .append(RelinkRepository.STATE, RelinkState.PENDING.name())
            .append(RelinkRepository.IDS, ids)
            .append("purpose", freeText.seal(relinks.tenant(), purpose.strip()))
            .append("requestedAt", Date.from(now))
            .append(RelinkRepository.EXPIRES, expires);
    relinks.insert(request);
    op.record(
        AuditAction.CREATE,
        ResourceType.ANALYTICS_DATASET,
        AuditOutcome.SUCCESS,
        id.value(),
        null,
        ids.size());
    return view(relinks, request);
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_RELINK_DECIDE)
  public List<RelinkRequest> pending() {
    Operation op = operations.current();
    RelinkRepository relinks = new RelinkRepository(op);
    List<RelinkRequest> pending =
        relinks.pending(Date.from(clock.instant()), MAX_PENDING).stream()
            .map(d -> view(relinks, d))
            .toList();
    op.record(
        AuditAction.READ,
        ResourceType.ANALYTICS_DATASET,
        AuditOutcome.SUCCESS,
        null,
        null,
        pending.size());
    return pending;
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_RELINK_DECIDE)
  public RelinkRequest decide(RelinkId id, boolean approve, List<String> researchIds) {
    Operation op = operations.current();
    RelinkRepository relinks = new RelinkRepository(op);
    Document found = relinks.find(id).orElse(null);
    if (found == null) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), null, 0);
      throw new RecordsException(ErrorCode.RELINK_NOT_FOUND);
    }
    Caller caller = op.caller();
    Bson notRequester = notRequester(caller);
    if (relinks.find(id, caller).isPresent()) {
      op.record(AuditOutcome.DENIED, id.value(), null, 0);
      throw new RecordsException(ErrorCode.RELINK_SELF_APPROVAL);
    }
    List<String> asked = found.getList(RelinkRepository.IDS, String.class);
    List<String> approved = researchIds == null || researchIds.isEmpty() ? asked : researchIds;
    if (!asked.containsAll(approved) || new HashSet<>(approved).size() != approved.size()) {
      throw invalid(op, ErrorCode.RELINK_IDS, "/researchIds", "only ids of the request");
    }
    Date now = Date.from(clock.instant());
    RelinkState state = approve ? RelinkState.APPROVED : RelinkState.DENIED;
    Document decided =
        relinks
            .move(
                id,
                notRequester,
                RelinkState.PENDING,
                now,
                RelinkRepository.decision(state, approve ? approved : asked, caller, now))
            .orElse(null);
    if (decided == null) {
      op.record(AuditOutcome.INVALID, id.value(), null, 0);
      throw new RecordsException(ErrorCode.RELINK_STATE);
    }
    op.record(AuditOutcome.SUCCESS, id.value(), null, approve ? approved.size() : 0);
    return view(relinks, decided);
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_DATASET)
  public Map<String, String> release(RelinkId id) {
    Operation op = operations.current();
    RelinkRepository relinks = new RelinkRepository(op);
    Caller caller = op.caller();
    Document mine = relinks.find(id, caller).orElse(null);
    if (mine == null) {
      op.record(AuditOutcome.NOT_FOUND, id.value(), null, 0);
      throw new RecordsException(ErrorCode.RELINK_NOT_FOUND);
    }
    ExportId dataset = new ExportId(mine.getString("datasetId"));
    Optional<Object> key =
        new ExportRepository(op, ExportKind.DATASET)
            .find(dataset, caller)
            .map(j -> j.get("params", Document.class).get("key"));
    Date now = Date.from(clock.instant());
    // Marked released before anything is computed: a second request, also a concurrent one, fails.
    Document released =
        key.isEmpty()
            ? null
            : relinks
                .move(
                    id,
                    ExportRepository.requester(caller),
                    RelinkState.APPROVED,
                    now,
                    Updates.combine(
                        Updates.set(RelinkRepository.STATE, RelinkState.RELEASED.name()),
                        Updates.set("releasedAt", now)))
                .orElse(null);
    if (released == null) {
      op.record(AuditOutcome.INVALID, id.value(), null, 0);
      throw new RecordsException(ErrorCode.RELINK_STATE);
    }
    Map<String, String> links =
        links(
            op,
            DatasetPseudonyms.under(freeText.open(relinks.tenant(), key.get())),
            Set.copyOf(released.getList(RelinkRepository.IDS, String.class)));
    op.record(AuditOutcome.SUCCESS, id.value(), null, links.size());
    return links;
  }

  /**
   * The patient id of each of {@code wanted} among the patients in reach of {@code op}, paged as
   * the dataset's run pages them; only ids are kept.
   */
  private Map<String, String> links(
      Operation op, DatasetPseudonyms pseudonyms, Set<String> wanted) {
    PatientRepository patients = new PatientRepository(op, protection);
    Map<String, String> found = new LinkedHashMap<>();
    Optional<PatientId> after = Optional.empty();
    while (found.size() < wanted.size()) {
      List<PatientId> page = patients.page(after, PAGE).stream().map(p -> p.id()).toList();
      for (PatientId patient : page) {
        String research = pseudonyms.of(patient.value());
        if (wanted.contains(research)) {
          found.put(research, patient.value());
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1));
    }
    return found;
  }

  private static Bson notRequester(Caller caller) {
    return new Document("$nor", List.of(ExportRepository.requester(caller)));
  }

  private static InvalidInputException invalid(
      Operation op, ErrorCode code, String field, String detail) {
    op.record(AuditOutcome.INVALID, null, null, 0);
    return new InvalidInputException(code, field, detail);
  }

  private RelinkRequest view(RelinkRepository relinks, Document d) {
    Date decided = d.getDate("decidedAt");
    return new RelinkRequest(
        new RelinkId(d.getString(RelinkRepository.ID)),
        new ExportId(d.getString("datasetId")),
        RelinkState.valueOf(d.getString(RelinkRepository.STATE)),
        d.getList(RelinkRepository.IDS, String.class),
        freeText.open(relinks.tenant(), d.get("purpose")),
        d.getString("subject"),
        d.getDate("requestedAt").toInstant(),
        decided == null ? null : decided.toInstant(),
        d.getDate(RelinkRepository.EXPIRES).toInstant());
  }
}
