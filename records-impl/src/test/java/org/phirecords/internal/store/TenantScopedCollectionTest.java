package org.phirecords.internal.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

class TenantScopedCollectionTest {
  private final StoreFixture fixture = new StoreFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  private TenantScopedCollection handle(String tenant) {
    return fixture.collections.forCaller(
        StoredCollection.PATIENTS,
        StoreFixture.staff(tenant, Role.PHYSICIAN),
        Permission.PATIENT_READ);
  }

  @Test
  void insertsCarryTheTenantAndReadsSeeOnlyTheirTenant() {
    handle("tenant-a").insertOne(new Document("patientId", "p1").append("mrn", "A1"));
    handle("tenant-b").insertOne(new Document("patientId", "p2").append("mrn", "A1"));

    List<Document> seenByA = handle("tenant-a").find(new Document(), null, null, 0);
    assertThat(seenByA).extracting(d -> d.getString("patientId")).containsExactly("p1");
    assertThat(seenByA.get(0).getString("tenantId")).isEqualTo("tenant-a");
    assertThat(handle("tenant-b").findOne(eq("patientId", "p1"), null, null)).isEmpty();
    assertThat(handle("tenant-b").count(eq("mrn", "A1"))).isEqualTo(1);
  }

  @Test
  void refusesDocumentsFiltersAndUpdatesThatNameTheTenant() {
    TenantScopedCollection a = handle("tenant-a");
    assertThatThrownBy(() -> a.insertOne(new Document("tenantId", "tenant-b")))
        .isInstanceOf(TenantScopeViolation.class);
    assertThatThrownBy(() -> a.find(eq("tenantId", "tenant-b"), null, null, 0))
        .isInstanceOf(TenantScopeViolation.class);
    assertThatThrownBy(
            () ->
                a.find(
                    new Document("$or", List.of(new Document("tenantId", "tenant-b"))),
                    null,
                    null,
                    0))
        .isInstanceOf(TenantScopeViolation.class);
    assertThatThrownBy(
            () ->
                a.findOneAndUpdate(
                    eq("patientId", "p1"),
                    new Document("$set", new Document("tenantId", "tenant-b"))))
        .isInstanceOf(TenantScopeViolation.class);
    assertThatThrownBy(
            () ->
                a.findOneAndUpdate(
                    eq("patientId", "p1"), new Document("$set", new Document("patientId", "p9"))))
        .isInstanceOf(TenantScopeViolation.class);
  }

  @Test
  void theAuditTrailIsAppendOnlyThroughTheModule() {
    TenantScopedCollection audit =
        fixture.collections.forCaller(
            StoredCollection.AUDIT_EVENTS,
            StoreFixture.staff("tenant-a", Role.PRIVACY_OFFICER),
            Permission.AUDIT_READ);
    assertThatThrownBy(() -> audit.deleteMany(new Document()))
        .isInstanceOf(TenantScopeViolation.class);
    assertThatThrownBy(
            () ->
                audit.findOneAndUpdate(
                    new Document(), new Document("$set", new Document("outcome", "x"))))
        .isInstanceOf(TenantScopeViolation.class);
  }

  @Test
  void refusesRenamesOntoTheScopeFields() {
    assertThatThrownBy(
            () ->
                handle("tenant-a")
                    .findOneAndUpdate(
                        eq("patientId", "p1"),
                        new Document("$rename", new Document("mrn", "tenantId"))))
        .isInstanceOf(TenantScopeViolation.class);
  }

  @Test
  void updatesAndDeletesCannotReachAnotherTenant() {
    handle("tenant-a").insertOne(new Document("patientId", "p1").append("v", 1));
    Optional<Document> updated =
        handle("tenant-b")
            .findOneAndUpdate(eq("patientId", "p1"), new Document("$set", new Document("v", 2)));
    assertThat(updated).isEmpty();
    assertThat(handle("tenant-b").deleteMany(new Document())).isZero();
    assertThat(handle("tenant-a").findOne(eq("patientId", "p1"), null, null))
        .get()
        .extracting(d -> d.getInteger("v"))
        .isEqualTo(1);
  }

  @Test
  void aggregationIsScopedAndCannotJoinOtherCollections() {
    handle("tenant-a").insertOne(new Document("patientId", "p1").append("mrn", "1"));
    handle("tenant-a").insertOne(new Document("patientId", "p3").append("mrn", "3"));
    handle("tenant-b").insertOne(new Document("patientId", "p2").append("mrn", "2"));
    List<Document> counted = handle("tenant-a").aggregate(List.of(new Document("$count", "n")));
    assertThat(counted.get(0).getInteger("n")).isEqualTo(2);
    assertThatThrownBy(
            () ->
                handle("tenant-a")
                    .aggregate(List.of(new Document("$lookup", new Document("from", "patients")))))
        .isInstanceOf(TenantScopeViolation.class);
    assertThatThrownBy(
            () -> handle("tenant-a").aggregate(List.of(new Document("$unionWith", "patients"))))
        .isInstanceOf(TenantScopeViolation.class);
  }

