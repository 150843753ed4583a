package org.phirecords.internal.proxy;

import static com.mongodb.client.model.Filters.eq;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.patient.OwnRecords;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.security.Representation;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.ProxySettings;
import org.phirecords.model.PatientId;
import org.phirecords.model.ProxyRelationship;
import org.phirecords.model.ProxyScope;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;

/**
 * Whether a caller may act for a patient now (ADR 46), read for every request naming one by the
 * authorization check, so that a revocation or an expiry applies at once: a grant to the caller's
 * issuer and subject for that patient, not revoked, started, unexpired and, for a parent, the
 * patient still under the tenant's age of majority. The birth date is opened here, in the module,
 * and nowhere kept; a birth date that cannot be read ends a parent's access (fails closed).
 */
@ApplicationScoped
public class Representatives {
  private TenantCollections collections;
  private IdentityProtection protection;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected Representatives() {}

  /** Grants in the store of {@code collections}; birth dates opened by {@code protection}. */
  @Inject
  public Representatives(TenantCollections collections, IdentityProtection protection) {
    this.collections = collections;
    this.protection = protection;
  }

  /** Honours no grant: for tools and benchmarks that run no personal representatives. */
  public static Representatives none() {
    return new Representatives();
  }

  /** The same with another clock (tests of expiry and of the age of majority). */
  public Representatives withClock(Clock other) {
    Representatives copy = new Representatives(collections, protection);
    copy.clock = other;
    return copy;
  }

  /** What {@code caller} may do acting for {@code patient} now, if anything. */
  public Optional<Representation> of(Caller caller, PatientId patient) {
    if (collections == null || caller.tenant().isEmpty()) {
      return Optional.empty();
    }
    TenantId tenant = caller.tenant().get();
    Instant now = clock.instant();
    List<Document> valid =
        ProxyGrantRepository.of(collections, tenant)
            .inForce(caller.issuer(), caller.subject(), patient, now)
            .stream()
            .filter(g -> beforeMajority(g, tenant, patient, now))
            .sorted(Comparator.comparing(g -> ProxyGrantRepository.scope(g).ordinal()))
            .toList();
    if (valid.isEmpty()) {
      return Optional.empty();
    }
    Document widest = valid.get(0);
    OwnRecords.Own own = OwnRecords.of(collections, tenant, patient);
    return Optional.of(
        new Representation(
            widest.getString(ProxyGrantRepository.ID),
            own.record(),
            own.merged(),
            ProxyGrantRepository.scope(widest) == ProxyScope.WHOLE_RECORD));
  }

  /** The grants in force for {@code caller} now, whomever they are for. */
  List<Document> inForce(Caller caller) {
    TenantId tenant = caller.tenant().orElseThrow();
    Instant now = clock.instant();
    return ProxyGrantRepository.of(collections, tenant)
        .inForce(caller.issuer(), caller.subject(), null, now)
        .stream()
        .filter(
            g ->
                beforeMajority(
                    g, tenant, new PatientId(g.getString(ProxyGrantRepository.PATIENT)), now))
        .toList();
  }

  /** Whether {@code patient} is of age now in {@code tenant}; an unreadable birth date: not. */
  boolean ofAge(TenantId tenant, PatientId patient) {
    Instant now = clock.instant();
    return birthDate(tenant, patient).map(b -> !now.isBefore(majority(tenant, b))).orElse(false);
  }

  private boolean beforeMajority(Document grant, TenantId tenant, PatientId patient, Instant now) {
    if (!ProxyRelationship.PARENT
        .name()
        .equals(grant.getString(ProxyGrantRepository.RELATIONSHIP))) {
      return true;
    }
    return birthDate(tenant, patient).map(b -> now.isBefore(majority(tenant, b))).orElse(false);
  }

  private Instant majority(TenantId tenant, LocalDate birthDate) {
    int age = new ProxySettings(collections).ageOfMajority(tenant);
    return birthDate.plusYears(age).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private Optional<LocalDate> birthDate(TenantId tenant, PatientId patient) {
    Optional<String> stored =
        PatientRepository.forMaintenance(collections, tenant)
            .findOne(eq("patientId", patient.value()), new Document("birthDate", 1), null)
            .map(d -> protection.open(tenant, d).getString("birthDate"));
    try {
      return stored.map(LocalDate::parse);
    } catch (DateTimeParseException unreadable) {
      return Optional.empty();
    }
  }
}
