package org.phirecords.internal.migration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.Patient;
import org.phirecords.security.Role;

/**
 * Stores written by the module at a given format, kept as extended-JSON lines (ADR 52). {@link
 * #write} made {@code src/test/resources/migration/format-0.jsonl} at commit 08b8137, the last
 * before {@code schemaVersion}: the module's own services (through the interceptor, encrypted and
 * sealed, audited) over a fixture's stores, two tenants of synthetic people, each patient and entry
 * updated once; then every collection of both servers dumped, with the fixture's local master key
 * on the first line. To make it again, copy this class into a worktree of that commit and call
 * {@code write}. {@link #load} puts a dump into a fresh fixture with that master key.
 */
final class PreviousFormatFixture {
  static final String RESOURCE = "/migration/format-0.jsonl";
  static final List<String> TENANTS = List.of("tenant-a", "tenant-b");
  static final int PATIENTS = 10;
  private static final String AUDIT = "phi_audit";

  private PreviousFormatFixture() {}

  /** Writes the stores of the module as it is built now to {@code file}. */
  static void write(Path file) {
    try (StoreFixture fixture = new StoreFixture()) {
      for (String tenant : TENANTS) {
        fixture.registerTenant(tenant, "Clinic " + tenant);
        fixture.actAs(StoreFixture.staff(tenant, Role.PHYSICIAN));
        for (int i = 0; i < PATIENTS; i++) {
          Patient p = fixture.directory().create(People.synthetic());
          fixture.directory().update(p.id(), 1, People.synthetic());
          ClinicalEntry e = fixture.clinical().create(p.id(), condition("E11.9", "first note"));
          fixture.clinical().update(e.id(), 1, condition("E11.65", "second note"));
        }
      }
      List<String> lines = new ArrayList<>();
      lines.add(new Document("masterKey", fixture.masterKey).toJson());
      dump(fixture.dataUri, lines);
      dump(uri(fixture.auditServer.getLocalAddress()), lines);
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture over stores holding the dump {@link #RESOURCE}. */
  static StoreFixture load() {
    List<BsonDocument> lines = new ArrayList<>();
    try (var in = PreviousFormatFixture.class.getResourceAsStream(RESOURCE)) {
      new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .forEach(l -> lines.add(BsonDocument.parse(l)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StoreFixture fixture = new StoreFixture(null, lines.get(0).getString("masterKey").getValue());
    try (MongoClient data = MongoClients.create(fixture.dataUri);
        MongoClient audit = MongoClients.create(uri(fixture.auditServer.getLocalAddress()))) {
      for (BsonDocument line : lines.subList(1, lines.size())) {
        String db = line.getString("db").getValue();
        (db.equals(AUDIT) ? audit : data)
            .getDatabase(db)
            .getCollection(line.getString("collection").getValue(), BsonDocument.class)
            .insertOne(line.getDocument("doc"));
      }
    }
    return fixture;
  }

  private static void dump(String uri, List<String> lines) {
    JsonWriterSettings extended =
        JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    try (MongoClient client = MongoClients.create(uri)) {
      for (String name : client.listDatabaseNames()) {
        MongoDatabase db = client.getDatabase(name);
        for (String collection : db.listCollectionNames()) {
          for (BsonDocument doc : db.getCollection(collection, BsonDocument.class).find()) {
            lines.add(
                new Document("db", name)
                    .append("collection", collection)
                    .append("doc", doc)
                    .toJson(extended));
          }
        }
      }
    }
  }

  private static String uri(InetSocketAddress address) {
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }

  private static ClinicalData condition(String code, String text) {
    return new ClinicalData(
        EntryType.CONDITION,
        List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", code, "Condition " + code)),
        LocalDate.of(2026, 3, 1),
        "active",
        null,
        text);
  }
}
