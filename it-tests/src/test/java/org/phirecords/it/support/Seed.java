package org.phirecords.it.support;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import net.datafaker.Faker;
import org.bson.Document;

/** Test data: synthetic people (Datafaker), tenants registered in the store, audit look-ups. */
public final class Seed {
  private static final Faker FAKER = new Faker(Locale.US);

  private Seed() {}

  /** Registers {@code tenant} as active, as onboarding would. */
  public static void tenant(String tenant) {
    MongoCollection<Document> tenants =
        Stores.data().getDatabase("phi_tenants").getCollection("tenants");
    tenants.replaceOne(
        eq("_id", tenant),
        new Document("_id", tenant)
            .append("displayName", "IT " + tenant)
            .append("status", "ACTIVE")
            .append("createdAt", new Date()),
        new ReplaceOptions().upsert(true));
  }

  /**
   * Registers a system client of {@code tenant} (ADR 39) in the stored form the tenant admin API
   * writes, replacing the tenant's others: its client id, the subject of its tokens, its scopes.
   */
  public static void systemClients(String tenant, Document... clients) {
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("tenants")
        .updateOne(
            eq("_id", tenant),
            new Document(
                "$set",
                new Document(
                    "systemClients",
                    new Document("clients", List.of(clients)).append("rows", List.of()))));
  }

  /** A system client as stored: {@code clientId}, {@code subject}, {@code scopes}. */
  public static Document systemClient(String clientId, String subject, String... scopes) {
    return new Document("clientId", clientId)
        .append("subject", subject)
        .append("scopes", List.of(scopes));
  }

  /** Gives {@code tenant} its own identity provider: {@code issuer}, its key as PEM. */
  public static void identityProvider(String tenant, String issuer, String publicKeyPem) {
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("tenants")
        .updateOne(
            eq("_id", tenant),
            new Document(
                "$set",
                new Document(
                    "idp", new Document("issuer", issuer).append("publicKeyPem", publicKeyPem))));
  }

  /** A synthetic patient as JSON; every value made up. */
  public static String patientJson() {
    return patientJson("MRN-" + FAKER.number().digits(8));
  }

  /**
   * A synthetic patient with the given MRN. The family name carries a random suffix, so that a test
   * looking for one patient's name never finds it inside another's made-up street or city
   * (Datafaker builds city names from surnames: "Kulas" and "Kulaston").
   */
  public static String patientJson(String mrn) {
    return """
        {"mrn":"%s","givenName":"%s","familyName":"%s","birthDate":"%s","sex":"female",
         "ssn":"900-%s-%s","memberId":"M-%s","phone":"+1-555-0100","email":"%s@example.invalid",
         "address":{"line":"%s","city":"%s","state":"IL","postalCode":"62704","country":"US"}}
        """
        .formatted(
            mrn,
            FAKER.name().firstName(),
            FAKER.name().lastName() + "-" + FAKER.letterify("??????").toLowerCase(Locale.ROOT),
            FAKER.timeAndDate().birthday(1, 99),
            FAKER.number().digits(2),
            FAKER.number().digits(4),
            FAKER.number().digits(9),
            FAKER.name().firstName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""),
            FAKER.address().streetAddress().replace("\"", ""),
            FAKER.address().city().replace("\"", ""));
  }

  /** A coded condition with a note. */
  public static String conditionJson(String code, String note) {
    return """
        {"type":"CONDITION","effectiveDate":"2026-02-01","status":"active",
         "codes":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"%s","display":"Dx"}],
         "text":"%s"}
        """
        .formatted(code, note);
  }

  /**
   * Audit events of {@code subject} that record how something ended, oldest first, read with a
   * plain driver client. The {@code INTENDED} events written before each write are left out; see
   * {@link #intentsOf}.
   */
  public static List<Document> auditOf(String subject) {
    List<Document> all = allAuditOf(subject);
    all.removeIf(d -> "INTENDED".equals(d.getString("outcome")));
    return all;
  }

  /** The {@code INTENDED} events of {@code subject}, oldest first. */
  public static List<Document> intentsOf(String subject) {
    List<Document> all = allAuditOf(subject);
    all.removeIf(d -> !"INTENDED".equals(d.getString("outcome")));
    return all;
  }

  /** Every audit event of {@code subject}, {@code INTENDED} ones included, oldest first. */
  public static List<Document> allAuditOf(String subject) {
    return Stores.audit()
        .getDatabase("phi_audit")
        .getCollection("audit_events")
        .find(eq("subject", subject))
        .sort(new Document("seq", 1))
        .into(new ArrayList<>());
  }
}
