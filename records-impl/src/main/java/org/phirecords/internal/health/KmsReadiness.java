package org.phirecords.internal.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.crypto.KmsSettings;
import org.phirecords.internal.crypto.TenantMasterKeys;

/**
 * Ready when the master key settings can be read as the module reads them to wrap and unwrap data
 * keys: the provider's settings complete and, for local keys, the key file and the tenant key
 * folder readable. A cloud KMS is not called per probe (each call is billed and rate-limited); its
 * failures answer 503 {@code PHR-503-03} to the request that needed it. Reasons name settings,
 * never their values.
 */
@Readiness
@ApplicationScoped
public class KmsReadiness implements HealthCheck {
  private RecordsConfig config;

  /** For CDI. */
  protected KmsReadiness() {}

  /** Reads the master key settings of {@code config}. */
  @Inject
  public KmsReadiness(RecordsConfig config) {
    this.config = config;
  }

  @Override
  public HealthCheckResponse call() {
    var builder = HealthCheckResponse.named("phi-records-kms");
    try {
      KmsSettings kms = KmsSettings.from(config::value);
      TenantMasterKeys.from(config::value, kms);
      return builder.up().withData("provider", kms.provider()).build();
    } catch (KmsSettings.Invalid e) {
      return builder.down().withData("reason", e.getMessage()).build();
    } catch (RuntimeException e) {
      return builder.down().withData("reason", e.getClass().getName()).build();
    }
  }
}
