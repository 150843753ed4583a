package org.phirecords.internal.clinical;

import static org.phirecords.internal.clinical.ClinicalDocuments.SENSITIVITY;
import static org.phirecords.internal.store.TenantScopedCollection.PATIENT;

import com.mongodb.client.model.Filters;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.security.AccessScope;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.ClearanceSettings;
import org.phirecords.model.BreakGlassPolicy;
import org.phirecords.model.Sensitivity;
import org.phirecords.security.Caller;

/**
 * The one place that decides whether the caller of an operation is cleared for a sensitive entry
 * (ADR 26): the patient for all of their own entries, a personal representative as their grant's
 * scope says but never for entries confidential from proxies (ADR 46), staff for the categories the
 * tenant cleared for one of their roles, tenant-wide or at an organisation above all those where
 * the role holds (ADR 27), and under a break-glass declaration every category of its one patient
 * (ADR 28; never for billing). Readers apply it as a query filter, so hidden entries are absent
 * from pages, not removed from them.
 */
public final class Clearance {
  private final Set<Sensitivity> cleared;
  private final Optional<String> opened;

  private Clearance(Set<Sensitivity> cleared) {
    this(cleared, Optional.empty());
  }

  private Clearance(Set<Sensitivity> cleared, Optional<String> opened) {
    this.cleared = cleared;
    this.opened = opened;
  }

  /**
   * The clearance of {@code op}'s caller; for staff, the tenant's settings read from the registry
   * of {@code collections}.
   */
  public static Clearance of(Operation op, TenantCollections collections) {
    Caller caller = op.caller();
    if (op.access().representing().isPresent()) {
      // ADR 46: a representative never sees entries confidential from proxies; with a
      // non-sensitive scope, no sensitive entry at all.
      return new Clearance(
          op.access().representing().get().wholeRecord()
              ? EnumSet.complementOf(EnumSet.of(Sensitivity.CONFIDENTIAL_FROM_PROXIES))
              : EnumSet.noneOf(Sensitivity.class));
    }
    if (AccessScope.ownRecordOnly(caller, op.permission())) {
      return new Clearance(EnumSet.allOf(Sensitivity.class));
    }
    Optional<String> opened =
        op.emergency()
            .filter(e -> caller.roles().stream().anyMatch(BreakGlassPolicy.DECLARABLE::contains))
            .map(e -> e.patient().value());
    return new Clearance(
        new ClearanceSettings(collections)
            .of(caller.tenant().orElseThrow())
            .clearedFor(caller.roles(), op.access().within()),
        opened);
  }

  /** The category of the stored version {@code version}, if it is sensitive. */
  static Optional<Sensitivity> category(Document version) {
    Object stored = version.get(SENSITIVITY);
    if (stored == null) {
      return Optional.empty();
    }
    for (Sensitivity s : Sensitivity.values()) {
      if (s.name().equals(stored)) {
        return Optional.of(s);
      }
    }
    // A category this build does not know: treated as Part 2, the most restricted.
    return Optional.of(Sensitivity.SUBSTANCE_USE_PART2);
  }

  /** Whether the caller may see the stored version {@code version}. */
  boolean shows(Document version) {
    return category(version).map(cleared::contains).orElse(true)
        || opened.filter(p -> p.equals(version.get(PATIENT))).isPresent();
  }

  /**
   * The query filter that keeps the versions the caller may see: not sensitive, or of a cleared
   * category (a category unknown to this build stays hidden from staff).
   */
  Bson visible() {
    if (cleared.containsAll(EnumSet.allOf(Sensitivity.class))) {
      return new Document();
    }
    Bson visible =
        Filters.or(
            Filters.exists(SENSITIVITY, false),
            Filters.in(SENSITIVITY, cleared.stream().map(Enum::name).toList()));
    return opened.map(p -> Filters.or(visible, Filters.eq(PATIENT, p))).orElse(visible);
  }

  /**
   * Refuses ({@code PHR-403-09}, audited as denied) to write an entry of a category the caller is
   * not cleared for: they could not read what they wrote.
   */
  void requireCleared(Operation op, Sensitivity category, String entryId, String patientId) {
    if (category != null
        && !cleared.contains(category)
        && !opened.filter(patientId::equals).isPresent()) {
      op.record(AuditOutcome.DENIED, entryId, patientId, 0);
      throw new RecordsException(ErrorCode.NOT_CLEARED);
    }
  }
}
