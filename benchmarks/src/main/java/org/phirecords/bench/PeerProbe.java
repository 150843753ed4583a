package org.phirecords.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Checks, before anything is measured, that HAPI secured enforces what it is configured to: a
 * tenant's physician reads the tenant's patient (200) with one audit event stored; no token, or a
 * token whose signature does not verify, is refused (401); with two tenants or more, another
 * tenant's URL (403) and another tenant's patient through one's own URL (404: not in the partition)
 * are refused. A run whose protections were not applied says so in {@code peer.probe}.
 */
final class PeerProbe {
  private PeerProbe() {}

  static JsonObject probe(PeerSide secured, DataSet data) throws Exception {
    DataSet.Tenant own = data.tenants.get(0);
    String read = secured.server.fhir(own.id) + "/Patient/" + secured.id(0, 0);
    JsonObjectBuilder b = Json.createObjectBuilder();
    long before = secured.server.auditEvents(secured.http);
    b.add("ownTenantsPatient", status(secured, read, own.physician));
    b.add("auditEventsOfOneRead", secured.server.auditEvents(secured.http) - before);
    b.add("noToken", status(secured, read, null));
    b.add("tamperedToken", status(secured, read, tampered(own.physician)));
    if (data.tenants.size() > 1) {
      DataSet.Tenant other = data.tenants.get(1);
      b.add(
          "otherTenantsUrl",
          status(
              secured,
              secured.server.fhir(other.id) + "/Patient/" + secured.id(1, 0),
              own.physician));
      b.add(
          "otherTenantsPatientThroughOwnUrl",
          status(
              secured,
              secured.server.fhir(own.id) + "/Patient/" + secured.id(1, 0),
              own.physician));
    }
    return b.build();
  }

  private static int status(PeerSide side, String path, String token) throws Exception {
    return side.http.send("GET", path, token, null).statusCode();
  }

  /** The token with a character of its signature changed (one that carries signature bits). */
  private static String tampered(String token) {
    int at = token.lastIndexOf('.') + 5;
    char c = token.charAt(at);
    return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
  }
}
