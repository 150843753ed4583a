package org.phirecords.internal.clinical;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.phirecords.internal.amendment.AmendmentRepository;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.patient.MergedRegistrations;
import org.phirecords.internal.security.RolePermissions;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.EntryAmendment;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;

/**
 * Registrations' entries as the clinical service shows them: the latest version of each, sensitive
 * ones only as far as the caller is cleared, open and denied amendment requests attached. The one
 * reader of {@link MongoClinicalRecords} and of the bulk export (ADR 38), which reads inside its
 * job's operation outside the service.
 */
public final class PatientEntries {
  private static final int PAGE = 200;

  private final Operation op;
  private final ClinicalRepository entries;
  private final FreeTextProtection freeText;

  /** The entries within reach of {@code op}; the tenant's clearances from {@code collections}. */
  public PatientEntries(Operation op, TenantCollections collections, FreeTextProtection freeText) {
    this(op, new ClinicalRepository(op, freeText, Clearance.of(op, collections)), freeText);
  }

  PatientEntries(Operation op, ClinicalRepository entries, FreeTextProtection freeText) {
    this.op = op;
    this.entries = entries;
    this.freeText = freeText;
  }

  ClinicalRepository repository() {
    return entries;
  }

  /**
   * Every entry of {@code patient}'s whole record, newest effective date first: those of the
   * registrations merged into it too, as its FHIR copy shows them, and none of a merged one (they
   * show under its survivor, ADR 36); those marked entered-in-error included, so that a receiver
   * learns they are withdrawn (ADR 36).
   */
  public List<ClinicalEntry> of(PatientId patient) {
    List<PatientId> owners = MergedRegistrations.entryOwners(op, patient);
    List<ClinicalEntry> all = new ArrayList<>();
    if (owners.isEmpty()) {
      return all;
    }
    Optional<RecordId> after = Optional.empty();
    while (true) {
      List<ClinicalEntry> page = latest(owners, after, PAGE, true);
      all.addAll(page);
      if (page.size() < PAGE) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
    return withAmendments(owners, all);
  }

  /** Up to {@code max} latest versions of {@code owners}' entries after {@code after}. */
  List<ClinicalEntry> latest(
      List<PatientId> owners, Optional<RecordId> after, int max, boolean withEnteredInError) {
    return entries.latestOf(owners, after, max, withEnteredInError).stream()
        .map(ClinicalDocuments::toEntry)
        .toList();
  }

  /**
   * {@code found} (entries or versions of {@code owners}) with the open and denied amendment
   * requests of each. A denial does not change the entry, so its requests and the statement of
   * disagreement are joined here on every read instead of being written on the entry.
   */
  List<ClinicalEntry> withAmendments(List<PatientId> owners, List<ClinicalEntry> found) {
    if (found.isEmpty()) {
      return found;
    }
    TenantId tenant = op.caller().tenant().orElseThrow();
    Map<String, List<EntryAmendment>> attached =
        ClinicalDocuments.attachments(
            AmendmentRepository.attached(
                op, owners, found.stream().map(ClinicalEntry::id).distinct().toList()),
            RolePermissions.grants(op.caller(), Permission.AMENDMENT_READ),
            stored -> freeText.open(tenant, stored));
    return found.stream()
        .map(e -> e.withAmendments(attached.getOrDefault(e.id().value(), List.of())))
        .toList();
  }
}
