package org.phirecords.internal.emergency;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Updates;
import jakarta.enterprise.inject.Instance;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.phirecords.audit.EmergencyAccessDeclared;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.tenant.MongoTenantSettings;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.BreakGlassPolicy;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.DeclarationId;
import org.phirecords.model.EmergencyDeclaration;
import org.phirecords.model.EmergencyReason;
import org.phirecords.model.EmergencyReview;
import org.phirecords.model.EntryType;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.model.SensitiveClearances;
import org.phirecords.model.Sensitivity;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;
import org.phirecords.service.BreakGlass;

/** Break-glass declarations (ADR 28) through the real interceptor: declare, use, expire, review. */
class BreakGlassTest {
  private static final String TENANT = "tenant-a";
  private static final String WHY = "Unresponsive on arrival; synthetic justification.";
  private static final Caller PHYSICIAN = StoreFixture.staff(TENANT, Role.PHYSICIAN);
  private static final Caller OTHER_PHYSICIAN =
      StoreFixture.staffNamed("user-physician-2", TENANT, Role.PHYSICIAN);
  private static final Caller OFFICER = StoreFixture.staff(TENANT, Role.PRIVACY_OFFICER);
  private static final Caller ADMIN = StoreFixture.staff(TENANT, Role.TENANT_ADMIN);

  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords records = fixture.clinical();
  private final MongoTenantSettings settings = fixture.tenantSettings();

  @SuppressWarnings("unchecked")
  private final jakarta.enterprise.event.Event<EmergencyAccessDeclared> declared =
      Mockito.mock(jakarta.enterprise.event.Event.class);

  @SuppressWarnings("unchecked")
  private final Instance<MetricRegistry> metrics = Mockito.mock(Instance.class);

  private final BreakGlass glass =
      fixture.intercepted(
          new MongoBreakGlass(fixture.operations, fixture.freeText, declared, metrics));

  private Patient patient;
  private Patient other;
  private RecordId part2;

