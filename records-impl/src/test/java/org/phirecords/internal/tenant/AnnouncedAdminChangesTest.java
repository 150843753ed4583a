package org.phirecords.internal.tenant;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.AuditUnavailableException;
import org.phirecords.internal.audit.chain.AuditRetention;
import org.phirecords.internal.audit.chain.ChainLinks;
import org.phirecords.internal.audit.trail.AuditReconciler;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.DataKeyRotation;
import org.phirecords.internal.crypto.MongoKeyAdministration;
import org.phirecords.internal.link.LinkedRecords;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.security.AuthorizationInterceptor;
import org.phirecords.internal.testing.Intercepted;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.AlertSettings;
import org.phirecords.model.GroupMapping;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;

/**
 * Every administrative change is an announced write (ADR 20): with the audit store down nothing
 * changes, and a process killed between the change and its outcome leaves a registry and a trail
 * that the reconciler brings into agreement.
 */
class AnnouncedAdminChangesTest {
  private static final TenantId T = new TenantId("tenant-adm");
  private static final Caller PLATFORM = StoreFixture.staff("tenant-adm", Role.PLATFORM_ADMIN);
  private static final Caller ADMIN = StoreFixture.staff("tenant-adm", Role.TENANT_ADMIN);
  private static final Caller SECOND_TENANT_ADMIN =
      StoreFixture.staffNamed("second-tenant-admin", "tenant-adm", Role.TENANT_ADMIN);
  private static final Caller SECOND =
      StoreFixture.staffNamed("second-admin", "tenant-adm", Role.PLATFORM_ADMIN);

  private final StoreFixture fixture = new StoreFixture();

  /** Thrown where the process dies: after the change, before its outcome is recorded. */
  static final class Killed extends Error {
    private static final long serialVersionUID = 1L;
  }

  /** The services, calling through {@code audit}. */
  private final class Services {
    final MongoTenantRegistry registry;
    final MongoTenantLifecycle lifecycle;
    final MongoTenantSettings settings;
    final MongoKeyAdministration keys;

    Services(AuditTrail audit) {
      Operations ops = new Operations(fixture.collections, audit);
      AuthorizationInterceptor interceptor =
          new AuthorizationInterceptor(
              fixture.callers,
              new TenantStatusLookup(fixture.collections),
              audit,
              ops,
              new LinkedRecords(fixture.collections),
              fixture.scopes);
      registry =
          Intercepted.through(
              interceptor,
              new MongoTenantRegistry(ops, fixture.collections, fixture.cipher, fixture.config));
      lifecycle =
          Intercepted.through(
              interceptor,
              new MongoTenantLifecycle(ops, fixture.collections, fixture.cipher, Duration.ZERO));
      settings =
          Intercepted.through(
              interceptor,
              new MongoTenantSettings(
                  ops,
                  fixture.collections,
                  fixture.config,
                  new AuditRetention(fixture.collections, audit, fixture.config)));
      keys =
          Intercepted.through(
              interceptor,
              new MongoKeyAdministration(
                  ops,
                  fixture.cipher,
                  new DataKeyRotation(
                      fixture.cipher,
                      fixture.protection,
                      fixture.collections,
                      new org.phirecords.internal.integrity.RecordRewrites(fixture.audit)),
                  new TenantStatusLookup(fixture.collections),
                  fixture.collections));
    }
  }

  private final Services services = new Services(fixture.audit);

  /** Each administrative change, by name, with the caller making it. */
  private Map<String, Consumer<Services>> changes() {
    Map<String, Consumer<Services>> changes = new LinkedHashMap<>();
    changes.put(
        "group mapping",
        as(
            ADMIN,
            s ->
                s.settings.updateGroupMapping(
                    new GroupMapping(Map.of("doctors", Set.of(Role.PHYSICIAN))))));
    changes.put("group mapping withdrawal", s -> s.settings.withdrawMappingChange(requested()));
    changes.put(
        "group mapping approval",
        s -> {
          String id = requested();
          fixture.actAs(SECOND_TENANT_ADMIN);
          s.settings.approveMappingChange(id);
        });
    changes.put(
        "alert settings",
        as(ADMIN, s -> s.settings.updateAlerts(new AlertSettings(30, 40, 9, null, "UTC"))));
    changes.put("retention", as(ADMIN, s -> s.settings.updateAuditRetentionYears(9)));
    changes.put("suspend", as(PLATFORM, s -> s.lifecycle.suspend(T)));
    changes.put("reactivate", as(PLATFORM, s -> s.lifecycle.reactivate(T)));
    changes.put("data key rotation", as(PLATFORM, s -> s.keys.rotateDataKey(T)));
    changes.put("re-wrap", as(PLATFORM, s -> s.keys.rewrapDataKeys()));
    changes.put(
        "onboarding",
        as(
            PLATFORM,
            s ->
                s.registry.create(StoreFixture.onboarding(new TenantId("tenant-new"), "N", null))));
    changes.put("offboarding request", as(PLATFORM, s -> s.lifecycle.requestOffboarding(T)));
    changes.put("offboarding cancellation", as(PLATFORM, s -> s.lifecycle.cancelOffboarding(T)));
    changes.put(
        "offboarding approval",
        s -> {
          fixture.actAs(PLATFORM);
          String code = services.lifecycle.requestOffboarding(T).confirmation();
          fixture.actAs(SECOND);
          s.lifecycle.confirmOffboarding(T, code);
        });
    return changes;
  }

