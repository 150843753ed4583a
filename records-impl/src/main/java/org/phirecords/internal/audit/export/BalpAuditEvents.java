package org.phirecords.internal.audit.export;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.internal.audit.chain.ChainLinks;

/**
 * Maps audit events to FHIR R4 {@code AuditEvent} resources following the IHE Basic Audit Log
 * Patterns (BALP): RESTful interaction type and subtype, the user agent with role and network
 * address, the source, the purpose of use, and the patient and data entities by opaque id.
 */
public final class BalpAuditEvents {
  private static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/";

  private BalpAuditEvents() {}

  /** The FHIR AuditEvent of {@code e}. */
  public static JsonObject toFhir(AuditEvent e) {
    String[] interaction = interaction(e);
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("resourceType", "AuditEvent")
            .add("id", e.id())
            .add(
                "meta",
                JSON.createObjectBuilder()
                    .add("profile", JSON.createArrayBuilder().add(BALP + interaction[2])))
            .add(
                "type",
                coding(
                    "http://terminology.hl7.org/CodeSystem/audit-event-type",
                    "rest",
                    "Restful Operation"))
            .add(
                "subtype",
                JSON.createArrayBuilder()
                    .add(coding("http://hl7.org/fhir/restful-interaction", interaction[0], null)))
            .add("action", interaction[1])
            .add("recorded", e.occurredAt().toString())
            .add("outcome", outcomeCode(e.outcome()))
            .add("outcomeDesc", e.outcome().name() + " " + e.operation())
            .add(
                "purposeOfEvent",
                JSON.createArrayBuilder()
                    .add(
                        JSON.createObjectBuilder()
                            .add(
                                "coding",
                                JSON.createArrayBuilder()
                                    .add(
                                        coding(
                                            "http://terminology.hl7.org/CodeSystem/v3-ActReason",
                                            e.purposeOfUse().hl7Code(),
                                            null)))))
            .add("agent", JSON.createArrayBuilder().add(agent(e)))
            .add("source", source(e));
    JsonArrayBuilder entities = JSON.createArrayBuilder();
    if (e.patientId() != null) {
      entities.add(entity(e.patientId(), "1", "Person", "1", "Patient"));
    }
    if (e.resourceId() != null && !e.resourceId().equals(e.patientId())) {
      entities.add(entity(e.resourceId(), "2", "System Object", "4", "Domain Resource"));
    }
    JsonArray built = entities.build();
    if (!built.isEmpty()) {
      b.add("entity", built);
    }
    return b.build();
  }

  private static JsonObject agent(AuditEvent e) {
    JsonArrayBuilder roles = JSON.createArrayBuilder();
    e.roles().stream()
        .map(Enum::name)
        .sorted()
        .forEach(
            r ->
                roles.add(
                    JSON.createObjectBuilder()
                        .add(
                            "coding",
                            JSON.createArrayBuilder()
                                .add(coding("urn:phi-records:role", r, null)))));
    JsonObjectBuilder agent =
        JSON.createObjectBuilder()
            .add(
                "type",
                JSON.createObjectBuilder()
                    .add(
                        "coding",
                        JSON.createArrayBuilder()
                            .add(
                                coding(
                                    "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                    "IRCP",
                                    "information recipient"))))
            .add("who", JSON.createObjectBuilder().add("identifier", identifier(e.subject())))
            .add("requestor", true)
            .add("role", roles);
    if (e.clientAddress() != null && !"unknown".equals(e.clientAddress())) {
      agent.add(
          "network", JSON.createObjectBuilder().add("address", e.clientAddress()).add("type", "2"));
    }
    return agent.build();
  }

  private static JsonObject source(AuditEvent e) {
    return JSON.createObjectBuilder()
        .add("site", e.tenant() == null ? ChainLinks.PLATFORM : e.tenant())
        .add("observer", JSON.createObjectBuilder().add("display", "PHI Records"))
        .add(
            "type",
            JSON.createArrayBuilder()
                .add(
                    coding(
                        "http://terminology.hl7.org/CodeSystem/security-source-type",
                        "4",
                        "Application Server")))
        .build();
  }

  private static JsonObject entity(
      String id, String type, String typeDisplay, String role, String roleDisplay) {
    return JSON.createObjectBuilder()
        .add("what", JSON.createObjectBuilder().add("identifier", identifier(id)))
        .add(
            "type",
            coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", type, typeDisplay))
        .add("role", coding("http://terminology.hl7.org/CodeSystem/object-role", role, roleDisplay))
        .build();
  }

  private static JsonObject identifier(String value) {
    return JSON.createObjectBuilder()
        .add("system", "urn:phi-records:id")
        .add("value", value)
        .build();
  }

  private static JsonObject coding(String system, String code, String display) {
    JsonObjectBuilder c = JSON.createObjectBuilder().add("system", system).add("code", code);
    if (display != null) {
      c.add("display", display);
    }
    return c.build();
  }

  /** RESTful interaction, FHIR action code, BALP profile. */
  private static String[] interaction(AuditEvent e) {
    String[] base =
        switch (e.action()) {
          case CREATE -> new String[] {"create", "C", "Create"};
          case READ, EXPORT -> new String[] {"read", "R", "Read"};
          case UPDATE -> new String[] {"update", "U", "Update"};
          case DELETE -> new String[] {"delete", "D", "Delete"};
          case SEARCH -> new String[] {"search-type", "E", "Query"};
        };
    // BALP has patient-specific profiles for each interaction.
    String profile = "IHE.BasicAudit." + (e.patientId() != null ? "Patient" : "") + base[2];
    return new String[] {base[0], base[1], profile};
  }

  private static String outcomeCode(AuditOutcome outcome) {
    return switch (outcome) {
      case SUCCESS, INTENDED -> "0";
      case NOT_FOUND, CONFLICT, INVALID -> "4";
      case DENIED -> "8";
      case ERROR -> "12";
    };
  }
}
