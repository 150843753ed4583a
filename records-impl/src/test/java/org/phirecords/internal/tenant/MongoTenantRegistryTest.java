package org.phirecords.internal.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Tenant;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Role;

class MongoTenantRegistryTest {
  private static final TenantId T = new TenantId("tenant-new");
  private final StoreFixture fixture = new StoreFixture();
  private final MongoTenantRegistry registry =
      fixture.intercepted(
          new MongoTenantRegistry(
              fixture.operations, fixture.collections, fixture.cipher, fixture.config));

  @AfterEach
  void close() {
    fixture.close();
  }

  private long keysOf(TenantId tenant) {
    return fixture
        .collections
        .keyVault()
        .countDocuments(new Document("keyAltNames", "tenant:" + tenant.value()));
  }

  @Test
  void onboardingTwiceLeavesOneEntryAndOneKey() {
    fixture.actAs(StoreFixture.staff("tenant-new", Role.PLATFORM_ADMIN));
    registry.create(StoreFixture.onboarding(T, "New Clinic", null));
    var again = registry.create(StoreFixture.onboarding(T, "Renamed?", null));
    assertThat(again.displayName()).as("the existing tenant, unchanged").isEqualTo("New Clinic");
    assertThat(again.residency()).isEqualTo("us-east");
    assertThat(fixture.collections.tenantRegistry().countDocuments(new Document("_id", T.value())))
        .isEqualTo(1);
    assertThat(keysOf(T)).isEqualTo(1);
  }

  @Test
  void onboardingResumesAfterACrashBetweenRegistryEntryAndDataKey() {
    // What a crash right after the first write leaves behind: an entry, no key.
    fixture
        .collections
        .tenantRegistry()
        .insertOne(
            new Document("_id", T.value())
                .append("displayName", "New Clinic")
                .append("status", TenantStatus.ACTIVE.name())
                .append("createdAt", new Date()));
    assertThat(keysOf(T)).isZero();
    fixture.actAs(StoreFixture.staff("tenant-new", Role.PLATFORM_ADMIN));
    assertThat(registry.create(StoreFixture.onboarding(T, "New Clinic", null)).status())
        .isEqualTo(TenantStatus.ACTIVE);
    assertThat(keysOf(T)).isEqualTo(1);
  }

  @Test
  void tenantsComeInPagesById() {
    fixture.actAs(StoreFixture.staff("tenant-new", Role.PLATFORM_ADMIN));
    for (String id : List.of("tenant-c", "tenant-a", "tenant-e", "tenant-b", "tenant-d")) {
      registry.create(StoreFixture.onboarding(new TenantId(id), "Clinic " + id, null));
    }
    List<String> seen = new ArrayList<>();
    PageRequest request = PageRequest.first(2);
    Page<Tenant> page;
    do {
      page = registry.list(request);
      page.items().forEach(t -> seen.add(t.id().value()));
      if (page.hasMore()) {
        assertThat(page.items()).hasSize(2);
        request = request.next(page);
      }
    } while (page.hasMore());
    assertThat(seen).containsExactly("tenant-a", "tenant-b", "tenant-c", "tenant-d", "tenant-e");
    assertThatThrownBy(() -> registry.list(new PageRequest("dGVuYW50LWE", 2)))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_CURSOR);
  }
}
