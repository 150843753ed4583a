package org.phirecords.internal.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.net.AddressRange;
import org.phirecords.internal.net.PublicAddresses;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.IdentityProvider;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/** Registering a tenant's identity provider in production: where its keys come from, how strong. */
class IdentityProviderRegistrationTest {
  private static final TenantId T = new TenantId("tenant-idp");
  private final StoreFixture fixture = new StoreFixture();

  /** Names resolve without DNS: {@code *.internal.test} to a private address, others public. */
  private final PublicAddresses production =
      new PublicAddresses(
          host ->
              new InetAddress[] {
                AddressRange.literal(host.endsWith(".internal.test") ? "10.2.3.4" : "93.184.215.14")
                    .orElseThrow()
              },
          false);

  private final MongoTenantRegistry registry =
      fixture.intercepted(
          new MongoTenantRegistry(
              fixture.operations, fixture.collections, fixture.cipher, fixture.config, production));

  @AfterEach
  void close() {
    fixture.close();
  }

  private void register(IdentityProvider idp) {
    fixture.actAs(StoreFixture.staff(T.value(), Role.PLATFORM_ADMIN));
    registry.create(StoreFixture.onboarding(T, "Clinic", idp));
  }

  @Test
  void aJwksUrlToANonPublicAddressIsRefusedWithTheFieldNamed() {
    for (String url :
        List.of(
            "https://169.254.169.254/latest/meta-data/jwks",
            "https://127.0.0.1/jwks",
            "https://10.0.0.7/jwks",
            "https://100.64.0.9/jwks",
            "https://[fd00::1]/jwks",
            "https://idp.internal.test/jwks",
            "http://127.0.0.1:9000/jwks")) {
      assertThatThrownBy(
              () -> register(new IdentityProvider("https://idp.test", null, URI.create(url))))
          .as(url)
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> assertThat(e.field()).isEqualTo("/identityProvider/jwksUri"));
    }
    assertThat(fixture.collections.tenantRegistry().countDocuments(new Document("_id", T.value())))
        .as("nothing registered")
        .isZero();
    register(
        new IdentityProvider("https://idp.test", null, URI.create("https://idp.example.org/jwks")));
    assertThat(fixture.collections.tenantRegistry().countDocuments(new Document("_id", T.value())))
        .isEqualTo(1);
  }

  @Test
  void anRsaKeyUnder2048BitsIsRefused() throws Exception {
    assertThatThrownBy(() -> register(new IdentityProvider("https://idp.test", rsaPem(1024), null)))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.field()).isEqualTo("/identityProvider/publicKeyPem"));
    register(new IdentityProvider("https://idp.test", rsaPem(2048), null));
  }

  private static String rsaPem(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder()
            .encodeToString(generator.generateKeyPair().getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