  @BeforeEach
  void record() {
    fixture.registerTenant(TENANT, "Clinic A");
    fixture.actAs(PHYSICIAN);
    patient = directory.create(People.synthetic());
    other = directory.create(People.synthetic());
    fixture.actAs(ADMIN);
    settings.updateSensitiveClearances(
        new SensitiveClearances(Map.of(Role.PHYSICIAN, Set.of(Sensitivity.values()))));
    fixture.actAs(PHYSICIAN);
    part2 = records.create(patient.id(), part2Entry()).id();
    records.create(other.id(), part2Entry());
    fixture.actAs(ADMIN);
    settings.updateSensitiveClearances(SensitiveClearances.DEFAULT);
    fixture.actAs(PHYSICIAN);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private static ClinicalData part2Entry() {
    return new ClinicalData(
            EntryType.CONDITION,
            List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", "F10.20", "Alcohol dependence")),
            LocalDate.of(2026, 3, 1),
            "active",
            null,
            "Synthetic note")
        .withSensitivity(Sensitivity.SUBSTANCE_USE_PART2);
  }

  private EmergencyDeclaration declare(PatientId id) {
    return glass.declare(id, EmergencyReason.UNCONSCIOUS_PATIENT, WHY, Optional.empty());
  }

  private static <T> T under(EmergencyDeclaration d, java.util.concurrent.Callable<T> body)
      throws Exception {
    return BreakGlass.under(d.id(), body);
  }

  private ErrorCode refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).isInstanceOf(RecordsException.class);
    return ((RecordsException) t).errorCode();
  }

  private List<Document> events(String subject, String operation) {
    return fixture
        .collections
        .auditLog()
        .find(and(eq("subject", subject), eq("operation", operation)))
        .into(new java.util.ArrayList<>());
  }

  private void policy(BreakGlassPolicy p) {
    fixture.actAs(ADMIN);
    settings.updateBreakGlass(p);
    fixture.actAs(PHYSICIAN);
  }

  private void expire(EmergencyDeclaration d) {
    fixture
        .collections
        .forMaintenance(StoredCollection.EMERGENCY_ACCESS, new TenantId(TENANT))
        .findOneAndUpdate(
            eq("declarationId", d.id().value()),
            Updates.set("expiresAt", new Date(System.currentTimeMillis() - 1000)));
  }

  @Test
  void aDeclarationIsStoredWithItsJustificationEncryptedAnnouncedAndAlerted() {
    EmergencyDeclaration d = declare(patient.id());
    assertThat(d.expiresAt()).isEqualTo(d.declaredAt().plusSeconds(60 * 60));
    assertThat(d.writes()).isFalse();
    Document stored =
        fixture
            .collections
            .forMaintenance(StoredCollection.EMERGENCY_ACCESS, new TenantId(TENANT))
            .findOne(eq("declarationId", d.id().value()), null, null)
            .orElseThrow();
    assertThat(stored.get("justification")).isNotInstanceOf(String.class);
    assertThat(stored.toJson()).doesNotContain("Unresponsive");
    assertThat(events(PHYSICIAN.subject(), "BreakGlass.declare"))
        .extracting(e -> e.getString("outcome"))
        .containsExactly("INTENDED", "SUCCESS");
    assertThat(fixture.collections.auditLog().find().into(new java.util.ArrayList<>()))
        .allSatisfy(e -> assertThat(e.toJson()).doesNotContain("Unresponsive"));
    ArgumentCaptor<EmergencyAccessDeclared> alert =
        ArgumentCaptor.forClass(EmergencyAccessDeclared.class);
    Mockito.verify(declared).fireAsync(alert.capture());
    assertThat(alert.getValue().declarationId()).isEqualTo(d.id().value());
    assertThat(alert.getValue().patientId()).isEqualTo(patient.id().value());
    assertThat(alert.getValue().reason()).isEqualTo(EmergencyReason.UNCONSCIOUS_PATIENT);
  }

  @Test
  void accessesUnderItAreAuditedEtreatWithTheDeclarationAndTheChainCoversIt() throws Exception {
    EmergencyDeclaration d = declare(patient.id());
    under(d, () -> directory.get(patient.id()));
    directory.get(patient.id());
    List<Document> reads = events(PHYSICIAN.subject(), "PatientDirectory.get");
    assertThat(reads).hasSize(2);
    assertThat(reads.get(0).getString("purposeOfUse")).isEqualTo("ETREAT");
    assertThat(reads.get(0).getString("emergencyId")).isEqualTo(d.id().value());
    assertThat(reads.get(1).getString("purposeOfUse")).isEqualTo("TREAT");
    assertThat(reads.get(1).containsKey("emergencyId")).isFalse();
    assertThat(fixture.audit.verifier().verify(TENANT, null, null).valid()).isTrue();
    // The hash covers the link to the declaration: removing it breaks the chain.
    fixture
        .collections
        .auditLog()
        .updateOne(eq("_id", reads.get(0).getString("_id")), Updates.unset("emergencyId"));
    assertThat(fixture.audit.verifier().verify(TENANT, null, null).valid()).isFalse();
  }

  @Test
  void aTokenClaimingEtreatWithoutADeclarationIsAuditedWithItsRolesPurpose() {
    Caller claiming =
        new Caller(
            PHYSICIAN.subject(),
            PHYSICIAN.tenant(),
            PHYSICIAN.roles(),
            Optional.empty(),
            PurposeOfUse.EMERGENCY_TREATMENT,
            "127.0.0.1");
    fixture.actAs(claiming);
    directory.get(patient.id());
    assertThat(events(PHYSICIAN.subject(), "PatientDirectory.get"))
        .extracting(e -> e.getString("purposeOfUse"))
        .containsExactly("TREAT");
  }

  @Test
  void declaringIsRefusedWhenDisabledForOtherRolesAndWithoutReasonOrJustification() {
    assertThat(refusal(() -> glass.declare(patient.id(), null, WHY, Optional.empty())))
        .isEqualTo(ErrorCode.EMERGENCY_REASON);
    assertThat(
            refusal(
                () -> glass.declare(patient.id(), EmergencyReason.OTHER, " ", Optional.empty())))
        .isEqualTo(ErrorCode.EMERGENCY_REASON);
    assertThat(
            refusal(
                () ->
                    glass.declare(
                        patient.id(), EmergencyReason.OTHER, "x".repeat(2001), Optional.empty())))
        .isEqualTo(ErrorCode.EMERGENCY_REASON);
    assertThat(
            refusal(
                () -> glass.declare(patient.id(), EmergencyReason.OTHER, WHY, Optional.of(241))))
        .isEqualTo(ErrorCode.INVALID_FIELD);
    assertThatThrownBy(() -> declare(new PatientId(PatientId.random().value())))
        .isInstanceOf(NotFoundException.class);

    // Billing and privacy officers never hold the permission (the role table, PHR-403-01).
    fixture.actAs(StoreFixture.staff(TENANT, Role.BILLING));
    assertThat(refusal(() -> declare(patient.id()))).isEqualTo(ErrorCode.ACCESS_DENIED);
    fixture.actAs(OFFICER);
    assertThat(refusal(() -> declare(patient.id()))).isEqualTo(ErrorCode.ACCESS_DENIED);
    assertThat(events(OFFICER.subject(), "BreakGlass.declare"))
        .extracting(e -> e.getString("outcome"))
        .containsExactly("DENIED");

    policy(new BreakGlassPolicy(false, Set.of(Role.PHYSICIAN), 60, 240, false));
    assertThat(refusal(() -> declare(patient.id()))).isEqualTo(ErrorCode.BREAK_GLASS_DISABLED);
    policy(new BreakGlassPolicy(true, Set.of(), 60, 240, false));
    assertThat(refusal(() -> declare(patient.id()))).isEqualTo(ErrorCode.BREAK_GLASS_ROLE);
    assertThat(events(PHYSICIAN.subject(), "BreakGlass.declare"))
        .extracting(e -> e.getString("outcome"))
        .containsExactly(
            "INVALID", "INVALID", "INVALID", "INVALID", "NOT_FOUND", "DENIED", "DENIED");
    assertThat(
            fixture
                .collections
                .forMaintenance(StoredCollection.EMERGENCY_ACCESS, new TenantId(TENANT))
                .count(new Document()))
        .isZero();
  }

  @Test
  void aDeclarationHoldsOnlyForItsDeclarerItsPatientAndUntilItExpires() throws Exception {
    EmergencyDeclaration d = declare(patient.id());
    assertThat(refusal(() -> under(d, () -> directory.get(other.id()))))
        .isEqualTo(ErrorCode.EMERGENCY_ACCESS_INVALID);
    fixture.actAs(OTHER_PHYSICIAN);
    assertThat(refusal(() -> under(d, () -> directory.get(patient.id()))))
        .isEqualTo(ErrorCode.EMERGENCY_ACCESS_INVALID);
    assertThat(events(OTHER_PHYSICIAN.subject(), "PatientDirectory.get"))
        .extracting(e -> e.getString("outcome"))
        .containsExactly("DENIED");
    fixture.actAs(PHYSICIAN);
    assertThat(under(d, () -> directory.get(patient.id())).id()).isEqualTo(patient.id());
    expire(d);
    assertThat(refusal(() -> under(d, () -> directory.get(patient.id()))))
        .isEqualTo(ErrorCode.EMERGENCY_ACCESS_INVALID);
    assertThat(
            refusal(
                () ->
                    under(
                        new EmergencyDeclaration(
                            DeclarationId.random(),
                            d.patient(),
                            "",
                            "x",
                            d.reason(),
                            null,
                            d.declaredAt(),
                            d.expiresAt(),
                            false,
                            EmergencyReview.UNREVIEWED,
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty()),
                        () -> directory.get(patient.id()))))
        .isEqualTo(ErrorCode.EMERGENCY_ACCESS_INVALID);
  }

  @Test
  void writesNeedTheTenantToAllowThem() throws Exception {
    EmergencyDeclaration readOnly = declare(patient.id());
    assertThat(refusal(() -> under(readOnly, () -> records.create(patient.id(), part2Entry()))))
        .isEqualTo(ErrorCode.EMERGENCY_READ_ONLY);
    policy(new BreakGlassPolicy(true, Set.of(Role.PHYSICIAN), 30, 60, true));
    EmergencyDeclaration writes = declare(patient.id());
    assertThat(writes.expiresAt()).isEqualTo(writes.declaredAt().plusSeconds(30 * 60));
    ClinicalEntry made = under(writes, () -> records.create(patient.id(), part2Entry()));
    assertThat(made.data().sensitivity()).isEqualTo(Sensitivity.SUBSTANCE_USE_PART2);
    assertThat(events(PHYSICIAN.subject(), "ClinicalRecords.create"))
        .filteredOn(e -> writes.id().value().equals(e.getString("emergencyId")))
        .extracting(e -> e.getString("outcome"))
        .containsExactly("INTENDED", "SUCCESS");
  }

  @Test
  void sensitiveEntriesShowUnderADeclarationForItsPatientOnly() throws Exception {
    assertThatThrownBy(() -> records.get(part2)).isInstanceOf(NotFoundException.class);
    PageRequest all = PageRequest.first(PageRequest.MAX_LIMIT);
    assertThat(records.listByPatient(patient.id(), all).items()).isEmpty();
    EmergencyDeclaration d = declare(patient.id());
    assertThat(under(d, () -> records.get(part2)).id()).isEqualTo(part2);
    assertThat(under(d, () -> records.listByPatient(patient.id(), all)).items()).hasSize(1);
    EmergencyDeclaration forOther = declare(other.id());
    assertThatThrownBy(() -> under(forOther, () -> records.get(part2)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> records.get(part2)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void thePrivacyOfficerReviewsEachDeclarationOnce() {
    EmergencyDeclaration first = declare(patient.id());
    EmergencyDeclaration second = declare(other.id());
    EmergencyDeclaration third = declare(patient.id());
    fixture.actAs(OFFICER);
    List<DeclarationId> queued = new java.util.ArrayList<>();
    PageRequest request = PageRequest.first(1);
    while (true) {
      var page = glass.unreviewed(request);
      page.items().forEach(i -> queued.add(i.id()));
      if (!page.hasMore()) {
        break;
      }
      request = request.next(page);
    }
    assertThat(queued).containsExactlyInAnyOrder(first.id(), second.id(), third.id());
    assertThat(glass.unreviewed(PageRequest.first(10)).items().get(0).justification())
        .isEqualTo(WHY);

    EmergencyDeclaration acknowledged = glass.acknowledge(first.id());
    assertThat(acknowledged.review()).isEqualTo(EmergencyReview.ACKNOWLEDGED);
    assertThat(acknowledged.reviewer()).contains(OFFICER.subject());
    EmergencyDeclaration flagged = glass.flag(second.id(), "Patient was in scope; synthetic.");
    assertThat(flagged.review()).isEqualTo(EmergencyReview.FLAGGED);
    assertThat(flagged.note()).contains("Patient was in scope; synthetic.");
    assertThat(refusal(() -> glass.flag(first.id(), "late")))
        .isEqualTo(ErrorCode.EMERGENCY_REVIEWED);
    assertThat(refusal(() -> glass.acknowledge(second.id())))
        .isEqualTo(ErrorCode.EMERGENCY_REVIEWED);
    assertThat(refusal(() -> glass.flag(third.id(), ""))).isEqualTo(ErrorCode.INVALID_FIELD);
    assertThatThrownBy(() -> glass.acknowledge(DeclarationId.random()))
        .isInstanceOf(NotFoundException.class);
    assertThat(glass.unreviewed(PageRequest.first(10)).items())
        .extracting(EmergencyDeclaration::id)
        .containsExactly(third.id());
    Document stored =
        fixture
            .collections
            .forMaintenance(StoredCollection.EMERGENCY_ACCESS, new TenantId(TENANT))
            .findOne(eq("declarationId", second.id().value()), null, null)
            .orElseThrow();
    assertThat(stored.get("note")).isNotInstanceOf(String.class);
    assertThat(events(OFFICER.subject(), "BreakGlass.flag"))
        .extracting(e -> e.getString("outcome"))
        .containsExactly("INTENDED", "SUCCESS", "CONFLICT", "INVALID");

    fixture.actAs(PHYSICIAN);
    assertThatThrownBy(() -> glass.unreviewed(PageRequest.first(10)))
        .isInstanceOf(org.phirecords.error.AccessDeniedException.class);
  }

  @Test
  void theTenantAdminSetsTheBoundsWithinTheModulesBounds() {
    fixture.actAs(ADMIN);
    assertThat(settings.breakGlass()).isEqualTo(BreakGlassPolicy.DEFAULT);
    BreakGlassPolicy set = new BreakGlassPolicy(true, Set.of(Role.PHYSICIAN), 15, 1440, true);
    assertThat(settings.updateBreakGlass(set)).isEqualTo(set);
    assertThat(settings.breakGlass()).isEqualTo(set);
    assertThat(refusal(() -> new BreakGlassPolicy(true, Set.of(), 5, 1441, false)))
        .isEqualTo(ErrorCode.INVALID_FIELD);
    assertThat(refusal(() -> new BreakGlassPolicy(true, Set.of(), 4, 60, false)))
        .isEqualTo(ErrorCode.INVALID_FIELD);
    assertThat(refusal(() -> new BreakGlassPolicy(true, Set.of(Role.BILLING), 5, 60, false)))
        .isEqualTo(ErrorCode.INVALID_FIELD);
  }
}
