package org.phirecords.internal.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.trail.JsonLinesAuditSink;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

class BalpAuditEventsTest {
  private static final IParser STRICT =
      FhirContext.forR4().newJsonParser().setParserErrorHandler(new StrictErrorHandler());

  private static AuditEvent event(AuditAction action, AuditOutcome outcome, String patient) {
    return new AuditEvent(
        "8f0c2b0e-1d5e-4a43-9d1e-5d2f0d9c1a11",
        Instant.parse("2026-11-25T10:15:30Z"),
        "tenant-a",
        "user-42",
        Set.of(Role.PHYSICIAN),
        action,
        ResourceType.CLINICAL_ENTRY,
        "rec-1",
        patient,
        outcome,
        PurposeOfUse.TREATMENT,
        "10.0.0.7",
        "ClinicalRecords.get",
        1);
  }

  @Test
  void everyActionAndOutcomeParsesStrictlyAsAFhirR4AuditEvent() {
    for (AuditAction action : AuditAction.values()) {
      for (AuditOutcome outcome : AuditOutcome.values()) {
        String json = BalpAuditEvents.toFhir(event(action, outcome, "pat-9")).toString();
        org.hl7.fhir.r4.model.AuditEvent parsed =
            STRICT.parseResource(org.hl7.fhir.r4.model.AuditEvent.class, json);
        assertThat(parsed.getType().getCode()).isEqualTo("rest");
        assertThat(parsed.getAgentFirstRep().getWho().getIdentifier().getValue())
            .isEqualTo("user-42");
        assertThat(parsed.getEntity())
            .extracting(e -> e.getWhat().getIdentifier().getValue())
            .containsExactly("pat-9", "rec-1");
      }
    }
  }

  @Test
  void balpProfileActionAndOutcomeFollowTheEvent() {
    org.hl7.fhir.r4.model.AuditEvent read =
        STRICT.parseResource(
            org.hl7.fhir.r4.model.AuditEvent.class,
            BalpAuditEvents.toFhir(event(AuditAction.READ, AuditOutcome.SUCCESS, "pat-9"))
                .toString());
    assertThat(read.getMeta().getProfile().get(0).getValue())
        .endsWith("IHE.BasicAudit.PatientRead");
    assertThat(read.getAction()).isEqualTo(AuditEventAction.R);
    assertThat(read.getOutcome()).isEqualTo(AuditEventOutcome._0);
    assertThat(read.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("TREAT");

    org.hl7.fhir.r4.model.AuditEvent denied =
        STRICT.parseResource(
            org.hl7.fhir.r4.model.AuditEvent.class,
            BalpAuditEvents.toFhir(event(AuditAction.CREATE, AuditOutcome.DENIED, null))
                .toString());
    assertThat(denied.getMeta().getProfile().get(0).getValue()).endsWith("IHE.BasicAudit.Create");
    assertThat(denied.getAction()).isEqualTo(AuditEventAction.C);
    assertThat(denied.getOutcome()).isEqualTo(AuditEventOutcome._8);
  }

  @Test
  void theJsonLinesSinkWritesParseableLinesAndRotates(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit.jsonl");
    JsonLinesAuditSink sink = new JsonLinesAuditSink(Optional.of(file), 4_000, 2);
    for (int i = 0; i < 12; i++) {
      sink.accept(event(AuditAction.READ, AuditOutcome.SUCCESS, "pat-" + i));
    }
    assertThat(Files.exists(file.resolveSibling("audit.jsonl.1"))).isTrue();
    assertThat(Files.exists(file.resolveSibling("audit.jsonl.3"))).isFalse();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      STRICT.parseResource(org.hl7.fhir.r4.model.AuditEvent.class, line);
    }
    assertThat(Files.size(file)).isLessThanOrEqualTo(4_000);
  }

  @Test
  void anExportBundleParses() {
    String bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":\"urn:uuid:"
            + "8f0c2b0e-1d5e-4a43-9d1e-5d2f0d9c1a11\",\"resource\":"
            + BalpAuditEvents.toFhir(event(AuditAction.SEARCH, AuditOutcome.SUCCESS, "p"))
            + "}]}";
    assertThat(STRICT.parseResource(Bundle.class, bundle).getEntry()).hasSize(1);
  }
}
