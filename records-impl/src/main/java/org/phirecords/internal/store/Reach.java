package org.phirecords.internal.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.or;

import java.time.Instant;
import java.util.ArrayList;
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
 * with a membership in effect at one instant of one of a set of organisations; of those, possibly
 * only the patients whose care team includes one subject (ADR 30); and at most one more patient
 * opened by a break-glass declaration (ADR 28). The patients a handle has found in reach are
 * remembered for the operation, so that its later queries of their entries, amendments or audit
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

  /** The field of a patient document listing the subjects on its care team now (ADR 30). */
  public static final String CARE_TEAM = "careTeam";

  /** The end of a membership that has none, so that a range query needs no null case. */
  public static final Date OPEN = Date.from(Instant.parse("9999-12-31T00:00:00Z"));

  private static final Reach TENANT =
      new Reach(null, Instant.EPOCH, Optional.empty(), Optional.empty());

  private final Set<String> organisations;
  private final Instant at;
  private final Optional<String> careTeamOf;
  private final Optional<PatientId> opened;
  private final Set<String> found = ConcurrentHashMap.newKeySet();

  private Reach(
      Set<String> organisations,
      Instant at,
      Optional<String> careTeamOf,
      Optional<PatientId> opened) {
    this.organisations = organisations;
    this.at = at;
    this.careTeamOf = careTeamOf;
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
        Optional.empty(),
        Optional.empty());
  }

  /** Of this reach, only the patients whose care team includes {@code subject} (ADR 30). */
  public Reach onCareTeamOf(String subject) {
    return new Reach(organisations, at, Optional.of(subject), opened);
  }

  /** This reach and {@code patient} too (a break-glass declaration). */
  public Reach opening(PatientId patient) {
    return isWholeTenant() ? this : new Reach(organisations, at, careTeamOf, Optional.of(patient));
  }

  /** Whether it is the whole tenant, every patient of it. */
  public boolean isWholeTenant() {
    return organisations == null && careTeamOf.isEmpty();
  }

  /** Whether it holds at every organisation (a care team may still narrow it). */
  public boolean allOrganisations() {
    return organisations == null;
  }

  /** The subject whose care teams narrow it, if any. */
  public Optional<String> careTeamOf() {
    return careTeamOf;
  }

  /** The organisations, when not the whole tenant. */
  public Set<String> organisations() {
    return organisations == null ? Set.of() : organisations;
  }

  /**
   * The condition a patient document must meet: a membership of one of the organisations in effect
   * at the instant, the subject on its care team, or being the opened patient. Only for a reach
   * that is not the whole tenant.
   */
  Bson patientCondition() {
    List<Bson> all = new ArrayList<>(2);
    if (organisations != null) {
      Date now = Date.from(at);
      all.add(
          elemMatch(
              FIELD,
              new Document(ORGANISATION, new Document("$in", List.copyOf(organisations)))
                  .append(START, new Document("$lte", now))
                  .append(END, new Document("$gt", now))));
    }
    careTeamOf.ifPresent(s -> all.add(eq(CARE_TEAM, s)));
    Bson member = all.size() == 1 ? all.get(0) : and(all);
    return opened
        .map(p -> or(member, eq(TenantScopedCollection.PATIENT, p.value())))
        .orElse(member);
  }

  /** Whether a patient stored with {@code reach} entries and care team {@code team} is in reach. */
  boolean admitsNew(List<Document> reach, List<String> team) {
    boolean organisation =
        organisations == null
            || (reach != null
                && reach.stream().anyMatch(e -> organisations.contains(e.getString(ORGANISATION))));
    return organisation && careTeamOf.map(s -> team != null && team.contains(s)).orElse(true);
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
            + (organisations == null ? "all" : organisations.size())
            + " organisations"
            + (careTeamOf.isPresent() ? ", care team" : "")
            + (opened.isPresent() ? ", opened]" : "]");
  }
}
