package org.phirecords.internal.link;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
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
