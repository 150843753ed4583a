package org.phirecords.it.support;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import org.bson.Document;

/**
 * Organisations and grants (ADR 25, ADR 27) stored as the tenant-admin API stores them, with a
 * plain driver client, for tests of the records API that deploy records-web only.
 */
public final class Scopes {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Scopes() {}

  /** Stores organisation {@code id} of {@code tenant} below {@code parent} (null: the root). */
  public static void organisation(String tenant, String id, String parent, String status) {
    Date now = new Date();
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("organisations")
        .insertOne(
            new Document("tenantId", tenant)
                .append("organisationId", id)
                .append("displayName", "Organisation " + id)
                .append("kind", "CLIENT")
                .append("parentId", parent)
                .append("status", status)
                .append("version", 1L)
                .append("createdAt", now)
                .append("updatedAt", now));
  }

  /** Sets the status of organisation {@code id} of {@code tenant}. */
  public static void status(String tenant, String id, String status) {
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("organisations")
        .updateOne(
            new Document("tenantId", tenant).append("organisationId", id),
            new Document("$set", new Document("status", status)));
  }

  /**
   * Stores an active grant of {@code role} (a Role name) at {@code organisation} (null: the root)
   * to the subject or group ({@code kind}) {@code principal}; returns its id.
   */
  public static String grant(
      String tenant, String kind, String principal, String role, String organisation) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("grants")
        .insertOne(
            new Document("tenantId", tenant)
                .append("grantId", id)
                .append("principalKind", kind)
                .append("principal", principal)
                .append("role", role)
                .append("organisationId", organisation)
                .append("status", "ACTIVE")
                .append("requestedBy", "admin-1")
                .append("approvedBy", "admin-2")
                .append("version", 1L)
                .append("createdAt", new Date()));
    return id;
  }

  /** Turns care-team narrowing (ADR 30) of {@code tenant} on or off, as the settings API does. */
  public static void careTeams(String tenant, boolean enabled) {
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("tenants")
        .updateOne(
            new Document("_id", tenant),
            new Document("$set", new Document("careTeams", new Document("enabled", enabled))));
  }

  /** Removes grant {@code id} of {@code tenant}, as a revocation on another instance would. */
  public static void revoke(String tenant, String id) {
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("grants")
        .deleteOne(new Document("tenantId", tenant).append("grantId", id));
  }
}
