package org.phirecords.internal.clinical;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.internal.amendment.AmendmentRepository;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.security.RolePermissions;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.EntryAmendment;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;

/**
 * A registration's whole record of entries (the latest version of each: sensitive ones only as far
 * as the caller is cleared, amendment requests attached, those marked entered-in-error included so
 * that a receiver learns they are withdrawn, ADR 36) for reads that run inside an operation but
 * outside the clinical service: the bulk export (ADR 38).
 */
public final class PatientEntries {
  private static final int PAGE = 200;

  private final Operation op;
  private final ClinicalRepository entries;
  private final FreeTextProtection freeText;

  /** The entries within reach of {@code op}; the tenant's clearances from {@code collections}. */
  public PatientEntries(Operation op, TenantCollections collections, FreeTextProtection freeText) {
    this.op = op;
    this.entries = new ClinicalRepository(op, freeText, Clearance.of(op, collections));
    this.freeText = freeText;
  }

  /** Every entry of {@code patient} the caller sees, newest effective date first. */
  public List<ClinicalEntry> of(PatientId patient) {
    List<ClinicalEntry> all = new ArrayList<>();
    Optional<RecordId> after = Optional.empty();
    while (true) {
      List<Document> page = entries.latestOf(List.of(patient), after, PAGE, true);
      page.forEach(d -> all.add(ClinicalDocuments.toEntry(d)));
      if (page.size() < PAGE) {
        break;
      }
      after = Optional.of(all.get(all.size() - 1).id());
    }
    if (all.isEmpty()) {
      return all;
    }
    TenantId tenant = op.caller().tenant().orElseThrow();
    Map<String, List<EntryAmendment>> attached =
        ClinicalDocuments.attachments(
            AmendmentRepository.attached(
                op, List.of(patient), all.stream().map(ClinicalEntry::id).toList()),
            RolePermissions.grants(op.caller(), Permission.AMENDMENT_READ),
            stored -> freeText.open(tenant, stored));
    return all.stream()
        .map(e -> e.withAmendments(attached.getOrDefault(e.id().value(), List.of())))
        .toList();
  }
}
