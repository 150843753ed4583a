package org.phirecords.internal.link;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.phirecords.internal.patient.OwnRecords;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.PatientId;
import org.phirecords.security.Caller;

/**
 * The record the module linked to a patient user (ADR 17), read for every patient call by the
 * authorization check, so that an unlink applies at once. A token claim never counts.
 */
@ApplicationScoped
public class LinkedRecords {
  private TenantCollections collections;

  /** For CDI. */
  protected LinkedRecords() {}

  /** Links in the store of {@code collections}. */
  @Inject
  public LinkedRecords(TenantCollections collections) {
    this.collections = collections;
  }

  /**
   * The record the link of {@code caller} leads to, if any: the survivor of a merged registration,
   * with the registrations merged into it (ADR 42).
   */
  public Optional<OwnRecords.Own> recordOf(Caller caller) {
    return of(caller).map(linked -> OwnRecords.of(collections, caller.tenant().get(), linked));
  }

  /** The record linked to {@code caller} (by tenant, issuer and subject), if any. */
  public Optional<PatientId> of(Caller caller) {
    return caller
        .tenant()
        .flatMap(
            tenant ->
                PatientLinkRepository.linkOf(
                    collections, tenant, caller.issuer(), caller.subject()));
  }
}
