package org.phirecords.internal.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.testing.MapConfig;

class PortalSignInTest {
  private static PortalSignIn in(MapConfig config) {
    return new PortalSignIn(null, new RecordsConfig(config));
  }

  @Test
  void theDemoSignInIsOfferedOnlyInDevelopmentMode() {
    assertThat(in(new MapConfig()).demoSignInOffered()).as("production, the default").isFalse();
    assertThat(in(new MapConfig().with("records.mode", "production")).demoSignInOffered())
        .isFalse();
    assertThat(in(new MapConfig().with("records.mode", "development")).demoSignInOffered())
        .isTrue();
  }
}
