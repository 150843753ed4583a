package org.phirecords.internal.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DomainResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.AuditQuery;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.access.MongoPatientRights;
import org.phirecords.internal.audit.chain.AuditRetention;
import org.phirecords.internal.audit.export.BalpAuditEvents;
import org.phirecords.internal.audit.export.MongoAuditReview;
import org.phirecords.internal.audit.trail.JsonLinesAuditSink;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Amendment;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.Patient;
import org.phirecords.model.Quantity;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

/**
 * What the module writes as FHIR (a patient's electronic copy, the privacy officer's audit export,
 * the SIEM sink's lines) passes HAPI's instance validator against base FHIR R4 with no error, and
 * the validator does report errors (a resource missing a required element).
 */
class FhirValidationTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  /**
   * Base FHIR R4 only: the core structure definitions and value sets, in-memory terminology for
   * FHIR's and HL7's own code systems, the common ones (UCUM, MIME types, languages...), and
   * snapshots of the core profiles.
   *
   * <p>Two unknowns are expected:
   *
   * <ul>
   *   <li>The IHE BALP profiles in {@code AuditEvent.meta.profile} are not in the base package
   *       (they come in the IHE guide's own FHIR package, which this build does not fetch), so they
   *       cannot be checked: the resources are validated against base R4, not against BALP. The
   *       AuditEvents keep declaring them, as before, and the validator is configured not to fail
   *       on unknown profiles: {@code setErrorForUnknownProfiles(false)} for the core validator,
   *       and {@link #errors} drops the one message that HAPI's own wrapper (8.6.1, {@code
   *       ValidatorWrapper.fetchAndAddProfile}) reports as an error whatever that setting says,
   *       only for a BALP profile ({@link #onlyBalpProfilesMayBeUnknown}).
   *   <li>The module's own extension ({@link FhirSystems#AMENDMENT_REQUEST_EXTENSION}) has no
   *       published StructureDefinition. Without {@code setAnyExtensionsAllowed(true)} (HAPI's
   *       default, stated so that no one turns it off here) the validator reports it as an error
   *       ("could not be found so is not allowed here"); with it, as information ("Unknown
   *       extension"). Its structure (a complex extension of typed sub-extensions) is still checked
   *       against the base {@code Extension}.
   * </ul>
   */
  private static final FhirValidator VALIDATOR = validator();

  private static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/";

  private static FhirValidator validator() {
    FhirContext fhir = FhirContext.forR4Cached();
    ValidationSupportChain support =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(fhir),
            new InMemoryTerminologyServerValidationSupport(fhir),
            new CommonCodeSystemsTerminologyService(fhir),
            new SnapshotGeneratingValidationSupport(fhir));
    FhirInstanceValidator instance = new FhirInstanceValidator(support);
    instance.setErrorForUnknownProfiles(false);
    instance.setAnyExtensionsAllowed(true);
    return fhir.newValidator().registerValidatorModule(instance);
  }

  private final StoreFixture fixture = new StoreFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  /**
   * The validator's messages about {@code json} of severity ERROR or FATAL, except that a BALP
   * profile could not be found (see {@link #VALIDATOR}).
   */
  private static List<SingleValidationMessage> errors(String json) {
    return VALIDATOR.validateWithResult(json).getMessages().stream()
        .filter(
            m ->
                m.getSeverity() == ResultSeverityEnum.ERROR
                    || m.getSeverity() == ResultSeverityEnum.FATAL)
        .filter(m -> !unknownBalpProfile(m))
        .toList();
  }

  private static boolean unknownBalpProfile(SingleValidationMessage m) {
    return "Validation_VAL_Profile_Unknown".equals(m.getMessageId())
        && m.getMessage().matches(".*\\Q" + BALP + "\\EIHE\\.BasicAudit\\.[A-Za-z]+");
  }

  private static String describe(List<SingleValidationMessage> messages) {
    return messages.stream()
        .map(m -> m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage())
        .collect(Collectors.joining("\n", "\n", ""));
  }

  private static void assertValid(String what, String json) {
    List<SingleValidationMessage> errors = errors(json);
    assertThat(errors).as("%s: validation errors%s", what, describe(errors)).isEmpty();
  }

  @Test
  void anElectronicCopyWithEveryEntryTypeAndDisputedEntriesIsValidR4() {
    fixture.registerTenant("tenant-a", "Clinic A");
    MongoPatientDirectory directory = fixture.directory();
    MongoClinicalRecords clinical = fixture.clinical();
    MongoPatientRights rights = fixture.rights(NOW);

    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Patient patient = directory.create(People.synthetic());
    LocalDate day = LocalDate.of(2026, 3, 1);
    ClinicalEntry condition =
        clinical.create(
            patient.id(),
            new ClinicalData(
                EntryType.CONDITION,
                List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "Type 2 diabetes")),
                day,
                "active",
                null,
                "Diet first."));
    ClinicalEntry observation =
        clinical.create(
            patient.id(),
            new ClinicalData(
                EntryType.OBSERVATION,
                List.of(new Code("http://loinc.org", "4548-4", "HbA1c")),
                day,
                "final",
                new Quantity(new BigDecimal("7.1"), "%"),
                "Fasting."));
    clinical.create(
        patient.id(),
        new ClinicalData(
            EntryType.ENCOUNTER,
            List.of(new Code("http://snomed.info/sct", "185349003", "Encounter for check up")),
            day,
            "finished",
            null,
            null));
    clinical.create(
        patient.id(),
        new ClinicalData(EntryType.ENCOUNTER, List.of(), day, "finished", null, null));
    clinical.create(
        patient.id(),
        new ClinicalData(
            EntryType.PROCEDURE,
            List.of(new Code("http://snomed.info/sct", "43396009", "HbA1c measurement")),
            day,
            "completed",
            null,
            "Venous sample."));
    clinical.create(
        patient.id(), new ClinicalData(EntryType.NOTE, List.of(), day, null, null, "Diet talk."));
    clinical.create(
        patient.id(),
        new ClinicalData(
            EntryType.NOTE,
            List.of(new Code("http://loinc.org", "11506-3", "Progress note")),
            day,
            null,
            null,
            "Follow-up in three months."));

    // An open request on the observation; a denied one with a statement on the condition.
    fixture.actAs(StoreFixture.patient("tenant-a", patient.id()));
    rights.requestAmendment(patient.id(), observation.id(), "The sample was not fasting.");
    Amendment denied =
        rights.requestAmendment(patient.id(), condition.id(), "I never had diabetes.");
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    rights.deny(denied.id(), "The HbA1c confirms the diagnosis.");
    fixture.actAs(StoreFixture.patient("tenant-a", patient.id()));
    rights.disagree(denied.id(), "My own lab says otherwise.");

    String copy = rights.electronicCopy(patient.id());

    Bundle bundle = FhirJson.R4.newJsonParser().parseResource(Bundle.class, copy);
    assertThat(bundle.getEntry())
        .extracting(e -> e.getResource().fhirType())
        .containsExactlyInAnyOrder(
            "Patient",
            "Condition",
            "Observation",
            "Encounter",
            "Encounter",
            "Procedure",
            "DocumentReference",
            "DocumentReference");
    assertThat(
            bundle.getEntry().stream()
                .map(e -> (DomainResource) e.getResource())
                .flatMap(
                    r -> r.getExtensionsByUrl(FhirSystems.AMENDMENT_REQUEST_EXTENSION).stream())
                .map(x -> x.getExtensionByUrl("status").getValue().primitiveValue()))
        .as("the copy carries both disputes")
        .containsExactlyInAnyOrder("requested", "denied");
    assertThat(
            bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Condition.class::isInstance)
                .map(r -> (Condition) r)
                .findFirst()
                .orElseThrow()
                .getExtensionByUrl(FhirSystems.AMENDMENT_REQUEST_EXTENSION)
                .getExtensionByUrl("disagreement"))
        .as("the statement of disagreement")
        .isNotNull();

    assertValid("electronic copy", copy);
  }

  /** Events of every action and outcome, with and without a patient, roles and address. */
  private static List<AuditEvent> everyKindOfEvent(String tenant) {
    List<AuditEvent> events = new ArrayList<>();
    int minute = 0;
    for (AuditAction action : AuditAction.values()) {
      for (AuditOutcome outcome : AuditOutcome.values()) {
        for (boolean aboutAPatient : List.of(true, false)) {
          Set<Role> roles =
              aboutAPatient
                  ? EnumSet.of(Role.PHYSICIAN, Role.PRIVACY_OFFICER)
                  : EnumSet.of(Role.TENANT_ADMIN);
          String patient = aboutAPatient ? UUID.randomUUID().toString() : null;
          events.add(
              new AuditEvent(
                  UUID.randomUUID().toString(),
                  NOW.plus(Duration.ofMinutes(minute++)),
                  tenant,
                  "user-" + minute,
                  roles,
                  action,
                  aboutAPatient ? ResourceType.CLINICAL_ENTRY : ResourceType.TENANT,
                  action == AuditAction.SEARCH ? null : UUID.randomUUID().toString(),
                  patient,
                  outcome,
                  aboutAPatient ? PurposeOfUse.TREATMENT : PurposeOfUse.SYSTEM_ADMINISTRATION,
                  aboutAPatient ? "10.0.0.7" : "unknown",
                  "ClinicalRecords.get",
                  1));
        }
      }
    }
    return events;
  }

  @Test
  void anAuditExportOfEveryActionAndOutcomeIsValidR4() {
    List<AuditEvent> events = everyKindOfEvent("tenant-a");
    events.forEach(fixture.audit::store);
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PRIVACY_OFFICER));
    MongoAuditReview review =
        fixture.intercepted(
            new MongoAuditReview(
                fixture.operations,
                fixture.audit,
                new AuditRetention(
                    fixture.collections, fixture.audit, new RecordsConfig(new MapConfig()))));

    String export =
        review
            .exportFhir(
                new AuditQuery(null, null, null, null, null, null),
                org.phirecords.model.PageRequest.first(200))
            .bundle();

    Bundle bundle = FhirJson.R4.newJsonParser().parseResource(Bundle.class, export);
    assertThat(bundle.getEntry())
        .extracting(Bundle.BundleEntryComponent::getFullUrl)
        .containsAll(events.stream().map(e -> "urn:uuid:" + e.id()).toList());
    assertValid("audit export", export);
  }

  @Test
  void everyLineOfTheSiemSinkIsAValidR4AuditEvent(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit.jsonl");
    JsonLinesAuditSink sink = new JsonLinesAuditSink(Optional.of(file), 10_000_000, 1);
    List<AuditEvent> events = everyKindOfEvent(null);
    events.forEach(sink::accept);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSameSizeAs(events);
    for (String line : lines) {
      assertValid("sink line", line);
    }
  }

  @Test
  void theValidatorReportsAMissingRequiredElement() {
    org.hl7.fhir.r4.model.AuditEvent broken =
        BalpAuditEvents.resource(everyKindOfEvent("tenant-a").get(0));
    assertThat(errors(FhirJson.compact(broken))).as("the event as written").isEmpty();

    broken.setRecorded(null); // AuditEvent.recorded is 1..1
    List<SingleValidationMessage> errors = errors(FhirJson.compact(broken));
    assertThat(errors)
        .as("errors of an AuditEvent without recorded%s", describe(errors))
        .anySatisfy(m -> assertThat(m.getLocationString()).startsWith("AuditEvent"))
        .anySatisfy(m -> assertThat(m.getMessage()).contains("AuditEvent.recorded"));
  }

  @Test
  void onlyBalpProfilesMayBeUnknown() {
    org.hl7.fhir.r4.model.AuditEvent event =
        BalpAuditEvents.resource(everyKindOfEvent("tenant-a").get(0));
    event.getMeta().addProfile(FhirSystems.BASE + "StructureDefinition/no-such-profile");
    assertThat(errors(FhirJson.compact(event)))
        .singleElement()
        .satisfies(m -> assertThat(m.getMessage()).contains("no-such-profile"));
  }
}
