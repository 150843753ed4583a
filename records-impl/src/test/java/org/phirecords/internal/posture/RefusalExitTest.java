package org.phirecords.internal.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.config.RecordsMode;

class RefusalExitTest {
  @Test
  void productionExitsUnlessToldNotTo() {
    assertThat(RefusalExit.enabled(RecordsMode.PRODUCTION, Optional.empty())).isTrue();
    assertThat(RefusalExit.enabled(RecordsMode.PRODUCTION, Optional.of("false"))).isFalse();
    assertThat(RefusalExit.enabled(RecordsMode.PRODUCTION, Optional.of(" TRUE "))).isTrue();
  }

  @Test
  void developmentKeepsTheServerUnlessToldToExit() {
    assertThat(RefusalExit.enabled(RecordsMode.DEVELOPMENT, Optional.empty())).isFalse();
    assertThat(RefusalExit.enabled(RecordsMode.DEVELOPMENT, Optional.of("true"))).isTrue();
  }

  @Test
  void anythingButTrueOrFalseIsRefused() {
    assertThatThrownBy(() -> RefusalExit.enabled(RecordsMode.PRODUCTION, Optional.of("yes")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("records.startup.exit-on-refusal")
        .hasMessageNotContaining("yes");
  }

  @Test
  void theMessageCarriesTheReasonsAndTheStatus() {
    assertThat(RefusalExit.message("jwt: production requires mp.jwt.verify.audiences"))
        .startsWith("PHI Records refuses to start: jwt: production requires")
        .contains("exit status 78");
  }
}
