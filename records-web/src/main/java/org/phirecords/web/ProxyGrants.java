package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import org.phirecords.model.ProxyGrant;
import org.phirecords.model.ProxyGrantRequest;
import org.phirecords.model.ProxyRelationship;
import org.phirecords.model.ProxyScope;
import org.phirecords.web.body.ProxyGrantInput;

/** Grants to personal representatives as JSON, both ways (ADR 46). */
final class ProxyGrants {
  private ProxyGrants() {}

  static ProxyGrantRequest request(ProxyGrantInput in) {
    return new ProxyGrantRequest(
        in.subject(),
        in.issuer(),
        ProxyRelationship.valueOf(in.relationship()),
        ProxyScope.valueOf(in.scope()),
        in.start() == null ? null : Instant.parse(in.start()),
        Instant.parse(in.expiry()),
        in.reason());
  }

  static JsonObject write(ProxyGrant g) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", g.id().value())
            .add("patientId", g.patient().value())
            .add("issuer", g.issuer())
            .add("subject", g.subject())
            .add("relationship", g.relationship().name())
            .add("scope", g.scope().name())
            .add("start", g.start().toString())
            .add("expiry", g.expiry().toString())
            .add("grantedBy", g.grantedBy());
    g.revokedAt().ifPresent(r -> b.add("revokedAt", r.toString()));
    return b.build();
  }

  static JsonObject list(List<ProxyGrant> grants) {
    var items = JSON.createArrayBuilder();
    grants.forEach(g -> items.add(write(g)));
    return JSON.createObjectBuilder().add("items", items).build();
  }
}