  /** A pending grant of a PHI role, requested through the working services (ADR 22). */
  private String requested() {
    fixture.actAs(ADMIN);
    services.settings.updateGroupMapping(
        new GroupMapping(Map.of("doctors", Set.of(Role.PHYSICIAN))));
    return services.settings.mappingChanges().get(0).id();
  }

  private Consumer<Services> as(Caller caller, Consumer<Services> change) {
    return s -> {
      fixture.actAs(caller);
      change.accept(s);
    };
  }

  @BeforeEach
  void onboard() {
    fixture.actAs(PLATFORM);
    services.registry.create(StoreFixture.onboarding(T, "Admin Clinic", null));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void withTheAuditStoreDownNoAdministrativeChangeTakesEffect() {
    List<Document> before = platformRecords();
    fixture.auditServer.shutdownNow();
    changes()
        .forEach(
            (name, change) ->
                assertThatThrownBy(() -> change.accept(services))
                    .as(name)
                    .isInstanceOf(AuditUnavailableException.class));
    assertThatThrownBy(() -> services.lifecycle.confirmOffboarding(T, "any"))
        .isInstanceOf(AuditUnavailableException.class);
    assertThat(platformRecords()).isEqualTo(before);
  }

  @Test
  void aProcessKilledBetweenAChangeAndItsOutcomeIsReconciledToAgreeWithTheRegistry()
      throws Exception {
    Services dying =
        new Services(
            new AuditTrail(fixture.collections, fixture.events, StoreFixture.CHAIN_KEY) {
              @Override
              public void conclude(WriteIntent intent, AuditOutcome outcome, int count) {
                throw new Killed();
              }
            });
    Map<String, Consumer<Services>> changes = changes();
    changes.forEach(
        (name, change) ->
            assertThatThrownBy(() -> change.accept(dying)).as(name).isInstanceOf(Killed.class));
    // An announced change that never happened: the process died before changing anything.
    fixture.actAs(PLATFORM);
    WriteIntent lost =
        fixture.operations.within(
            PLATFORM,
            org.phirecords.security.Permission.TENANT_MANAGE,
            "TenantLifecycle.suspend",
            () ->
                fixture
                    .operations
                    .current()
                    .intend(
                        org.phirecords.audit.AuditAction.UPDATE,
                        org.phirecords.internal.store.StoredCollection.TENANTS,
                        T.value()));
    Thread.sleep(5);

    AuditReconciler.Result result =
        new AuditReconciler(fixture.collections, fixture.audit).reconcile(Duration.ZERO);

    assertThat(result).isEqualTo(new AuditReconciler.Result(changes.size(), 1));
    List<String> outcomes = new ArrayList<>();
    fixture
        .collections
        .auditLog()
        .find(eq("subject", "system:audit-reconciler"))
        .forEach(d -> outcomes.add(d.getString("intentId") + ":" + d.getString("outcome")));
    assertThat(outcomes).contains(lost.id() + ":ERROR").hasSize(changes.size() + 1);
    // Every change the trail calls a success is in the registry, stamped by its intent.
    TenantRepository registry = new TenantRepository(fixture.collections);
    TenantRegistration entry = registry.find(T).orElseThrow();
    assertThat(entry.groupMapping()).containsKey("doctors");
    assertThat(entry.auditRetentionYears()).contains(9);
    assertThat(entry.offboarding().flatMap(t -> t.approvedBy())).contains("second-admin");
    assertThat(registry.exists(new TenantId("tenant-new"))).isTrue();
    for (String chain : List.of(T.value(), ChainLinks.PLATFORM)) {
      assertThat(fixture.audit.verifier().verify(chain, null, null).valid()).as(chain).isTrue();
    }
  }

  @Test
  void offboardingIsConcludedOnlyOnceTheTenantIsMarkedOffboarded() throws InterruptedException {
    fixture.actAs(PLATFORM);
    String code = services.lifecycle.requestOffboarding(T).confirmation();
    Services dying =
        new Services(
            new AuditTrail(fixture.collections, fixture.events, StoreFixture.CHAIN_KEY) {
              @Override
              public void conclude(WriteIntent intent, AuditOutcome outcome, int count) {
                if (intent.action() != org.phirecords.audit.AuditAction.DELETE) {
                  super.conclude(intent, outcome, count);
                  return;
                }
                throw new Killed();
              }
            });
    fixture.actAs(SECOND);
    assertThatThrownBy(() -> dying.lifecycle.confirmOffboarding(T, code))
        .isInstanceOf(Killed.class);
    assertThat(new TenantRepository(fixture.collections).find(T).orElseThrow().status())
        .isEqualTo(org.phirecords.model.TenantStatus.OFFBOARDED);
    Thread.sleep(5);
    assertThat(new AuditReconciler(fixture.collections, fixture.audit).reconcile(Duration.ZERO))
        .isEqualTo(new AuditReconciler.Result(1, 0));
    Document outcome =
        fixture
            .collections
            .auditLog()
            .find(
                and(
                    eq("subject", "system:audit-reconciler"),
                    eq("action", org.phirecords.audit.AuditAction.DELETE.name())))
            .first();
    assertThat(outcome).isNotNull();
    assertThat(outcome.getString("outcome")).isEqualTo("SUCCESS");
  }

  /** The registry and the key administration records: what an administrative change touches. */
  private List<Document> platformRecords() {
    List<Document> all = new ArrayList<>();
    try (var client = com.mongodb.client.MongoClients.create(fixture.dataUri)) {
      for (String db : List.of("phi_tenants", "phi_keys")) {
        for (String name : client.getDatabase(db).listCollectionNames()) {
          client.getDatabase(db).getCollection(name).find().sort(new Document("_id", 1)).into(all);
        }
      }
    }
    return all;
  }
}
