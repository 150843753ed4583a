package org.phirecords.internal.store;

import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.or;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.PatientId;

/**
 * How far below its tenant an operation's handles reach (ADR 27): the whole tenant, or the patients
 * with a membership in effect at one instant of one of a set of organisations, and at most one more
 * patient opened by a break-glass declaration (ADR 28). The patients a handle has found in reach
 * are remembered for the operation, so that its later queries of their entries, amendments or audit
 * events need no second look-up.
 */
public final class Reach {
  /** The field of a patient document listing its memberships' organisations and periods. */
  public static final String FIELD = "reach";

  /** In {@link #FIELD}: the organisation id. */
  public static final String ORGANISATION = "o";

  /** In {@link #FIELD}: the first instant of the membership. */
  public static final String START = "s";

  /** In {@link #FIELD}: the first instant after it ({@link #OPEN} while it has no end). */
  public static final String END = "e";

  /** The end of a membership that has none, so that a range query needs no null case. */
  public static final Date OPEN = Date.from(Instant.parse("9999-12-31T00:00:00Z"));

  private static final Reach TENANT = new Reach(null, Instant.EPOCH, Optional.empty());

  private final Set<String> organisations;
  private final Instant at;
  private final Optional<PatientId> opened;
  private final Set<String> found = ConcurrentHashMap.newKeySet();

  private Reach(Set<String> organisations, Instant at, Optional<PatientId> opened) {
    this.organisations = organisations;
    this.at = at;
    this.opened = opened;
  }

  /** The whole tenant: today's reach of a role held at the root. */
  public static Reach wholeTenant() {
    return TENANT;
  }

  /** The members of {@code organisations} at {@code at} (none: no patient at all). */
  public static Reach within(Set<OrganisationId> organisations, Instant at) {
    return new Reach(
        Set.copyOf(organisations.stream().map(OrganisationId::value).toList()),
        at,
        Optional.empty());
  }

  /** This reach and {@code patient} too (a break-glass declaration). */
  public Reach opening(PatientId patient) {
    return isWholeTenant() ? this : new Reach(organisations, at, Optional.of(patient));
  }

  /** Whether it is the whole tenant. */
  public boolean isWholeTenant() {
    return organisations == null;
  }

  /** The organisations, when not the whole tenant. */
  public Set<String> organisations() {
    return organisations == null ? Set.of() : organisations;
  }

  /**
   * The condition a patient document must meet: a membership of one of the organisations in effect
   * at the instant, or being the opened patient. Only for a reach that is not the whole tenant.
   */
  Bson patientCondition() {
    Date now = Date.from(at);
    Bson member =
        elemMatch(
            FIELD,
            new Document(ORGANISATION, new Document("$in", List.copyOf(organisations)))
                .append(START, new Document("$lte", now))
                .append(END, new Document("$gt", now)));
    return opened
        .map(p -> or(member, eq(TenantScopedCollection.PATIENT, p.value())))
        .orElse(member);
  }

  /** Whether {@code organisation} is one this reach holds at (always, for the whole tenant). */
  public boolean admits(String organisation) {
    return organisations == null || organisations.contains(organisation);
  }

  /** The {@link #FIELD} entry of a membership of {@code organisation} over [start, end). */
  public static Document entry(String organisation, Date start, Date end) {
    return new Document(ORGANISATION, organisation)
        .append(START, start)
        .append(END, end == null ? OPEN : end);
  }

  /** Whether {@code patient} is known to be in reach already (opened, or found by a handle). */
  boolean known(String patient) {
    return found.contains(patient) || opened.map(p -> p.value().equals(patient)).orElse(false);
  }

  /** Remembers that {@code patient} was found in reach. */
  void found(String patient) {
    found.add(patient);
  }

  @Override
  public String toString() {
    return isWholeTenant()
        ? "Reach[tenant]"
        : "Reach["
            + organisations.size()
            + " organisations"
            + (opened.isPresent() ? ", opened]" : "]");
  }
}