  @Test
  void patientUsersAreNarrowedToTheirOwnRecord() {
    handle("tenant-a").insertOne(new Document("patientId", "own").append("mrn", "1"));
    handle("tenant-a").insertOne(new Document("patientId", "other").append("mrn", "2"));
    PatientId own = new PatientId("AAAAAAAAAAAAAAAAAAAAAA");
    handle("tenant-a").insertOne(new Document("patientId", own.value()).append("mrn", "3"));
    TenantScopedCollection mine =
        fixture.collections.forCaller(
            StoredCollection.PATIENTS,
            StoreFixture.patient("tenant-a", own),
            Permission.PATIENT_READ);
    assertThat(mine.find(new Document(), null, null, 0))
        .extracting(d -> d.getString("patientId"))
        .containsExactly(own.value());
    assertThat(mine.findOne(eq("patientId", "other"), null, null)).isEmpty();
    assertThat(mine.tenant()).isEqualTo(new TenantId("tenant-a"));
  }

  @Test
  void aPatientUsersHandleAlsoReachesTheRegistrationsMergedIntoTheirsAndNothingElse() {
    PatientId own = new PatientId("AAAAAAAAAAAAAAAAAAAAAA");
    PatientId merged = new PatientId("BBBBBBBBBBBBBBBBBBBBBB");
    for (String p : List.of(own.value(), merged.value(), "other")) {
      handle("tenant-a").insertOne(new Document("patientId", p).append("mrn", p));
    }
    handle("tenant-b").insertOne(new Document("patientId", merged.value()).append("mrn", "b"));
    TenantScopedCollection mine =
        fixture.collections.forCaller(
            StoredCollection.PATIENTS,
            StoreFixture.patient("tenant-a", own),
            Permission.PATIENT_READ,
            Reach.wholeTenant(),
            List.of(merged),
            false);
    assertThat(mine.find(new Document(), null, null, 0))
        .extracting(d -> d.getString("patientId") + "/" + d.getString("mrn"))
        .containsExactlyInAnyOrder(
            own.value() + "/" + own.value(), merged.value() + "/" + merged.value());
    assertThat(mine.findOne(eq("patientId", merged.value()), null, null)).isPresent();
    assertThat(mine.findOne(eq("patientId", "other"), null, null)).isEmpty();
    // Writes only of the patients it names, such as an entry of the merged registration.
    TenantScopedCollection entries =
        fixture.collections.forCaller(
            StoredCollection.CLINICAL_ENTRIES,
            StoreFixture.patient("tenant-a", own),
            Permission.PATIENT_READ,
            Reach.wholeTenant(),
            List.of(merged),
            false);
    entries.insertOne(
        new Document("recordId", "r1").append("version", 1L).append("patientId", merged.value()));
    assertThatThrownBy(
            () ->
                entries.insertOne(
                    new Document("recordId", "r2")
                        .append("version", 1L)
                        .append("patientId", "other")))
        .isInstanceOf(TenantScopeViolation.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void filtersReachTheStoreAsOneFlatDocumentUnlessAFieldWouldRepeat() {
    MongoCollection<Document> store = Mockito.mock(MongoCollection.class);
    ArgumentCaptor<Bson> sent = ArgumentCaptor.forClass(Bson.class);
    Mockito.when(store.countDocuments(sent.capture())).thenReturn(0L);
    TenantId a = new TenantId("tenant-a");
    TenantScopedCollection staff =
        new TenantScopedCollection(store, a, Optional.empty(), false, null);
    TenantScopedCollection own =
        new TenantScopedCollection(
            store, a, Optional.of(new PatientId("AAAAAAAAAAAAAAAAAAAAAA")), false, null);

    // The flat form is what lets the embedded store use the (tenantId, ...) unique indexes.
    staff.count(and(eq("patientId", "p9"), eq("version", 2L)));
    assertThat(sent.getValue().toBsonDocument())
        .isEqualTo(
            BsonDocument.parse(
                "{tenantId: 'tenant-a', patientId: 'p9', version: {$numberLong: '2'}}"));
    assertThat(sent.getValue().toBsonDocument().keySet())
        .as("the filter's own conditions first, the scope last (what a scan tests first)")
        .containsExactly("patientId", "version", "tenantId");
    own.count(eq("mrn", "M1"));
    assertThat(sent.getValue().toBsonDocument())
        .isEqualTo(
            BsonDocument.parse(
                "{tenantId: 'tenant-a', patientId: 'AAAAAAAAAAAAAAAAAAAAAA', mrn: 'M1'}"));
    assertThat(sent.getValue().toBsonDocument().keySet())
        .containsExactly("mrn", "tenantId", "patientId");

    own.count(eq("patientId", "AAAAAAAAAAAAAAAAAAAAAA"));
    assertThat(sent.getValue().toBsonDocument())
        .as("an owner asking for its own patient")
        .isEqualTo(
            BsonDocument.parse("{tenantId: 'tenant-a', patientId: 'AAAAAAAAAAAAAAAAAAAAAA'}"));

    // A field named twice keeps both conditions: a range, or another patient under an owner.
    staff.count(and(gt("seq", 1), lt("seq", 5)));
    assertThat(sent.getValue().toBsonDocument())
        .isEqualTo(
            BsonDocument.parse(
                "{$and: [{tenantId: 'tenant-a'},"
                    + " {$and: [{seq: {$gt: 1}}, {seq: {$lt: 5}}]}]}"));
    own.count(eq("patientId", "p2"));
    assertThat(sent.getValue().toBsonDocument())
        .isEqualTo(
            BsonDocument.parse(
                "{$and: [{$and: [{tenantId: 'tenant-a'}, {patientId: 'AAAAAAAAAAAAAAAAAAAAAA'}]},"
                    + " {patientId: 'p2'}]}"));
  }
}
