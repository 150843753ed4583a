package org.phirecords.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.access.MongoPatientRights;
import org.phirecords.internal.billing.MongoBillingRecords;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.tenant.MongoTenantRegistry;
import org.phirecords.internal.tenant.MongoTenantSettings;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Address;
import org.phirecords.model.AlertSettings;
import org.phirecords.model.Amendment;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.GroupMapping;
import org.phirecords.model.Mrn;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.Quantity;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/**
 * Every write path (onboarding, identity, clinical, amendments, settings, data key rotation, and
 * the audit trail they all write) with a canary in every identity and free-text field; then every
 * document and index of every collection of every database of both stores, as listed by the store,
 * is searched: no canary anywhere.
 */
class PlaintextCanaryTest {
  private static final TenantId T = new TenantId("tenant-canary");
  private final StoreFixture fixture = new StoreFixture();
  private final String tag = Long.toString(System.nanoTime(), 36).toUpperCase();
  private final List<String> canaries = new ArrayList<>();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords clinical = fixture.clinical();
  private final MongoBillingRecords billing =
      fixture.intercepted(
          new MongoBillingRecords(fixture.operations, fixture.protection, fixture.freeText));
  private final MongoPatientRights rights = fixture.rights(directory, clinical, Clock.systemUTC());

  @AfterEach
  void close() {
    fixture.close();
  }

  /** A canary for {@code field}: letters only, so that it fits every field's form. */
  private String canary(String field) {
    String value = "Canary" + field + tag;
    canaries.add(value);
    return value;
  }

  private PatientData person() {
    return new PatientData(
        new Mrn(canary("mrn")),
        canary("given"),
        canary("family"),
        LocalDate.of(1903, 2, 17),
        "female",
        ssn(),
        canary("member"),
        new Address(canary("line"), canary("city"), canary("state"), canary("postal"), "US"),
        "+1-555-" + canary("phone"),
        canary("email") + "@example.invalid");
  }

  private String ssn() {
    String ssn = String.format("900-71-%04d", Math.floorMod(System.nanoTime(), 10_000));
    canaries.add(ssn);
    return ssn;
  }

  private ClinicalData entry(EntryType type) {
    return new ClinicalData(
        type,
        List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", canary("display"))),
        LocalDate.of(2026, 3, 1),
        canary("status"),
        new Quantity(new BigDecimal("7.1"), canary("unit")),
        canary("text"));
  }

  @Test
  void noCanaryOfAnyWritePathReachesAnyCollectionOfAnyDatabase() {
    fixture.actAs(StoreFixture.staff(T.value(), Role.PLATFORM_ADMIN));
    fixture
        .intercepted(
            new MongoTenantRegistry(
                fixture.operations, fixture.collections, fixture.cipher, fixture.config))
        .create(StoreFixture.onboarding(T, "Canary Clinic", null));
    fixture.actAs(StoreFixture.staff(T.value(), Role.TENANT_ADMIN));
    MongoTenantSettings settings = fixture.tenantSettings();
    settings.updateAlerts(new AlertSettings(30, 20, 5, "07:00-19:00", "America/Chicago"));
    settings.updateGroupMapping(new GroupMapping(Map.of("Doctors", Set.of(Role.PHYSICIAN))));
    settings.updateAuditRetentionYears(7);

    fixture.actAs(StoreFixture.staff(T.value(), Role.PHYSICIAN));
    PatientData first = person();
    Patient patient = directory.create(first);
    PatientData second = person();
    patient = directory.update(patient.id(), patient.version(), second);
    ClinicalData written = entry(EntryType.CONDITION);
    ClinicalEntry condition = clinical.create(patient.id(), written);
    condition = clinical.update(condition.id(), 1, entry(EntryType.CONDITION));
    clinical.create(patient.id(), entry(EntryType.OBSERVATION));

    fixture.actAs(StoreFixture.patient(T.value(), patient.id()));
    Amendment denied = rights.requestAmendment(patient.id(), condition.id(), canary("reason"));
    Amendment accepted = rights.requestAmendment(patient.id(), condition.id(), canary("reason"));
    fixture.actAs(StoreFixture.staff(T.value(), Role.PHYSICIAN));
    rights.extend(denied.id(), canary("extension"));
    rights.deny(denied.id(), canary("denial"));
    accepted = rights.accept(accepted.id(), condition.version(), entry(EntryType.CONDITION));
    fixture.actAs(StoreFixture.patient(T.value(), patient.id()));
    Amendment disagreed = rights.disagree(denied.id(), canary("statement"));
    rights.electronicCopy(patient.id());
    fixture.actAs(StoreFixture.staff(T.value(), Role.BILLING));
    billing.summary(patient.id());
    new DataKeyRotation(
            fixture.cipher,
            fixture.protection,
            fixture.collections,
            new org.phirecords.internal.integrity.RecordRewrites(fixture.audit))
        .rotate(T, 10, 10);

    // Everything reads back as written: the store holds it, only not in plaintext.
    fixture.actAs(StoreFixture.staff(T.value(), Role.PHYSICIAN));
    assertThat(directory.get(patient.id()).data()).isEqualTo(second);
    assertThat(
            clinical
                .history(condition.id(), org.phirecords.model.PageRequest.first())
                .items()
                .get(0)
                .data())
        .isEqualTo(written);
    assertThat(disagreed.disagreement()).isEqualTo(canaries.get(canaries.size() - 1));
    assertThat(rights.amendment(denied.id()).extensionReason()).startsWith("Canaryextension");
    assertThat(accepted.amendedVersion()).isEqualTo(3L);

    StringBuilder stored = new StringBuilder();
    List<String> scanned = new ArrayList<>();
    for (String uri : List.of(fixture.dataUri, uri(fixture.auditServer))) {
      try (MongoClient client = MongoClients.create(uri)) {
        for (String db : client.listDatabaseNames()) {
          for (String coll : client.getDatabase(db).listCollectionNames()) {
            scanned.add(db + "." + coll);
            var collection = client.getDatabase(db).getCollection(coll);
            collection.find().forEach(d -> stored.append(d.toJson()).append('\n'));
            collection.listIndexes().forEach(d -> stored.append(d.toJson()).append('\n'));
          }
        }
      }
    }
    assertThat(scanned)
        .contains(
            "phi_identity.patients",
            "phi_clinical.clinical_entries",
            "phi_clinical.amendments",
            "phi_tenants.tenants",
            "phi_keys.data_keys",
            "phi_keys.key_rotations",
            "phi_audit.audit_events",
            "phi_audit.audit_intents");
    assertThat(stored).contains(patient.id().value()).contains(condition.id().value());
    assertThat(canaries).hasSizeGreaterThan(20);
    for (String canary : canaries) {
      assertThat(stored).as("a plaintext %s in the store", canary).doesNotContain(canary);
    }
    assertThat(stored).as("a plaintext birth date").doesNotContain("1903-02-17");
  }

  private static String uri(de.bwaldvogel.mongo.MongoServer server) {
    var address = server.getLocalAddress();
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }
}
