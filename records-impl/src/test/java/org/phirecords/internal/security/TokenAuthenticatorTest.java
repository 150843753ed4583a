package org.phirecords.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.phirecords.internal.testing.TestTokens.pem;
import static org.phirecords.internal.testing.TestTokens.rsa;
import static org.phirecords.internal.testing.TestTokens.signed;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import jakarta.enterprise.context.ContextNotActiveException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.audit.chain.AuditRetention;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.tenant.MongoTenantRegistry;
import org.phirecords.internal.tenant.MongoTenantSettings;
import org.phirecords.internal.tenant.TenantStatusLookup;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.internal.testing.TestTokens;
import org.phirecords.model.GroupMapping;
import org.phirecords.model.IdentityProvider;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;

class TokenAuthenticatorTest {
  private static final String PLATFORM = "https://platform.test";
  private final StoreFixture fixture = new StoreFixture();
  private final RSAKey platformKey = rsa();
  private final RSAKey tenantKey = rsa();
  private final TokenAuthenticator authenticator;
  private final MongoTenantRegistry registry;
  private final MongoTenantSettings settings;
  private final RecordsConfig config;

  TokenAuthenticatorTest(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("platform.pem");
    Files.writeString(pem, pem(platformKey));
    config =
        new RecordsConfig(
            new MapConfig()
                .with("mp.jwt.verify.issuer", PLATFORM)
                .with("mp.jwt.verify.publickey.location", pem.toUri().toString()));
    authenticator = new TokenAuthenticator(config, fixture.collections);
    registry =
        fixture.intercepted(
            new MongoTenantRegistry(
                fixture.operations, fixture.collections, fixture.cipher, config));
    settings =
        fixture.intercepted(
            new MongoTenantSettings(
                fixture.operations,
                fixture.collections,
                config,
                new AuditRetention(fixture.collections, fixture.audit, config)));
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PLATFORM_ADMIN));
    registry.create(StoreFixture.onboarding(new TenantId("tenant-a"), "A", null));
    registry.create(
        StoreFixture.onboarding(
            new TenantId("tenant-b"),
            "B",
            new IdentityProvider("https://idp.b.test", pem(tenantKey), null)));
    fixture.actAs(StoreFixture.staff("tenant-b", Role.TENANT_ADMIN));
    settings.updateGroupMapping(
        new GroupMapping(
            Map.of("Doctors", Set.of(Role.PHYSICIAN), "Auditors", Set.of(Role.PRIVACY_OFFICER))));
    // A PHI role takes effect once a second administrator approves it (ADR 22).
    fixture.actAs(StoreFixture.staffNamed("second-admin", "tenant-b", Role.TENANT_ADMIN));
    settings.approveMappingChange(settings.mappingChanges().get(0).id());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void platformTokensNameTheirTenantAndRoles() {
    Caller caller =
        authenticator.authenticate(token(platformKey, PLATFORM, "tenant-a", "physician"), "ip");
    assertThat(caller.tenant()).contains(new TenantId("tenant-a"));
    assertThat(caller.roles()).containsExactly(Role.PHYSICIAN);
  }

  @Test
  void aPatientIdClaimLinksNoRecordAndTheIssuerIsKept() {
    String token =
        signed(
                platformKey,
                claims(PLATFORM, "tenant-a")
                    .claim("groups", List.of("patient"))
                    .claim("patient_id", org.phirecords.model.PatientId.random().value()))
            .serialize();
    Caller caller = authenticator.authenticate(token, "ip");
    assertThat(caller.linkedPatient()).isEmpty();
    assertThat(caller.issuer()).isEqualTo(PLATFORM);
  }

  @Test
  void aConfiguredAudienceMustBeNamedByTheToken(@TempDir Path dir) throws Exception {
    TokenAuthenticator withAudience =
        authenticator(dir, "mp.jwt.verify.audiences", "phi-records, other-name");
    String ours =
        signed(platformKey, claims(PLATFORM, "tenant-a").audience("phi-records")).serialize();
    String theirs =
        signed(platformKey, claims(PLATFORM, "tenant-a").audience("billing-service")).serialize();
    String none = signed(platformKey, claims(PLATFORM, "tenant-a")).serialize();

    assertThat(withAudience.authenticate(ours, "ip").tenant()).contains(new TenantId("tenant-a"));
    assertThatThrownBy(() -> withAudience.authenticate(theirs, "ip"))
        .isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> withAudience.authenticate(none, "ip"))
        .isInstanceOf(UnauthenticatedException.class);
    // Not configured: not checked.
    assertThat(authenticator.authenticate(theirs, "ip").tenant())
        .contains(new TenantId("tenant-a"));
  }

  @Test
  void aTenantIdpActsOnlyInItsTenantWithMappedRoles() {
    Caller doctor =
        authenticator.authenticate(token(tenantKey, "https://idp.b.test", null, "Doctors"), "ip");
    assertThat(doctor.tenant()).contains(new TenantId("tenant-b"));
    assertThat(doctor.roles()).containsExactly(Role.PHYSICIAN);
    assertThat(doctor.groups()).as("for the own-group rule, ADR 22").containsExactly("Doctors");
    // Unmapped groups and module role names grant nothing; platform-admin never.
    assertThat(
            authenticator
                .authenticate(
                    token(tenantKey, "https://idp.b.test", null, "platform-admin", "physician"),
                    "ip")
                .roles())
        .isEmpty();
    // Claiming another tenant is refused, even with its own tenant's genuine signature.
    assertRefused(token(tenantKey, "https://idp.b.test", "tenant-a", "Doctors"));
  }

  @Test
  void theFirstAdminIsATenantAdminAndRoleCombinationsOutOfBoundsAreRefused() {
    SignedJWT admin = signed(tenantKey, claims("https://idp.b.test", null).subject("admin-1"));
    assertThat(authenticator.authenticate(admin.serialize(), "ip").roles())
        .containsExactly(Role.TENANT_ADMIN);
    // The first admin who is also in the Doctors group would be an admin with PHI access.
    SignedJWT both =
        signed(
            tenantKey,
            claims("https://idp.b.test", null)
                .subject("admin-1")
                .claim("groups", List.of("Doctors")));
    assertRefused(both.serialize());
  }

  @Test
  void thePlatformIssuersTokensAreBoundedLikeEveryOtherIssuers() {
    for (List<String> groups :
        List.of(
            List.of("patient", "physician"),
            List.of("tenant-admin", "physician"),
            List.of("platform-admin", "billing"),
            List.of("privacy-officer", "patient"),
            List.of("billing", "physician"))) {
      assertRefused(token(platformKey, PLATFORM, "tenant-a", groups.toArray(String[]::new)));
    }
    assertThat(
            authenticator
                .authenticate(token(platformKey, PLATFORM, null, "platform-admin"), "ip")
                .roles())
        .containsExactly(Role.PLATFORM_ADMIN);
    assertThat(
            authenticator
                .authenticate(
                    token(platformKey, PLATFORM, "tenant-a", "tenant-admin", "privacy-officer"),
                    "ip")
                .roles())
        .as("two admin roles without PHI stay within the bounds")
        .containsExactlyInAnyOrder(Role.TENANT_ADMIN, Role.PRIVACY_OFFICER);
  }

  @Test
  void subjectsMustBeVisibleTextAndNotTheModulesOwnNames() {
    for (String subject :
        List.of("anonymous", "Anonymous", "system:anomaly-alerts", "two words", "tab\tbed", "")) {
      assertRefused(
          signed(
                  platformKey,
                  claims(PLATFORM, "tenant-a")
                      .subject(subject)
                      .claim("groups", List.of("physician")))
              .serialize());
    }
    assertRefused(
        signed(
                platformKey,
                claims(PLATFORM, "tenant-a")
                    .subject("x".repeat(TokenHygiene.MAX_SUBJECT + 1))
                    .claim("groups", List.of("physician")))
            .serialize());
    assertThat(
            authenticator
                .authenticate(
                    signed(
                            platformKey,
                            claims(PLATFORM, "tenant-a")
                                .subject("auth0|dr.jones@example.org")
                                .claim("groups", List.of("physician")))
                        .serialize(),
                    "ip")
                .subject())
        .isEqualTo("auth0|dr.jones@example.org");
  }

  @Test
  void aTokenLivesNoLongerThanItsRolesAllow(@TempDir Path dir) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet.Builder day =
        claims(PLATFORM, "tenant-a")
            .claim("groups", List.of("physician"))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofHours(24))));
    assertRefused(signed(platformKey, day).serialize());
    JWTClaimsSet.Builder noIssueTime =
        claims(PLATFORM, "tenant-a").claim("groups", List.of("physician")).issueTime(null);
    assertRefused(signed(platformKey, noIssueTime).serialize());
    JWTClaimsSet.Builder hour =
        claims(PLATFORM, "tenant-a")
            .claim("groups", List.of("physician"))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(59))));
    assertThat(authenticator.authenticate(signed(platformKey, hour).serialize(), "ip").roles())
        .containsExactly(Role.PHYSICIAN);
    TokenAuthenticator longer = authenticator(dir, "records.jwt.max-lifetime-seconds", "90000");
    assertThat(longer.authenticate(signed(platformKey, day).serialize(), "ip").roles())
        .as("the bound is configurable")
        .containsExactly(Role.PHYSICIAN);
  }

  @Test
  void accessTokensAreAcceptedAndIdTokensRefusedByTheirType() throws Exception {
    for (String type : List.of("at+jwt", "application/at+jwt", "JWT")) {
      assertThat(authenticator.authenticate(typed(type), "ip").roles())
          .as(type)
          .containsExactly(Role.PHYSICIAN);
    }
    for (String type : List.of("id_token+jwt", "JOSE", "secevent+jwt")) {
      assertRefused(typed(type));
    }
  }

  private String typed(String type) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType(type)).build(),
            claims(PLATFORM, "tenant-a").claim("groups", List.of("physician")).build());
    jwt.sign(new RSASSASigner(platformKey));
    return jwt.serialize();
  }

  @Test
  void aRequestReadsItsTenantsRegistrationOnceAndTheNextRequestAgain() {
    TenantStatusLookup.ThisRequest request = new TenantStatusLookup.ThisRequest();
    TenantStatusLookup tenants = new TenantStatusLookup(fixture.collections, request);
    TokenAuthenticator sharing =
        new TokenAuthenticator(
            config,
            fixture.collections,
            tenants,
            new org.phirecords.internal.session.RevocationCheck(config, fixture.collections));
    // Authentication reads the registration, by tenant (platform issuer) or by issuer (own IdP).
    sharing.authenticate(token(platformKey, PLATFORM, "tenant-a", "physician"), "ip");
    sharing.authenticate(token(tenantKey, "https://idp.b.test", null, "Doctors"), "ip");
    suspendInRegistry("tenant-a");
    suspendInRegistry("tenant-b");

    // The authorization check of the same request uses what authentication read: no second read.
    assertThat(tenants.status(new TenantId("tenant-a"))).contains(TenantStatus.ACTIVE);
    assertThat(tenants.status(new TenantId("tenant-b"))).contains(TenantStatus.ACTIVE);
    // The next request reads again and sees the suspension; so does work outside any request.
    TenantStatusLookup next =
        new TenantStatusLookup(fixture.collections, new TenantStatusLookup.ThisRequest());
    assertThat(next.status(new TenantId("tenant-a"))).contains(TenantStatus.SUSPENDED);
    TenantStatusLookup.ThisRequest noRequest =
        new TenantStatusLookup.ThisRequest() {
          @Override
          public boolean active() {
            throw new ContextNotActiveException();
          }
        };
    TenantStatusLookup background = new TenantStatusLookup(fixture.collections, noRequest);
    assertThat(background.status(new TenantId("tenant-b"))).contains(TenantStatus.SUSPENDED);
  }

  @Test
  void aRememberedTokenIsRefusedOnceExpiredAndWhenItsIssuersKeyChanges(@TempDir Path dir)
      throws Exception {
    TokenAuthenticator noSkew = authenticator(dir, "records.jwt.clock-skew-seconds", "0");
    Instant expiry = Instant.now().plusSeconds(2);
    String shortLived =
        signed(platformKey, claims(PLATFORM, "tenant-a").expirationTime(Date.from(expiry)))
            .serialize();
    String doctor = token(tenantKey, "https://idp.b.test", null, "Doctors");
    for (int request = 0; request < 3; request++) {
      assertThat(noSkew.authenticate(shortLived, "ip").tenant()).isPresent();
      assertThat(noSkew.authenticate(doctor, "ip").roles()).containsExactly(Role.PHYSICIAN);
    }
    assertThat(noSkew.rememberedTokens()).isEqualTo(2);

    // The tenant's IdP now has another key: what the old one verified is verified afresh.
    fixture
        .collections
        .tenantRegistry()
        .updateOne(
            com.mongodb.client.model.Filters.eq("_id", "tenant-b"),
            com.mongodb.client.model.Updates.set("idp.publicKeyPem", pem(rsa())));
    assertThatThrownBy(() -> noSkew.authenticate(doctor, "ip"))
        .isInstanceOf(UnauthenticatedException.class);
    // Expiry is checked on every request, remembered or not.
    Thread.sleep(Math.max(0, expiry.toEpochMilli() - System.currentTimeMillis()) + 1_100);
    assertThatThrownBy(() -> noSkew.authenticate(shortLived, "ip"))
        .isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void tokensAreNotRememberedWhenTheSettingIsZero(@TempDir Path dir) throws Exception {
    TokenAuthenticator never = authenticator(dir, "records.jwt.verified-token-seconds", "0");
    String token = token(platformKey, PLATFORM, "tenant-a", "physician");
    assertThat(never.authenticate(token, "ip").roles()).containsExactly(Role.PHYSICIAN);
    assertThat(never.authenticate(token, "ip").roles()).containsExactly(Role.PHYSICIAN);
    assertThat(never.rememberedTokens()).isZero();
  }

  private void suspendInRegistry(String tenant) {
    fixture
        .collections
        .tenantRegistry()
        .updateOne(
            com.mongodb.client.model.Filters.eq("_id", tenant),
            com.mongodb.client.model.Updates.set("status", TenantStatus.SUSPENDED.name()));
  }

  @Test
  void forgedExpiredUnknownAndUnsignedTokensAreRefused() {
    assertRefused(token(rsa(), "https://idp.b.test", null, "Doctors")); // wrong key
    assertRefused(token(tenantKey, PLATFORM, "tenant-a", "physician")); // tenant key, platform iss
    assertRefused(token(platformKey, "https://idp.unknown.test", null, "Doctors"));
    assertRefused(token(platformKey, PLATFORM, "tenant-b", "physician")); // tenant has own IdP
    SignedJWT expired =
        signed(
            platformKey,
            claims(PLATFORM, "tenant-a")
                .expirationTime(Date.from(Instant.now().minusSeconds(600))));
    assertRefused(expired.serialize());
    assertRefused(new PlainJWT(claims(PLATFORM, "tenant-a").build()).serialize());
    assertRefused("not.a.token");
  }

  @Test
  void hmacWithThePublicKeyAsSecretIsRefused() throws Exception {
    SignedJWT confused =
        new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(PLATFORM, "tenant-a").build());
    confused.sign(new MACSigner(platformKey.toRSAPublicKey().getEncoded()));
    assertRefused(confused.serialize());
  }

  @Test
  void jwksUrlsAndEcKeysWork() throws Exception {
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] jwks = new JWKSet(ec.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/jwks",
        exchange -> {
          exchange.sendResponseHeaders(200, jwks.length);
          exchange.getResponseBody().write(jwks);
          exchange.close();
        });
    server.start();
    try {
      // A JWKS URL on the loopback interface is allowed in development mode only.
      RecordsConfig development =
          new RecordsConfig(
              new MapConfig()
                  .with("records.mode", "development")
                  .with("mp.jwt.verify.issuer", PLATFORM));
      MongoTenantRegistry registry =
          fixture.intercepted(
              new MongoTenantRegistry(
                  fixture.operations, fixture.collections, fixture.cipher, development));
      TokenAuthenticator authenticator = new TokenAuthenticator(development, fixture.collections);
      fixture.actAs(StoreFixture.staff("tenant-c", Role.PLATFORM_ADMIN));
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
      registry.create(
          StoreFixture.onboarding(
              new TenantId("tenant-c"),
              "C",
              new IdentityProvider("https://idp.c.test", null, uri)));
      SignedJWT token =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
              claims("https://idp.c.test", null).subject("admin-1").build());
      token.sign(new ECDSASigner(ec));
      assertThat(authenticator.authenticate(token.serialize(), "ip").tenant())
          .contains(new TenantId("tenant-c"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void oneIssuerBelongsToOneTenantAndBadKeysAreRefusedAtOnboarding() {
    fixture.actAs(StoreFixture.staff("tenant-d", Role.PLATFORM_ADMIN));
    assertThatThrownBy(
            () ->
                registry.create(
                    StoreFixture.onboarding(
                        new TenantId("tenant-d"),
                        "D",
                        new IdentityProvider("https://idp.b.test", pem(rsa()), null))))
        .hasMessageContaining("identity provider");
    assertThatThrownBy(
            () ->
                registry.create(
                    StoreFixture.onboarding(
                        new TenantId("tenant-d"),
                        "D",
                        new IdentityProvider(
                            "https://idp.d.test",
                            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
                            null))))
        .hasMessageContaining("publicKeyPem");
    assertThat(registry.find(new TenantId("tenant-d"))).isEmpty();
  }

  /** An authenticator of the platform issuer with one more setting. */
  private TokenAuthenticator authenticator(Path dir, String setting, String value)
      throws java.io.IOException {
    Path pem = dir.resolve("platform.pem");
    Files.writeString(pem, pem(platformKey));
    return new TokenAuthenticator(
        new RecordsConfig(
            new MapConfig()
                .with("mp.jwt.verify.issuer", PLATFORM)
                .with("mp.jwt.verify.publickey.location", pem.toUri().toString())
                .with(setting, value)),
        fixture.collections);
  }

  private void assertRefused(String token) {
    assertThatThrownBy(() -> authenticator.authenticate(token, "ip"))
        .isInstanceOf(UnauthenticatedException.class);
  }

  private static JWTClaimsSet.Builder claims(String issuer, String tenant) {
    JWTClaimsSet.Builder b = TestTokens.claims(issuer, "user-" + System.nanoTime());
    return tenant == null ? b : b.claim("tenant", tenant);
  }

  private static String token(RSAKey key, String issuer, String tenant, String... groups) {
    return signed(key, claims(issuer, tenant).claim("groups", List.of(groups))).serialize();
  }
}
