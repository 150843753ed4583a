package org.phirecords.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.phirecords.error.NotFoundException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.config.RecordsMode;
import org.phirecords.internal.tenant.PortalSignIn;

class PortalResourceTest {
  private static PortalResource in(RecordsMode mode) {
    RecordsConfig config =
        new RecordsConfig(null) {
          @Override
          public RecordsMode mode() {
            return mode;
          }
        };
    PortalResource resource = new PortalResource();
    resource.config = config;
    resource.signIn = new PortalSignIn(null, config);
    return resource;
  }

  @Test
  void productionRefusesTheDemoSignIn() {
    assertThatThrownBy(() -> in(RecordsMode.PRODUCTION).demoSignIn())
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void developmentOffersTheDemoSignIn() {
    assertThat(in(RecordsMode.DEVELOPMENT).demoSignIn().getBoolean("offered")).isTrue();
  }
}
