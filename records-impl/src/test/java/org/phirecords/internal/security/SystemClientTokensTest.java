package org.phirecords.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.phirecords.internal.testing.TestTokens.claims;
import static org.phirecords.internal.testing.TestTokens.pem;
import static org.phirecords.internal.testing.TestTokens.rsa;
import static org.phirecords.internal.testing.TestTokens.signed;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.tenant.MongoSystemClients;
import org.phirecords.internal.tenant.MongoTenantRegistry;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.IdentityProvider;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationKind;
import org.phirecords.model.Patient;
import org.phirecords.model.SystemClient;
import org.phirecords.model.SystemClients;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

/** System clients' tokens (ADR 39): recognised, scoped, bounded, audited. */
class SystemClientTokensTest {
  private static final String PLATFORM = "https://platform.test";
  private static final String IDP_B = "https://idp.b.test";
  private static final String IDP_C = "https://idp.c.test";
  private final StoreFixture fixture = new StoreFixture();
  private final RSAKey platformKey = rsa();
  private final RSAKey keyB = rsa();
  private final RSAKey keyC = rsa();
  private final TokenAuthenticator authenticator;
  private final MongoSystemClients clients;

  SystemClientTokensTest(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("platform.pem");
    Files.writeString(pem, pem(platformKey));
    RecordsConfig config =
        new RecordsConfig(
            new MapConfig()
                .with("mp.jwt.verify.issuer", PLATFORM)
                .with("mp.jwt.verify.publickey.location", pem.toUri().toString())
                .with("records.tenancy.status-cache-seconds", "0"));
    authenticator = new TokenAuthenticator(config, fixture.collections);
    MongoTenantRegistry registry =
        fixture.intercepted(
            new MongoTenantRegistry(
                fixture.operations, fixture.collections, fixture.cipher, config));
    clients = fixture.intercepted(new MongoSystemClients(fixture.operations, fixture.collections));
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PLATFORM_ADMIN));
    registry.create(StoreFixture.onboarding(new TenantId("tenant-a"), "A", null));
    registry.create(
        StoreFixture.onboarding(
            new TenantId("tenant-b"), "B", new IdentityProvider(IDP_B, pem(keyB), null)));
    registry.create(
        StoreFixture.onboarding(
            new TenantId("tenant-c"), "C", new IdentityProvider(IDP_C, pem(keyC), null)));
    register("tenant-b", new SystemClient("ehr-sync", "svc-ehr", List.of("system/Patient.rs")));
    register("tenant-a", new SystemClient("lab-feed", null, List.of("system/*.cruds")));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private void register(String tenant, SystemClient... registered) {
    fixture.actAs(StoreFixture.staff(tenant, Role.TENANT_ADMIN));
    clients.updateSystemClients(new SystemClients(List.of(registered), Map.of(), Map.of()));
  }

  @Test
  void aRegisteredClientIsTheSystemRoleWithWhatItsScopesAndTheTenantAllow() {
    Caller caller =
        authenticator.authenticate(
            token(keyB, IDP_B, "svc-ehr", "ehr-sync", "system/*.cruds", "Doctors"), "ip");
    assertThat(caller.subject()).isEqualTo("ehr-sync");
    assertThat(caller.tenant()).contains(new TenantId("tenant-b"));
    assertThat(caller.roles()).containsExactly(Role.SYSTEM);
    assertThat(caller.groups()).as("groups grant a client nothing").isEmpty();
    assertThat(caller.clientPermissions())
        .containsExactlyInAnyOrder(Permission.PATIENT_READ, Permission.PATIENT_SEARCH);
    // The v1 form, and azp instead of client_id, and scp instead of scope.
    String v1 =
        signed(
                keyB,
                claims(IDP_B, "svc-ehr")
                    .claim("azp", "ehr-sync")
                    .claim("scp", List.of("system/Patient.read")))
            .serialize();
    assertThat(authenticator.authenticate(v1, "ip").clientPermissions())
        .containsExactlyInAnyOrder(Permission.PATIENT_READ, Permission.PATIENT_SEARCH);
    // An IdP that sends scope as a list.
    String listed =
        signed(
                keyB,
                claims(IDP_B, "svc-ehr")
                    .claim("client_id", "ehr-sync")
                    .claim("scope", List.of("system/Patient.r")))
            .serialize();
    assertThat(authenticator.authenticate(listed, "ip").clientPermissions())
        .containsExactly(Permission.PATIENT_READ);
    // Through the platform issuer, for a tenant without its own identity provider.
    Caller lab =
        authenticator.authenticate(
            signed(
                    platformKey,
                    claims(PLATFORM, "lab-feed")
                        .claim("tenant", "tenant-a")
                        .claim("client_id", "lab-feed")
                        .claim("scope", "system/Observation.c"))
                .serialize(),
            "ip");
    assertThat(lab.roles()).containsExactly(Role.SYSTEM);
    assertThat(lab.clientPermissions()).containsExactly(Permission.CLINICAL_CREATE);
  }

  @Test
  void unknownClientsAndUsersAskingForSystemScopesAreRefused() {
    // A client the tenant never registered.
    assertRefusedAsUnknownClient(token(keyB, IDP_B, "svc-x", "other", "system/Patient.rs"));
    // A user signed in through the registered client: another subject.
    assertRefusedAsUnknownClient(token(keyB, IDP_B, "user-1", "ehr-sync", "system/Patient.rs"));
    // A user token with no client at all.
    assertRefusedAsUnknownClient(token(keyB, IDP_B, "user-1", null, "system/*.read"));
    // The same user without system scopes is an ordinary user (no roles here).
    Caller user =
        authenticator.authenticate(token(keyB, IDP_B, "user-1", "ehr-sync", "openid"), "ip");
    assertThat(user.roles()).isEmpty();
    assertThat(user.clientPermissions()).isEmpty();
    // A platform token naming the system role as a group is out of bounds.
    assertThatThrownBy(
            () ->
                authenticator.authenticate(
                    signed(
                            platformKey,
                            claims(PLATFORM, "robot")
                                .claim("tenant", "tenant-a")
                                .claim("groups", List.of("system")))
                        .serialize(),
                    "ip"))
        .isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void aClientOfOneTenantIsRefusedInAnother() {
    // Tenant C's identity provider issues a token for a client id tenant B registered.
    assertRefusedAsUnknownClient(token(keyC, IDP_C, "svc-ehr", "ehr-sync", "system/Patient.rs"));
    // A platform token for tenant A's client naming tenant C (which has its own IdP) or B.
    for (String other : List.of("tenant-b", "tenant-c")) {
      assertThatThrownBy(
              () ->
                  authenticator.authenticate(
                      signed(
                              platformKey,
                              claims(PLATFORM, "lab-feed")
                                  .claim("tenant", other)
                                  .claim("client_id", "lab-feed")
                                  .claim("scope", "system/*.rs"))
                          .serialize(),
                      "ip"))
          .isInstanceOf(UnauthenticatedException.class);
    }
  }

  @Test
  void aClientReadsWithItsScopeIsRefusedAWriteAndIsAuditedAsItself() {
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    MongoPatientDirectory directory = fixture.directory();
    Patient patient = directory.create(People.synthetic());

    fixture.actAs(
        authenticator.authenticate(
            token(keyB, IDP_B, "svc-ehr", "ehr-sync", "system/Patient.rs"), "ip"));
    assertThat(directory.get(patient.id()).id()).isEqualTo(patient.id());
    assertThatThrownBy(() -> directory.create(People.synthetic()))
        .isInstanceOf(AccessDeniedException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.SYSTEM_SCOPE_MISSING);

    List<Document> events = new ArrayList<>();
    fixture.collections.auditLog().find(new Document("subject", "ehr-sync")).into(events);
    assertThat(events).extracting(e -> e.getString("outcome")).contains("SUCCESS", "DENIED");
    assertThat(events).allSatisfy(e -> assertThat(e.get("roles")).isEqualTo(List.of("SYSTEM")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRoleGrantedToTheClientsIdAsASubjectGivesTheClientNothing() {
    org.phirecords.service.Grants grants =
        fixture.intercepted(
            new org.phirecords.internal.organisation.MongoGrants(
                fixture.operations,
                fixture.config,
                org.mockito.Mockito.mock(jakarta.enterprise.event.Event.class)));
    fixture.actAs(StoreFixture.staffNamed("admin-1", "tenant-b", Role.TENANT_ADMIN));
    var pending =
        grants.create(
            new org.phirecords.model.GrantPrincipal(
                org.phirecords.model.GrantPrincipal.Kind.SUBJECT, "ehr-sync"),
            Role.PHYSICIAN,
            java.util.Optional.empty());
    fixture.actAs(StoreFixture.staffNamed("admin-2", "tenant-b", Role.TENANT_ADMIN));
    grants.approve(pending.id());

    fixture.actAs(
        authenticator.authenticate(
            token(keyB, IDP_B, "svc-ehr", "ehr-sync", "system/Patient.rs"), "ip"));
    MongoPatientDirectory directory = fixture.directory();
    assertThatThrownBy(() -> directory.create(People.synthetic()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void settingsRefuseBadClientsScopesAndRowsWithTheirCodes() {
    fixture.actAs(StoreFixture.staff("tenant-b", Role.TENANT_ADMIN));
    assertCode(
        new SystemClients(
            List.of(new SystemClient("system:audit", null, List.of())), Map.of(), Map.of()),
        ErrorCode.SYSTEM_CLIENT_INVALID);
    assertCode(
        new SystemClients(
            List.of(new SystemClient("a", null, List.of()), new SystemClient("a", "b", List.of())),
            Map.of(),
            Map.of()),
        ErrorCode.SYSTEM_CLIENT_INVALID);
    assertCode(
        new SystemClients(
            List.of(new SystemClient("a", null, List.of("user/Patient.rs"))), Map.of(), Map.of()),
        ErrorCode.SCOPE_INVALID);
    assertCode(
        new SystemClients(List.of(), Map.of("Patient.q", Set.of()), Map.of()),
        ErrorCode.SCOPE_INVALID);
    assertCode(
        new SystemClients(
            List.of(), Map.of("Patient.r", Set.of(Permission.TENANT_SETTINGS)), Map.of()),
        ErrorCode.SCOPE_PERMISSION_NOT_ALLOWED);
    assertCode(
        new SystemClients(
            List.of(), Map.of("*.r", Set.of(Permission.ACCESS_HISTORY_READ)), Map.of()),
        ErrorCode.SCOPE_PERMISSION_NOT_ALLOWED);
    // Nothing of it was stored; a physician may not read the settings.
    assertThat(clients.systemClients().client("ehr-sync")).isPresent();
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    assertThatThrownBy(clients::systemClients).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aClientBoundedToAnOrganisationReachesOnlyItsPatientsLikeANarrowedRole() {
    var organisations =
        fixture.intercepted(
            new org.phirecords.internal.organisation.MongoOrganisations(fixture.operations));
    fixture.actAs(StoreFixture.staff("tenant-a", Role.TENANT_ADMIN));
    organisations.create(
        new OrganisationId("clinic-of-a"), "A1", OrganisationKind.CLIENT, Optional.empty());
    fixture.actAs(StoreFixture.staff("tenant-b", Role.TENANT_ADMIN));
    organisations.create(
        new OrganisationId("clinic-one"), "One", OrganisationKind.CLIENT, Optional.empty());
    organisations.create(
        new OrganisationId("clinic-two"), "Two", OrganisationKind.CLIENT, Optional.empty());
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    MongoPatientDirectory directory =
        fixture.intercepted(new MongoPatientDirectory(fixture.operations, fixture.protection));
    Patient inOne = directory.create(People.synthetic(), new OrganisationId("clinic-one"));
    Patient inTwo = directory.create(People.synthetic(), new OrganisationId("clinic-two"));
    Patient inNone = directory.create(People.synthetic());
    String token = token(keyB, IDP_B, "svc-ehr", "ehr-sync", "system/Patient.rs");
    register(
        "tenant-b",
        new SystemClient(
            "ehr-sync", "svc-ehr", List.of("system/Patient.rs"), List.of("clinic-one")));

    fixture.actAs(authenticator.authenticate(token, "ip"));
    assertThat(directory.get(inOne.id()).id()).isEqualTo(inOne.id());
    for (Patient outside : List.of(inTwo, inNone)) {
      assertThatThrownBy(() -> directory.get(outside.id())).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> directory.findByMrn(outside.data().mrn()))
          .isInstanceOf(NotFoundException.class);
    }
    assertThat(clients(directory, inOne, inTwo)).containsExactly(inOne.id());

    // Unbounded, the same client reaches the whole tenant again.
    register("tenant-b", new SystemClient("ehr-sync", "svc-ehr", List.of("system/Patient.rs")));
    fixture.actAs(authenticator.authenticate(token, "ip"));
    assertThat(directory.get(inTwo.id()).id()).isEqualTo(inTwo.id());

    // Another tenant's organisation, or none, cannot bound a client.
    fixture.actAs(StoreFixture.staff("tenant-b", Role.TENANT_ADMIN));
    for (String organisation : List.of("clinic-of-a", "clinic-nowhere", "Not An Id")) {
      assertCode(
          new SystemClients(
              List.of(new SystemClient("ehr-sync", null, List.of(), List.of(organisation))),
              Map.of(),
              Map.of()),
          ErrorCode.SYSTEM_CLIENT_ORGANISATIONS);
    }
    assertThat(clients.systemClients().clients().get(0).organisations()).isEmpty();
  }

  @Test
  void theSmartConfigurationNamesTheTenantsTokenEndpointAndScopesOnlyOnceSet() {
    var smart =
        new org.phirecords.internal.tenant.SmartConfigurations(fixture.collections, fixture.config);
    assertThat(smart.of(new TenantId("tenant-b"))).as("no token endpoint set").isEmpty();
    fixture.actAs(StoreFixture.staff("tenant-b", Role.TENANT_ADMIN));
    List<SystemClient> registered = clients.systemClients().clients();
    for (String bad : List.of("http://idp.example/token", "ftp://idp.example", "not a url")) {
      assertCode(
          new SystemClients(registered, Map.of(), Map.of(), bad), ErrorCode.TOKEN_ENDPOINT_INVALID);
    }
    clients.updateSystemClients(
        new SystemClients(registered, Map.of(), Map.of(), "https://idp.b.test/oauth2/token"));

    var b = smart.of(new TenantId("tenant-b")).orElseThrow();
    assertThat(b.tokenEndpoint()).isEqualTo("https://idp.b.test/oauth2/token");
    assertThat(b.scopes()).contains("system/Patient.r", "system/*.r");
    assertThat(smart.of(new TenantId("tenant-a"))).as("another tenant's is its own").isEmpty();
    assertThat(smart.of(new TenantId("tenant-nowhere"))).isEmpty();
  }

  /** Which of {@code patients} the current caller can read. */
  private static List<org.phirecords.model.PatientId> clients(
      MongoPatientDirectory directory, Patient... patients) {
    List<org.phirecords.model.PatientId> read = new ArrayList<>();
    for (Patient p : patients) {
      try {
        read.add(directory.get(p.id()).id());
      } catch (NotFoundException outside) {
        // out of reach
      }
    }
    return read;
  }

  private void assertCode(SystemClients bad, ErrorCode code) {
    assertThatThrownBy(() -> clients.updateSystemClients(bad))
        .isInstanceOf(RecordsException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(code);
  }

  private void assertRefusedAsUnknownClient(String token) {
    assertThatThrownBy(() -> authenticator.authenticate(token, "ip"))
        .isInstanceOf(UnauthenticatedException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.SYSTEM_CLIENT_UNKNOWN);
  }

  private static String token(
      RSAKey key, String issuer, String subject, String clientId, String scope, String... groups) {
    JWTClaimsSet.Builder b =
        claims(issuer, subject).claim("scope", scope).claim("groups", List.of(groups));
    if (clientId != null) {
      b.claim("client_id", clientId);
    }
    return signed(key, b).serialize();
  }
}
