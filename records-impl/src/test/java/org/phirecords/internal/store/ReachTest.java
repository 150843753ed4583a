package org.phirecords.internal.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

/** The handle's reach below the tenant (ADR 27): patients, and documents belonging to them. */
class ReachTest {
  private static final String T = "tenant-reach";
  private static final Instant NOW = Instant.now();
  private static final String IN_A = "AAAAAAAAAAAAAAAAAAAAAA";
  private static final String IN_B = "BBBBBBBBBBBBBBBBBBBBBB";
  private static final String ENDED = "CCCCCCCCCCCCCCCCCCCCCC";
  private static final String FUTURE = "DDDDDDDDDDDDDDDDDDDDDD";
  private static final String NONE = "EEEEEEEEEEEEEEEEEEEEEE";

  private final StoreFixture fixture = new StoreFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @BeforeEach
  void patientsAndEntries() {
    TenantScopedCollection all =
        fixture.collections.forMaintenance(StoredCollection.PATIENTS, tenant());
    TenantScopedCollection entries =
        fixture.collections.forMaintenance(StoredCollection.CLINICAL_ENTRIES, tenant());
    for (String p : List.of(IN_A, IN_B, ENDED, FUTURE, NONE)) {
      all.insertOne(new Document("patientId", p).append("mrn", "mrn-" + p));
      entries.insertOne(new Document("patientId", p).append("recordId", "r-" + p));
    }
    all.setReach(IN_A, List.of(member("client-a", NOW.minus(Duration.ofDays(30)), null)));
    all.setReach(IN_B, List.of(member("client-b", NOW.minus(Duration.ofDays(30)), null)));
    all.setReach(
        ENDED,
        List.of(member("client-a", NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)))));
    all.setReach(FUTURE, List.of(member("client-a", NOW.plus(Duration.ofDays(1)), null)));
  }

  @Test
  void patientsAreThoseWithAMembershipInEffectOfAnOrganisationInReach() {
    TenantScopedCollection a = handle(StoredCollection.PATIENTS, reach("client-a"));
    assertThat(a.find(new Document(), null, null, 0))
        .extracting(d -> d.getString("patientId"))
        .containsExactly(IN_A);
    assertThat(a.count(new Document())).isEqualTo(1);
    assertThat(a.exists(eq("patientId", IN_B))).isFalse();
    assertThat(a.exists(eq("patientId", ENDED))).as("coverage ended yesterday").isFalse();
    assertThat(a.exists(eq("patientId", FUTURE))).as("coverage starts tomorrow").isFalse();
    assertThat(
            handle(StoredCollection.PATIENTS, reach("client-a", "client-b")).count(new Document()))
        .isEqualTo(2);
    assertThat(handle(StoredCollection.PATIENTS, Reach.within(Set.of(), NOW)).count(new Document()))
        .isZero();
    assertThat(handle(StoredCollection.PATIENTS, Reach.wholeTenant()).count(new Document()))
        .isEqualTo(5);
  }

  @Test
  void documentsOfPatientsOutOfReachAreNotFoundWhetherNamedOrNot() {
    TenantScopedCollection entries = handle(StoredCollection.CLINICAL_ENTRIES, reach("client-a"));
    assertThat(entries.find(eq("patientId", IN_A), null, null, 0)).hasSize(1);
    assertThat(entries.find(eq("patientId", IN_B), null, null, 0)).isEmpty();
    assertThat(entries.findOne(eq("recordId", "r-" + IN_B), null, null)).isEmpty();
    assertThat(entries.find(in("patientId", List.of(IN_A, IN_B)), null, null, 0))
        .extracting(d -> d.getString("patientId"))
        .containsExactly(IN_A);
    assertThat(entries.count(new Document())).isEqualTo(1);
    assertThat(entries.aggregate(List.of(new Document("$count", "n"))))
        .extracting(d -> d.getInteger("n"))
        .containsExactly(1);
    assertThat(entries.deleteMany(eq("patientId", IN_B))).isZero();
    assertThatThrownBy(
            () -> entries.insertOne(new Document("patientId", IN_B).append("recordId", "x")))
        .isInstanceOf(TenantScopeViolation.class);
    entries.insertOne(new Document("patientId", IN_A).append("recordId", "y"));
    assertThat(entries.count(eq("patientId", IN_A))).isEqualTo(2);
  }

  @Test
  void aFilterNamingNoPatientMatchesOnlyDocumentsOfPatientsInReachHoweverManyItMatches() {
    TenantScopedCollection entries = handle(StoredCollection.CLINICAL_ENTRIES, reach("client-a"));
    assertThat(
            entries.findOneAndUpdate(
                eq("recordId", "r-" + IN_B), new Document("$set", new Document("status", "x"))))
        .isEmpty();
    assertThat(
            fixture
                .collections
                .forMaintenance(StoredCollection.CLINICAL_ENTRIES, tenant())
                .count(eq("status", "x")))
        .isZero();
    // More documents than are probed: the filter is narrowed to every patient in reach instead.
    TenantScopedCollection all =
        fixture.collections.forMaintenance(StoredCollection.CLINICAL_ENTRIES, tenant());
    for (int i = 0; i <= ReachFilter.MAX_PROBED; i++) {
      all.insertOne(
          new Document("patientId", i % 2 == 0 ? IN_A : IN_B)
              .append("recordId", "bulk-" + i)
              .append("bulk", true));
    }
    assertThat(entries.count(eq("bulk", true))).isEqualTo(ReachFilter.MAX_PROBED / 2 + 1);
    assertThat(entries.find(eq("bulk", true), null, null, 0))
        .allSatisfy(d -> assertThat(d.getString("patientId")).isEqualTo(IN_A));
  }

  @Test
  void aBreakGlassDeclarationOpensItsOnePatient() {
    Reach opened = reach("client-a").opening(new PatientId(IN_B));
    assertThat(handle(StoredCollection.PATIENTS, opened).find(new Document(), null, null, 0))
        .extracting(d -> d.getString("patientId"))
        .containsExactlyInAnyOrder(IN_A, IN_B);
    assertThat(handle(StoredCollection.CLINICAL_ENTRIES, opened).count(eq("patientId", IN_B)))
        .isEqualTo(1);
    assertThat(handle(StoredCollection.CLINICAL_ENTRIES, opened).count(eq("patientId", NONE)))
        .isZero();
  }

  @Test
  void nothingButTheMembershipsSetTheReachOrFilterOnIt() {
    TenantScopedCollection patients = handle(StoredCollection.PATIENTS, Reach.wholeTenant());
    assertThatThrownBy(() -> patients.find(eq("reach.o", "client-a"), null, null, 0))
        .isInstanceOf(TenantScopeViolation.class);
    assertThatThrownBy(
            () ->
                patients.findOneAndUpdate(
                    eq("patientId", NONE), new Document("$set", new Document("reach", List.of()))))
        .isInstanceOf(TenantScopeViolation.class);
    assertThatThrownBy(
            () -> patients.insertOne(new Document("patientId", "x").append("reach", List.of())))
        .isInstanceOf(TenantScopeViolation.class);
    assertThatThrownBy(
            () ->
                handle(StoredCollection.PATIENTS, reach("client-a"))
                    .insertOne(new Document("patientId", "FFFFFFFFFFFFFFFFFFFFFF")))
        .as("a caller reaching below the tenant cannot add patients no one could reach")
        .isInstanceOf(TenantScopeViolation.class);
    TenantScopedCollection scoped = handle(StoredCollection.PATIENTS, reach("client-a"));
    assertThatThrownBy(
            () ->
                scoped.insertReached(
                    new Document("patientId", "GGGGGGGGGGGGGGGGGGGGGG"),
                    List.of(member("client-b", NOW, null)),
                    null))
        .isInstanceOf(TenantScopeViolation.class);
    scoped.insertReached(
        new Document("patientId", "HHHHHHHHHHHHHHHHHHHHHH").append("mrn", "registered"),
        List.of(member("client-a", NOW.minusSeconds(1), null)),
        null);
    assertThat(scoped.exists(eq("patientId", "HHHHHHHHHHHHHHHHHHHHHH"))).isTrue();
  }

  @Test
  void aCareTeamNarrowsWithinTheOrganisationsAndBreakGlassStillOpensItsPatient() {
    TenantScopedCollection all =
        fixture.collections.forMaintenance(StoredCollection.PATIENTS, tenant());
    all.setCareTeam(IN_A, List.of("dr-a"));
    all.setCareTeam(IN_B, List.of("dr-a"));
    all.setCareTeam(NONE, List.of("dr-a", "dr-b"));
    Reach teamInA = reach("client-a").onCareTeamOf("dr-a");
    assertThat(handle(StoredCollection.PATIENTS, teamInA).find(new Document(), null, null, 0))
        .as("on the team and a member of client-a")
        .extracting(d -> d.getString("patientId"))
        .containsExactly(IN_A);
    assertThat(
            handle(StoredCollection.PATIENTS, Reach.wholeTenant().onCareTeamOf("dr-b"))
                .find(new Document(), null, null, 0))
        .as("tenant-wide, on the team only")
        .extracting(d -> d.getString("patientId"))
        .containsExactly(NONE);
    assertThat(Reach.wholeTenant().onCareTeamOf("dr-b").isWholeTenant()).isFalse();
    TenantScopedCollection entries =
        handle(StoredCollection.CLINICAL_ENTRIES, reach("client-a").onCareTeamOf("dr-b"));
    assertThat(entries.find(eq("patientId", IN_A), null, null, 0)).isEmpty();
    assertThat(entries.count(new Document())).isZero();
    assertThat(
            handle(
                    StoredCollection.PATIENTS,
                    reach("client-a").onCareTeamOf("dr-b").opening(new PatientId(IN_B)))
                .find(new Document(), null, null, 0))
        .extracting(d -> d.getString("patientId"))
        .containsExactly(IN_B);
    TenantScopedCollection narrowed =
        handle(StoredCollection.PATIENTS, Reach.wholeTenant().onCareTeamOf("dr-c"));
    assertThatThrownBy(
            () ->
                narrowed.insertReached(
                    new Document("patientId", "JJJJJJJJJJJJJJJJJJJJJJ"), null, List.of("dr-d")))
        .as("a narrowed physician cannot add a patient off their own team")
        .isInstanceOf(TenantScopeViolation.class);
    narrowed.insertReached(
        new Document("patientId", "KKKKKKKKKKKKKKKKKKKKKK"), null, List.of("dr-c"));
    assertThat(narrowed.exists(eq("patientId", "KKKKKKKKKKKKKKKKKKKKKK"))).isTrue();
    assertThatThrownBy(() -> narrowed.find(eq("careTeam", "dr-d"), null, null, 0))
        .as("services never filter on the care team themselves")
        .isInstanceOf(TenantScopeViolation.class);
  }

  @Test
  void collectionsWithoutPatientsIgnoreTheReach() {
    fixture
        .collections
        .forMaintenance(StoredCollection.ORGANISATIONS, tenant())
        .insertOne(new Document("organisationId", "client-b"));
    assertThat(handle(StoredCollection.ORGANISATIONS, reach("client-a")).count(new Document()))
        .isEqualTo(1);
  }

  private TenantScopedCollection handle(StoredCollection collection, Reach reach) {
    return fixture.collections.forCaller(
        collection, StoreFixture.staff(T, Role.PHYSICIAN), Permission.CLINICAL_READ, reach);
  }

  private static Reach reach(String... organisations) {
    return Reach.within(
        Set.copyOf(List.of(organisations).stream().map(OrganisationId::new).toList()), NOW);
  }

  private static Document member(String organisation, Instant start, Instant end) {
    return new Document(Reach.ORGANISATION, organisation)
        .append(Reach.START, Date.from(start))
        .append(Reach.END, end == null ? Reach.OPEN : Date.from(end));
  }

  private static TenantId tenant() {
    return new TenantId(T);
  }
}
