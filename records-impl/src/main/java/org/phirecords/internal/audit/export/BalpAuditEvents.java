package org.phirecords.internal.audit.export;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventSourceComponent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.internal.audit.chain.ChainLinks;
import org.phirecords.internal.fhir.FhirJson;
import org.phirecords.internal.fhir.FhirSystems;

/**
 * Maps audit events to FHIR R4 {@code AuditEvent} resources following the IHE Basic Audit Log
 * Patterns (BALP): RESTful interaction type and subtype, the user agent with role and network
 * address, the source, the purpose of use, and the patient and data entities by opaque id.
 *
 * <p>Built on HAPI FHIR's R4 model and written by its JSON parser (with the module's one {@link
 * FhirJson#R4 context}), not by hand: the model's typed elements and enumerations keep the output
 * to R4's structure and codes, and the parser writes FHIR's JSON rules (element order, no empty
 * arrays, primitive formats) for the SIEM lines and the privacy officer's export alike.
 */
public final class BalpAuditEvents {
  private static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/";

  private BalpAuditEvents() {}

  /** The FHIR AuditEvent of {@code e} as JSON on one line (a line of the SIEM sink). */
  public static String toFhir(AuditEvent e) {
    return FhirJson.compact(resource(e));
  }

  /**
   * A collection {@code Bundle} of the AuditEvents of {@code events}, as JSON on one line: each
   * entry's full URL is {@code urn:uuid:} and the event's id.
   */
  public static String bundle(List<AuditEvent> events, Instant timestamp) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    bundle.setTimestampElement(new InstantType(timestamp.toString()));
    for (AuditEvent e : events) {
      bundle.addEntry().setFullUrl("urn:uuid:" + e.id()).setResource(resource(e));
    }
    return FhirJson.compact(bundle);
  }

  /** The FHIR AuditEvent of {@code e}. */
  public static org.hl7.fhir.r4.model.AuditEvent resource(AuditEvent e) {
    Interaction interaction = interaction(e);
    org.hl7.fhir.r4.model.AuditEvent r = new org.hl7.fhir.r4.model.AuditEvent();
    r.setId(e.id());
    r.getMeta().addProfile(BALP + interaction.profile());
    r.setType(
        new Coding(
            "http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "Restful Operation"));
    r.addSubtype().setSystem("http://hl7.org/fhir/restful-interaction").setCode(interaction.code());
    r.setAction(interaction.action());
    // From the instant's text: the precision recorded, not re-rendered through a Date.
    r.setRecordedElement(new InstantType(e.occurredAt().toString()));
    r.setOutcome(outcome(e.outcome()));
    r.setOutcomeDesc(e.outcome().name() + " " + e.operation());
    r.addPurposeOfEvent()
        .addCoding()
        .setSystem("http://terminology.hl7.org/CodeSystem/v3-ActReason")
        .setCode(e.purposeOfUse().hl7Code());
    r.addAgent(agent(e));
    r.setSource(source(e));
    if (e.patientId() != null) {
      r.addEntity(entity(FhirSystems.PATIENT_ID, e.patientId(), "1", "Person", "1", "Patient"));
    }
    if (e.resourceId() != null && !e.resourceId().equals(e.patientId())) {
      r.addEntity(
          entity(
              FhirSystems.RESOURCE_ID,
              e.resourceId(),
              "2",
              "System Object",
              "4",
              "Domain Resource"));
    }
    return r;
  }

  private static AuditEventAgentComponent agent(AuditEvent e) {
    AuditEventAgentComponent agent = new AuditEventAgentComponent();
    agent.setType(
        new CodeableConcept(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                "IRCP",
                "information recipient")));
    agent.setWho(
        new Reference()
            .setIdentifier(new Identifier().setSystem(FhirSystems.USER_ID).setValue(e.subject())));
    agent.setRequestor(true);
    e.roles().stream()
        .map(Enum::name)
        .sorted()
        .forEach(role -> agent.addRole().addCoding().setSystem(FhirSystems.ROLE).setCode(role));
    if (e.clientAddress() != null && !"unknown".equals(e.clientAddress())) {
      agent
          .getNetwork()
          .setAddress(e.clientAddress())
          .setType(AuditEventAgentNetworkType._2); // an IP address
    }
    return agent;
  }

  private static AuditEventSourceComponent source(AuditEvent e) {
    AuditEventSourceComponent source = new AuditEventSourceComponent();
    source.setSite(e.tenant() == null ? ChainLinks.PLATFORM : e.tenant());
    source.setObserver(new Reference().setDisplay("PHI Records"));
    source.addType(
        new Coding(
            "http://terminology.hl7.org/CodeSystem/security-source-type",
            "4",
            "Application Server"));
    return source;
  }

  private static AuditEventEntityComponent entity(
      String system, String id, String type, String typeDisplay, String role, String roleDisplay) {
    return new AuditEventEntityComponent()
        .setWhat(new Reference().setIdentifier(new Identifier().setSystem(system).setValue(id)))
        .setType(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/audit-entity-type", type, typeDisplay))
        .setRole(
            new Coding("http://terminology.hl7.org/CodeSystem/object-role", role, roleDisplay));
  }

  /** RESTful interaction code, FHIR action, BALP profile. */
  private record Interaction(String code, AuditEventAction action, String profile) {}

  private static Interaction interaction(AuditEvent e) {
    Interaction base =
        switch (e.action()) {
          case CREATE -> new Interaction("create", AuditEventAction.C, "Create");
          case READ, EXPORT -> new Interaction("read", AuditEventAction.R, "Read");
          case UPDATE -> new Interaction("update", AuditEventAction.U, "Update");
          case DELETE -> new Interaction("delete", AuditEventAction.D, "Delete");
          case SEARCH -> new Interaction("search-type", AuditEventAction.E, "Query");
        };
    // BALP has patient-specific profiles for each interaction.
    String profile = "IHE.BasicAudit." + (e.patientId() != null ? "Patient" : "") + base.profile();
    return new Interaction(base.code(), base.action(), profile);
  }

  private static AuditEventOutcome outcome(AuditOutcome outcome) {
    return switch (outcome) {
      case SUCCESS, INTENDED -> AuditEventOutcome._0;
      case NOT_FOUND, CONFLICT, INVALID -> AuditEventOutcome._4;
      case DENIED -> AuditEventOutcome._8;
      case ERROR -> AuditEventOutcome._12;
    };
  }
}
