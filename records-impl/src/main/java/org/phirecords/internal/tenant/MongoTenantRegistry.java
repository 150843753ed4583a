package org.phirecords.internal.tenant;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.crypto.FieldCipher;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.security.TokenAuthenticator;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.IdentityProvider;
import org.phirecords.model.Onboarding;
import org.phirecords.model.Tenant;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.TenantRegistry;

/** {@link TenantRegistry} on the {@code tenants} collection, keyed by tenant id. */
@ApplicationScoped
public class MongoTenantRegistry implements TenantRegistry {
  private CurrentCaller callers;
  private TenantCollections collections;
  private AuditTrail audit;
  private FieldCipher cipher;
  private RecordsConfig config;

  /** For CDI. */
  protected MongoTenantRegistry() {}

  /** The registry. */
  @Inject
  public MongoTenantRegistry(
      CurrentCaller callers,
      TenantCollections collections,
      AuditTrail audit,
      FieldCipher cipher,
      RecordsConfig config) {
    this.config = config;
    this.callers = callers;
    this.collections = collections;
    this.audit = audit;
    this.cipher = cipher;
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public Tenant create(Onboarding onboarding) {
    Caller caller = callers.require();
    TenantId id = onboarding.id();
    Document doc =
        new Document("_id", id.value())
            .append("displayName", onboarding.displayName())
            .append("contact", onboarding.contact())
            .append("residency", onboarding.residency())
            .append("firstAdmin", onboarding.firstAdmin())
            .append("status", TenantStatus.ACTIVE.name())
            .append("createdAt", new Date());
    IdentityProvider idp = onboarding.identityProvider();
    if (idp != null) {
      if (config.value("mp.jwt.verify.issuer").filter(idp.issuer()::equals).isPresent()) {
        throw InvalidInputException.invalid(
            "/identityProvider/issuer", "is the platform's own issuer");
      }
      if (idp.publicKeyPem() != null) {
        TokenAuthenticator.requireValidKey(idp.publicKeyPem());
      }
      Document registered = new Document("issuer", idp.issuer());
      if (idp.publicKeyPem() != null) {
        registered.append("publicKeyPem", idp.publicKeyPem());
      } else {
        registered.append("jwksUri", idp.jwksUri().toString());
      }
      if (idp.portalClientId() != null) {
        registered.append("portalClientId", idp.portalClientId());
      }
      doc.append("idp", registered);
    }
    MongoCollection<Document> tenants = collections.tenantRegistry();
    int created = 1;
    try {
      tenants.insertOne(doc);
    } catch (MongoException e) {
      if (!StoreErrors.isDuplicateKey(e)) {
        throw e;
      }
      Document existing = tenants.find(eq("_id", id.value())).first();
      if (existing == null) {
        // The clash is on the unique issuer index: another tenant registered that IdP.
        record(caller, AuditAction.CREATE, id, "create", AuditOutcome.CONFLICT, 0);
        throw new RecordsException(
            ErrorCode.DUPLICATE, "Another tenant already registered this identity provider.");
      }
      // Idempotent: onboarding the same tenant again returns it unchanged (result count 0).
      doc = existing;
      created = 0;
    }
    // The data key comes after the registry entry; a retry after a crash in between creates it.
    // An offboarded tenant stays offboarded: no new key for it.
    TenantStatus status = TenantStatus.valueOf(doc.getString("status"));
    if (status == TenantStatus.ACTIVE || status == TenantStatus.SUSPENDED) {
      cipher.ensureDataKey(id);
    }
    record(caller, AuditAction.CREATE, id, "create", AuditOutcome.SUCCESS, created);
    return toTenant(doc);
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public Optional<Tenant> find(TenantId id) {
    Caller caller = callers.require();
    Document doc = collections.tenantRegistry().find(eq("_id", id.value())).first();
    record(
        caller,
        AuditAction.READ,
        id,
        "find",
        doc == null ? AuditOutcome.NOT_FOUND : AuditOutcome.SUCCESS,
        doc == null ? 0 : 1);
    return Optional.ofNullable(doc).map(MongoTenantRegistry::toTenant);
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public List<Tenant> list() {
    Caller caller = callers.require();
    List<Tenant> all = new ArrayList<>();
    collections
        .tenantRegistry()
        .find()
        .sort(new Document("_id", 1))
        .forEach(d -> all.add(toTenant(d)));
    record(caller, AuditAction.SEARCH, null, "list", AuditOutcome.SUCCESS, all.size());
    return all;
  }

  private void record(
      Caller caller, AuditAction action, TenantId id, String op, AuditOutcome outcome, int count) {
    audit.record(
        caller,
        action,
        Permission.TENANT_MANAGE.resourceType(),
        id == null ? null : id.value(),
        null,
        outcome,
        "TenantRegistry." + op,
        count);
  }

  static Tenant toTenant(Document d) {
    Date created = d.getDate("createdAt");
    Document idp = d.get("idp", Document.class);
    return new Tenant(
        new TenantId(d.getString("_id")),
        d.getString("displayName"),
        TenantStatus.valueOf(d.getString("status")),
        created == null ? Instant.EPOCH : created.toInstant(),
        d.getString("contact"),
        d.getString("residency"),
        idp == null ? null : idp.getString("issuer"));
  }
}
