package org.phirecords.it;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URL;
import org.bson.Document;
import org.bson.types.Binary;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.phirecords.it.support.Http;
import org.phirecords.it.support.Http.Reply;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/**
 * Record integrity over HTTP (issue 22 item 11, ADR 23): records written through the API, one then
 * edited directly in the store, and the privacy officer's integrity pass names that record and only
 * it; each write's audit event holds the digest its record was stored with.
 */
@ExtendWith({Stores.class, ArquillianExtension.class})
class IntegrityIT {
  static final String T = "it-tenant-integrity";

  @Deployment(testable = false)
  static WebArchive recordsWeb() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("it.wars"), "records-web.war"));
  }

  @ArquillianResource URL base;

  private static MongoCollection<Document> patients() {
    return Stores.data().getDatabase("phi_identity").getCollection("patients");
  }

  private String created(Http http, String path, String token, String json) {
    Reply r = http.call("POST", path, token).json(json).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getString("id");
  }

  @Test
  void aRecordEditedInTheStoreIsNamedByThePrivacyOfficersPass() {
    Http http = new Http(base);
    Seed.tenant(T);
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(T).sign();
    String officerSubject = Tokens.subject("privacy-officer");
    String officer = Tokens.of(officerSubject, "privacy-officer").tenant(T).sign();
    String kept = created(http, "api/patients", physician, Seed.patientJson());
    String editedJson = Seed.patientJson();
    String edited = created(http, "api/patients", physician, editedJson);
    String familyName =
        jakarta.json.Json.createReader(new java.io.StringReader(editedJson))
            .readObject()
            .getString("familyName");
    created(
        http,
        "api/patients/" + kept + "/entries",
        physician,
        Seed.conditionJson("E11.9", "Discussed diet and exercise."));

    Reply clean = http.get("api/integrity", officer).send();
    assertThat(clean.status()).as(clean.toString()).isEqualTo(200);
    assertThat(clean.json().getJsonNumber("checked").longValue()).isEqualTo(3);
    assertThat(clean.json().getJsonArray("findings")).isEmpty();

    // The write's outcome event holds the digest the record was stored with.
    Document stored = patients().find(and(eq("tenantId", T), eq("patientId", edited))).first();
    Document event =
        Stores.audit()
            .getDatabase("phi_audit")
            .getCollection("audit_events")
            .find(
                and(eq("intentId", stored.getString("writtenByIntent")), eq("outcome", "SUCCESS")))
            .first();
    assertThat(event.getString("recordDigest"))
        .isEqualTo(stored.get("integrity", Document.class).getString("mac"));

    // Someone with access to the database changes one ciphertext byte, outside the module.
    byte[] bytes = stored.get("familyName", Binary.class).getData().clone();
    bytes[bytes.length / 2] ^= 0x20;
    patients()
        .updateOne(
            eq("_id", stored.get("_id")),
            new Document("$set", new Document("familyName", new Binary(bytes))));

    Reply found = http.get("api/integrity?max=10", officer).send();
    assertThat(found.status()).as(found.toString()).isEqualTo(200);
    JsonObject report = found.json();
    assertThat(report.getJsonNumber("changed").longValue()).isEqualTo(1);
    assertThat(report.getJsonArray("findings").getValuesAs(JsonObject.class))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getString("collection")).isEqualTo("patients");
              assertThat(f.getString("recordId")).isEqualTo(edited);
              assertThat(f.getJsonNumber("version").longValue()).isEqualTo(1);
              assertThat(f.getString("kind")).isEqualTo("DIGEST_MISMATCH");
            });
    assertThat(found.body()).doesNotContain(familyName);
    assertThat(Seed.auditOf(officerSubject))
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsExactly("RecordIntegrity.check:SUCCESS", "RecordIntegrity.check:SUCCESS");

    assertThat(http.get("api/integrity", physician).send().problemCode()).isEqualTo("PHR-403-01");
    assertThat(http.get("api/integrity?max=0", officer).send().problemCode())
        .isEqualTo("PHR-400-07");
  }
}
