package org.phirecords.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.config.RecordsConfig;

class JsonLogsTest {
  private static final Logger MODULE = Logger.getLogger("org.phirecords");

  private static JsonLogs with(String format) {
    return new JsonLogs(
        RecordsConfig.of(
            key ->
                key.equals("records.log.format") ? Optional.ofNullable(format) : Optional.empty()));
  }

  private static List<Handler> jsonHandlers() {
    return List.of(MODULE.getHandlers()).stream()
        .filter(h -> h.getFormatter() instanceof JsonLogFormatter)
        .toList();
  }

  @Test
  void textIsTheDefaultAndLeavesTheServersLogAlone() {
    with(null).onStart(new Object());
    with("text").onStart(new Object());
    assertThat(jsonHandlers()).isEmpty();
    assertThat(MODULE.getUseParentHandlers()).isTrue();
  }

  @Test
  void jsonSendsTheModulesEventsToItsOwnHandlerUntilTheApplicationStops() {
    JsonLogs logs = with(" JSON ");
    logs.onStart(new Object());
    try {
      assertThat(jsonHandlers()).hasSize(1);
      assertThat(MODULE.getUseParentHandlers()).isFalse();
    } finally {
      logs.onStop(new Object());
    }
    assertThat(jsonHandlers()).isEmpty();
    assertThat(MODULE.getUseParentHandlers()).isTrue();
  }

  @Test
  void anyOtherFormatStopsTheStart() {
    assertThatThrownBy(() -> with("xml").onStart(new Object()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("records.log.format");
    assertThat(jsonHandlers()).isEmpty();
  }
}
