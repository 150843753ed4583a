package org.phirecords.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.phirecords.internal.testing.TestTokens.pem;
import static org.phirecords.internal.testing.TestTokens.rsa;
import static org.phirecords.internal.testing.TestTokens.signed;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.session.MongoSessionRevocation;
import org.phirecords.internal.session.RevocationCheck;
import org.phirecords.internal.tenant.MongoTenantRegistry;
import org.phirecords.internal.tenant.TenantStatusLookup;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.IdentityProvider;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;
import org.phirecords.service.SessionRevocation;

/** Revocation of a subject's sessions, and how soon every instance refuses the old tokens. */
class SessionRevocationTest {
  private static final String PLATFORM = "https://platform.test";
  private static final String IDP = "https://idp.b.test";
  private final StoreFixture fixture = new StoreFixture();
  private final RSAKey platformKey = rsa();
  private final RSAKey tenantKey = rsa();
  private final RecordsConfig config;

  SessionRevocationTest(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("platform.pem");
    Files.writeString(pem, pem(platformKey));
    config =
        new RecordsConfig(
            new MapConfig()
                .with("mp.jwt.verify.issuer", PLATFORM)
                .with("mp.jwt.verify.publickey.location", pem.toUri().toString())
                .with("records.jwt.revocation-cache-seconds", "1"));
    MongoTenantRegistry registry =
        fixture.intercepted(
            new MongoTenantRegistry(
                fixture.operations, fixture.collections, fixture.cipher, config));
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PLATFORM_ADMIN));
    registry.create(StoreFixture.onboarding(new TenantId("tenant-a"), "A", null));
    registry.create(
        StoreFixture.onboarding(
            new TenantId("tenant-b"), "B", new IdentityProvider(IDP, pem(tenantKey), null)));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  /** One instance: its own revocation check over the shared store. */
  private TokenAuthenticator instance(RevocationCheck check) {
    return new TokenAuthenticator(
        config, fixture.collections, new TenantStatusLookup(fixture.collections), check);
  }

  private SessionRevocation revocation(RevocationCheck check) {
    return fixture.intercepted(
        new MongoSessionRevocation(
            fixture.operations,
            fixture.collections,
            check,
            new TenantStatusLookup(fixture.collections),
            config));
  }

  @Test
  void aTenantAdminRevokesOnlyTheOwnTenantsSubjectAndNewTokensWork() throws Exception {
    RevocationCheck check = new RevocationCheck(config, fixture.collections);
    TokenAuthenticator authenticator = instance(check);
    Instant issued = Instant.now().minusSeconds(5);
    String old = token(tenantKey, IDP, null, "admin-1", issued);
    String otherUser = token(tenantKey, IDP, null, "admin-2", issued);
    String sameNameElsewhere = token(platformKey, PLATFORM, "tenant-a", "admin-1", issued);
    assertThat(authenticator.authenticate(old, "ip").subject()).isEqualTo("admin-1");

    fixture.actAs(StoreFixture.staff("tenant-b", Role.TENANT_ADMIN));
    Instant notBefore = revocation(check).revokeInTenant("admin-1");
    assertThat(notBefore).isAfter(issued);

    // This instance knows at once.
    assertThatThrownBy(() -> authenticator.authenticate(old, "ip"))
        .isInstanceOf(UnauthenticatedException.class);
    assertThat(authenticator.authenticate(otherUser, "ip").subject()).isEqualTo("admin-2");
    assertThat(authenticator.authenticate(sameNameElsewhere, "ip").subject()).isEqualTo("admin-1");
    String fresh = token(tenantKey, IDP, null, "admin-1", notBefore);
    assertThat(authenticator.authenticate(fresh, "ip").subject()).isEqualTo("admin-1");

    List<Document> events = fixture.collections.auditLog().find().into(new ArrayList<>());
    assertThat(events)
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsSubsequence(
            "SessionRevocation.revokeInTenant:INTENDED",
            "SessionRevocation.revokeInTenant:SUCCESS");
  }

  @Test
  void anotherInstanceRefusesTheOldTokenWithinTheCacheBoundWithoutAStoreReadPerRequest()
      throws Exception {
    TokenAuthenticator other = instance(new RevocationCheck(config, fixture.collections));
    String old = token(platformKey, PLATFORM, "tenant-a", "doc-1", Instant.now().minusSeconds(5));
    other.authenticate(old, "ip");

    fixture.actAs(StoreFixture.staff("tenant-a", Role.TENANT_ADMIN));
    revocation(new RevocationCheck(config, fixture.collections)).revokeInTenant("doc-1");
    // Within the bound the other instance may still answer from its cache...
    assertThat(other.authenticate(old, "ip").subject()).isEqualTo("doc-1");
    // ...and past it, it refuses.
    Thread.sleep(1_200);
    assertThatThrownBy(() -> other.authenticate(old, "ip"))
        .isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void aPlatformAdminRevokesAPlatformSubjectEverywhereButNotATenantIssuersNamesake()
      throws Exception {
    RevocationCheck check = new RevocationCheck(config, fixture.collections);
    TokenAuthenticator authenticator = instance(check);
    Instant issued = Instant.now().minusSeconds(5);
    String inTenant = token(platformKey, PLATFORM, "tenant-a", "ops-1", issued);
    String asAdmin = token(platformKey, PLATFORM, null, "ops-1", issued, "platform-admin");
    String namesake = token(tenantKey, IDP, null, "ops-1", issued);

    fixture.actAs(StoreFixture.staff("tenant-a", Role.PLATFORM_ADMIN));
    revocation(check).revokePlatformSubject("ops-1");

    assertThatThrownBy(() -> authenticator.authenticate(inTenant, "ip"))
        .isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> authenticator.authenticate(asAdmin, "ip"))
        .isInstanceOf(UnauthenticatedException.class);
    assertThat(authenticator.authenticate(namesake, "ip").subject()).isEqualTo("ops-1");
  }

  @Test
  void onlyAdminsRevokeAndOnlyWellFormedSubjects() {
    SessionRevocation revocation = revocation(new RevocationCheck(config, fixture.collections));
    for (Role role : new Role[] {Role.PHYSICIAN, Role.PRIVACY_OFFICER, Role.BILLING}) {
      fixture.actAs(StoreFixture.staff("tenant-a", role));
      assertThatThrownBy(() -> revocation.revokeInTenant("x"))
          .isInstanceOf(AccessDeniedException.class);
    }
    fixture.actAs(StoreFixture.staff("tenant-a", Role.TENANT_ADMIN));
    assertThatThrownBy(() -> revocation.revokePlatformSubject("x"))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> revocation.revokeInTenant("two words"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> revocation.revokeInTenant("x".repeat(257)))
        .isInstanceOf(InvalidInputException.class);
  }

  private static String token(
      RSAKey key, String issuer, String tenant, String subject, Instant issued, String... groups)
      throws Exception {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(subject)
            .issueTime(Date.from(issued))
            .expirationTime(Date.from(issued.plusSeconds(600)))
            .claim("groups", List.of(groups.length == 0 ? new String[] {"physician"} : groups));
    if (tenant != null) {
      claims.claim("tenant", tenant);
    }
    return signed(key, claims).serialize();
  }
}
