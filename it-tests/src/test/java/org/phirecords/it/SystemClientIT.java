package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.security.KeyPair;
import java.util.List;
import org.bson.Document;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.phirecords.it.support.Http;
import org.phirecords.it.support.Http.Reply;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/**
 * System clients (ADR 39) on Payara Micro with tokens signed by a tenant's own identity provider: a
 * client with {@code system/Patient.rs} reads and is refused a write, is audited as itself with the
 * system role, never reaches the portal; a user asking for system scopes, and a client in another
 * tenant, are refused.
 */
@ExtendWith({Stores.class, ArquillianExtension.class})
class SystemClientIT {
  @Deployment(testable = false)
  static WebArchive recordsWeb() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("it.wars"), "records-web.war"));
  }

  @ArquillianResource URL base;
  Http http;
  String tenant;
  String other;
  String issuer;
  KeyPair idp;
  String reader;
  String writer;

  @BeforeEach
  void setUp() {
    http = new Http(base);
    String id = Long.toString(System.nanoTime(), 36);
    tenant = "it-clients-" + id;
    other = "it-clients-other-" + id;
    issuer = "https://idp." + tenant + ".test";
    idp = Tokens.keyPair();
    reader = "ehr-sync-" + id;
    writer = "ehr-load-" + id;
    Seed.tenant(tenant);
    Seed.tenant(other);
    Seed.identityProvider(tenant, issuer, Tokens.pem(idp.getPublic()));
    Seed.systemClients(
        tenant,
        Seed.systemClient(reader, "svc-" + reader, "system/Patient.rs"),
        Seed.systemClient(writer, "svc-" + writer, "system/Patient.cs"));
  }

  /** A client-credentials token of {@code client} (subject {@code sub}) asking {@code scope}. */
  private String token(String sub, String client, String scope) {
    return Tokens.of(sub)
        .issuer(issuer)
        .signedBy(idp.getPrivate())
        .claim("client_id", client)
        .claim("scope", scope)
        .sign();
  }

  @Test
  void aClientReadsWithItsScopeIsRefusedAWriteAndIsAuditedAsItself() {
    Reply created =
        http.call("POST", "api/patients", token("svc-" + writer, writer, "system/Patient.cs"))
            .json(Seed.patientJson())
            .send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String patient = created.json().getString("id");

    String readToken = token("svc-" + reader, reader, "system/Patient.rs");
    Reply read = http.get("api/patients/" + patient, readToken).send();
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    assertThat(read.json().getString("id")).isEqualTo(patient);

    Reply write = http.call("POST", "api/patients", readToken).json(Seed.patientJson()).send();
    assertThat(write.status()).as(write.toString()).isEqualTo(403);
    assertThat(write.problemCode()).isEqualTo("PHR-403-17");
    // The token asks for more than the tenant allows the client: still reads only.
    Reply greedy =
        http.call("POST", "api/patients", token("svc-" + reader, reader, "system/*.cruds"))
            .json(Seed.patientJson())
            .send();
    assertThat(greedy.problemCode()).as(greedy.toString()).isEqualTo("PHR-403-17");

    List<Document> events = Seed.auditOf(reader);
    assertThat(events).extracting(e -> e.getString("outcome")).contains("SUCCESS", "DENIED");
    assertThat(events).allSatisfy(e -> assertThat(e.get("roles")).isEqualTo(List.of("SYSTEM")));
    assertThat(events).allSatisfy(e -> assertThat(e.getString("tenantId")).isEqualTo(tenant));
  }

  @Test
  void theSmartConfigurationNamesTheTenantsTokenEndpointWithoutAToken() {
    String discovery = "api/fhir/.well-known/smart-configuration";
    // Set in the store before the first read: each instance keeps a tenant's settings for the
    // lease on its standing.
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("tenants")
        .updateOne(
            new Document("_id", tenant),
            new Document(
                "$set", new Document("systemClients.tokenEndpoint", issuer + "/oauth2/token")));

    Reply smart = http.get(discovery + "?tenant=" + tenant, null).send();
    assertThat(smart.status()).as(smart.toString()).isEqualTo(200);
    assertThat(smart.json().getString("token_endpoint")).isEqualTo(issuer + "/oauth2/token");
    assertThat(smart.json().getJsonArray("grant_types_supported").getString(0))
        .isEqualTo("client_credentials");
    assertThat(smart.json().getJsonArray("token_endpoint_auth_methods_supported").getString(0))
        .isEqualTo("private_key_jwt");
    assertThat(smart.json().getJsonArray("scopes_supported").toString())
        .contains("system/Patient.r", "system/*.r");
    // Another tenant, which set none, has none; no tenant named, refused.
    Reply ofOther = http.get(discovery + "?tenant=" + other, null).send();
    assertThat(ofOther.problemCode()).as(ofOther.toString()).isEqualTo("PHR-404-08");
    Reply none = http.get(discovery, null).send();
    assertThat(none.status()).as(none.toString()).isEqualTo(400);
    assertThat(none.problemCode()).isEqualTo("PHR-400-51");
  }

  @Test
  void aClientNeverReachesThePortalNorAPatientsAccessHistory() {
    String all = token("svc-" + reader, reader, "system/*.cruds");
    Reply session = http.get("api/portal/session", all).send();
    assertThat(session.status()).as(session.toString()).isEqualTo(403);
    assertThat(session.problemCode()).isEqualTo("PHR-403-17");
    Reply link =
        http.call("POST", "api/portal/link", all)
            .json("{\"code\":\"ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567\"}")
            .send();
    assertThat(link.problemCode()).as(link.toString()).isEqualTo("PHR-403-17");
  }

  @Test
  void usersAskingForSystemScopesAndClientsOfAnotherTenantAreRefused() {
    // A user signed in through the registered client: another subject.
    Reply user =
        http.get("api/patients/AAAAAAAAAAAAAAAAAAAAAA", token("user-1", reader, "system/*.rs"))
            .send();
    assertThat(user.status()).as(user.toString()).isEqualTo(401);
    assertThat(user.problemCode()).isEqualTo("PHR-401-03");
    // The client's token, issued by the tenant's IdP, claiming the other tenant.
    Reply claimed =
        http.get(
                "api/patients/AAAAAAAAAAAAAAAAAAAAAA",
                Tokens.of("svc-" + reader)
                    .issuer(issuer)
                    .signedBy(idp.getPrivate())
                    .tenant(other)
                    .claim("client_id", reader)
                    .claim("scope", "system/Patient.rs")
                    .sign())
            .send();
    assertThat(claimed.status()).as(claimed.toString()).isEqualTo(401);
    // The platform issuer's token for the same client in the other tenant, which never
    // registered it.
    Reply elsewhere =
        http.get(
                "api/patients/AAAAAAAAAAAAAAAAAAAAAA",
                Tokens.of("svc-" + reader)
                    .tenant(other)
                    .claim("client_id", reader)
                    .claim("scope", "system/Patient.rs")
                    .sign())
            .send();
    assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(401);
    assertThat(elsewhere.problemCode()).isEqualTo("PHR-401-03");
  }
}
