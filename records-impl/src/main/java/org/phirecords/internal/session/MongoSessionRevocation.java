package org.phirecords.internal.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.TenantStatusLookup;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.SessionRevocation;

/**
 * {@link SessionRevocation} in the store (ADR 17). The revocation is announced in the audit trail
 * before it is stored and recorded after; the revoked subject is the event's resource id. Tokens
 * issued within the second of the revocation are refused too ({@code iat} has whole seconds).
 */
@ApplicationScoped
public class MongoSessionRevocation implements SessionRevocation {
  private static final Pattern SUBJECT = Pattern.compile("[^\\p{Cntrl}\\p{Space}]{1,256}");

  private Operations operations;
  private RevocationRepository revocations;
  private RevocationCheck check;
  private TenantStatusLookup tenants;
  private RecordsConfig config;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected MongoSessionRevocation() {}

  /** Revocations in the store of {@code collections}, made known to {@code check} at once. */
  @Inject
  public MongoSessionRevocation(
      Operations operations,
      TenantCollections collections,
      RevocationCheck check,
      TenantStatusLookup tenants,
      RecordsConfig config) {
    this.operations = operations;
    this.revocations = new RevocationRepository(collections);
    this.check = check;
    this.tenants = tenants;
    this.config = config;
  }

  @Override
  @RequiresPermission(Permission.SESSION_REVOKE)
  public Instant revokeInTenant(String subject) {
    Operation op = operations.current();
    TenantId tenant = op.caller().tenant().orElseThrow();
    String issuer =
        tenants
            .registration(tenant)
            .flatMap(TenantStatusLookup.Registration::ownIssuer)
            .or(() -> config.value("mp.jwt.verify.issuer"))
            .orElseThrow(() -> new RecordsException(ErrorCode.TENANT_STATE));
    return revoke(op, tenant.value(), issuer, subject);
  }

  @Override
  @RequiresPermission(Permission.PLATFORM_SESSION_REVOKE)
  public Instant revokePlatformSubject(String subject) {
    Operation op = operations.current();
    String issuer =
        config
            .value("mp.jwt.verify.issuer")
            .orElseThrow(() -> new RecordsException(ErrorCode.TENANT_STATE));
    return revoke(op, RevocationRepository.PLATFORM, issuer, subject);
  }

  private Instant revoke(Operation op, String scope, String issuer, String subject) {
    if (subject == null || !SUBJECT.matcher(subject).matches()) {
      throw new InvalidInputException(
          ErrorCode.INVALID_FIELD, "/subject", "1 to 256 visible characters");
    }
    // The next whole second: iat has whole seconds, and a token of this second may predate now.
    Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    op.record(AuditOutcome.INTENDED, subject, null, 0);
    revocations.revoke(scope, issuer, subject, notBefore);
    check.forget(scope, issuer, subject);
    op.record(AuditOutcome.SUCCESS, subject, null, 1);
    return notBefore;
  }
}
