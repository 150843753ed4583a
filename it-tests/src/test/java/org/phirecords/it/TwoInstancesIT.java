package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.phirecords.audit.ChainVerification;
import org.phirecords.internal.audit.chain.AuditChainVerifier;
import org.phirecords.internal.audit.chain.ChainKey;
import org.phirecords.internal.store.PlatformAccess;
import org.phirecords.it.support.Http;
import org.phirecords.it.support.Http.Reply;
import org.phirecords.it.support.Scopes;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/**
 * Two app instances (two Payara Micro JVMs with records-web) write one tenant's audit chain at
 * once, through concurrent requests: the chain must verify and hold exactly every event.
 */
@ExtendWith({Stores.class, ArquillianExtension.class})
class TwoInstancesIT {
  private static final String TENANT = "it-tenant-two-instances";

  @Deployment(name = "first", testable = false)
  @TargetsContainer("first")
  static WebArchive first() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("it.wars"), "records-web.war"));
  }

  @Deployment(name = "second", testable = false)
  @TargetsContainer("second")
  static WebArchive second() {
    return first();
  }

  @Test
  void concurrentRequestsOnTwoInstancesLeaveOneValidChain(
      @ArquillianResource @OperateOnDeployment("first") URL one,
      @ArquillianResource @OperateOnDeployment("second") URL two)
      throws Exception {
    assertThat(one.getPort()).isNotEqualTo(two.getPort());
    Seed.tenant(TENANT);
    String subject = Tokens.subject("physician");
    String token = Tokens.of(subject, "physician").tenant(TENANT).sign();
    Reply created =
        new Http(one).call("POST", "api/patients", token).json(Seed.patientJson()).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String path = "api/patients/" + created.json().getString("id");

    int perThread = 15;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Http http = new Http(t % 2 == 0 ? one : two);
      results.add(
          pool.submit(
              () -> {
                int ok = 0;
                for (int i = 0; i < perThread; i++) {
                  ok += http.get(path, token).send().status() == 200 ? 1 : 0;
                }
                return ok;
              }));
    }
    int answered = 0;
    for (Future<Integer> f : results) {
      answered += f.get();
    }
    pool.shutdown();
    assertThat(answered).isEqualTo(8 * perThread);

    var audit = PlatformAccess.audit(Stores.audit().getDatabase("phi_audit"));
    long reads =
        audit
            .events()
            .countDocuments(
                new Document("subject", subject).append("operation", "PatientDirectory.get"));
    assertThat(reads).isEqualTo(8 * perThread);
    // The deployments run in development mode with the development chain key.
    ChainVerification chain =
        new AuditChainVerifier(
                audit.events(), audit.heads(), ChainKey.from(k -> java.util.Optional.empty()))
            .verify(TENANT, null, null);
    assertThat(chain.valid()).as(chain.toString()).isTrue();
    assertThat(chain.checked())
        .isEqualTo(audit.events().countDocuments(new Document("tenantId", TENANT)));
  }

  /**
   * A grant revoked, or an organisation suspended, by another instance (here: in the store, as the
   * tenant-admin API of a third instance stores it) stops access on both instances within the scope
   * cache's bound (records.organisations.scope-cache-seconds, 2 in the ITs; ADR 27).
   */
  @Test
  void aRevokedGrantOrASuspendedOrganisationStopsAccessOnEveryInstanceWithinTheBound(
      @ArquillianResource @OperateOnDeployment("first") URL one,
      @ArquillianResource @OperateOnDeployment("second") URL two)
      throws Exception {
    String tenant = "it-scope-two-" + System.nanoTime() % 1_000_000;
    Seed.tenant(tenant);
    Scopes.organisation(tenant, "facility-1", null, "ACTIVE");
    String grant =
        Scopes.grant(tenant, "GROUP", "facility-1-clinicians", "PHYSICIAN", "facility-1");
    String root = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    Reply created =
        new Http(one).call("POST", "api/patients", root).json(Seed.patientJson()).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String path = "api/patients/" + created.json().getString("id");
    Reply member =
        new Http(one)
            .call("POST", path + "/memberships", root)
            .json(
                "{\"organisation\":\"facility-1\",\"start\":\""
                    + java.time.Instant.now().minusSeconds(3600)
                    + "\"}")
            .send();
    assertThat(member.status()).as(member.toString()).isEqualTo(201);
    String scoped =
        Tokens.of(Tokens.subject("physician"), "facility-1-clinicians").tenant(tenant).sign();
    for (URL instance : List.of(one, two)) {
      assertThat(new Http(instance).get(path, scoped).send().status()).isEqualTo(200);
    }

    Scopes.revoke(tenant, grant);
    assertRefusedWithinTheBound(path, scoped, one, two);

    Scopes.grant(tenant, "GROUP", "facility-1-clinicians", "PHYSICIAN", "facility-1");
    long deadline = System.currentTimeMillis() + 4_000;
    while (new Http(two).get(path, scoped).send().status() != 200
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(new Http(two).get(path, scoped).send().status()).isEqualTo(200);
    Scopes.status(tenant, "facility-1", "SUSPENDED");
    assertRefusedWithinTheBound(path, scoped, one, two);
  }

  /**
   * A tenant suspended, reactivated or offboarded by another instance (here: in the store, as the
   * tenant-admin API of a third instance stores it) is refused, or served again, by both instances
   * within the lease on its standing (records.tenancy.status-cache-seconds, 1 in the ITs; ADR 31),
   * after both have served it from their lease.
   */
  @Test
  void aSuspensionOrOffboardingTakesEffectOnEveryInstanceWithinTheLease(
      @ArquillianResource @OperateOnDeployment("first") URL one,
      @ArquillianResource @OperateOnDeployment("second") URL two)
      throws Exception {
    String tenant = "it-lease-two-" + System.nanoTime() % 1_000_000;
    Seed.tenant(tenant);
    String token = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    Reply created =
        new Http(one).call("POST", "api/patients", token).json(Seed.patientJson()).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String path = "api/patients/" + created.json().getString("id");
    for (URL instance : List.of(one, two)) {
      assertThat(new Http(instance).get(path, token).send().status()).isEqualTo(200);
    }

    standing(tenant, "SUSPENDED");
    assertAnsweredWithinTheLease(path, token, 403, "PHR-403-03", one, two);
    standing(tenant, "ACTIVE");
    assertAnsweredWithinTheLease(path, token, 200, null, one, two);
    standing(tenant, "OFFBOARDED");
    assertAnsweredWithinTheLease(path, token, 403, "PHR-403-02", one, two);
  }

  private static void standing(String tenant, String status) {
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("tenants")
        .updateOne(
            new Document("_id", tenant), new Document("$set", new Document("status", status)));
  }

  /** Both instances answer {@code status} ({@code code}) once the 1 s lease (and 1 s) passed. */
  private static void assertAnsweredWithinTheLease(
      String path, String token, int status, String code, URL... instances)
      throws InterruptedException {
    Thread.sleep(2_000);
    for (URL instance : instances) {
      Reply reply = new Http(instance).get(path, token).send();
      assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
      if (code != null) {
        assertThat(reply.problemCode()).isEqualTo(code);
      }
    }
  }

  /** Both instances refuse {@code token} on {@code path} once the 2 s bound (and 1 s) passed. */
  private static void assertRefusedWithinTheBound(String path, String token, URL... instances)
      throws InterruptedException {
    Thread.sleep(3_000);
    for (URL instance : instances) {
      Reply refused = new Http(instance).get(path, token).send();
      assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
    }
  }
}
