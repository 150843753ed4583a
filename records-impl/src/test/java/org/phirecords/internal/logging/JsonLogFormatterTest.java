package org.phirecords.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {
  private final JsonLogFormatter formatter = new JsonLogFormatter();

  private static JsonObject parse(String line) {
    try (var reader = Json.createReader(new StringReader(line))) {
      return reader.readObject();
    }
  }

  @Test
  void oneLinePerEventWithStableFieldNames() {
    LogRecord record = new LogRecord(Level.WARNING, "store {0} is down");
    record.setLoggerName("org.phirecords.internal.store.MongoStores");
    record.setParameters(new Object[] {"clinical"});
    String line = formatter.format(record);

    assertThat(line).endsWith(System.lineSeparator());
    assertThat(line.strip()).doesNotContain("\n");
    JsonObject json = parse(line);
    assertThat(json.keySet()).containsExactly("time", "level", "logger", "thread", "message");
    assertThat(json.getString("level")).isEqualTo("WARNING");
    assertThat(json.getString("logger")).isEqualTo("org.phirecords.internal.store.MongoStores");
    assertThat(json.getString("message")).isEqualTo("store clinical is down");
    assertThat(json.getString("thread")).isEqualTo(Thread.currentThread().getName());
    assertThat(json.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  @Test
  void quotesNewlinesAndControlCharactersAreEscaped() {
    LogRecord record = new LogRecord(Level.INFO, "a \"quoted\" word\nat frame\t\\ \u0001 end");
    String line = formatter.format(record);

    assertThat(line.strip()).doesNotContain("\n").doesNotContain("\t").doesNotContain("\u0001");
    assertThat(parse(line).getString("message"))
        .isEqualTo("a \"quoted\" word\nat frame\t\\ \u0001 end");
    assertThat(parse(line).getString("logger")).isEmpty();
  }

  @Test
  void anIncidentBecomesItsOwnField() {
    LogRecord record = new LogRecord(Level.SEVERE, "unexpected error, incident {0}:\n{1}");
    record.setParameters(new Object[] {new Incident("3f1c-incident"), "java.lang.Error\n"});
    JsonObject json = parse(formatter.format(record));

    assertThat(json.getString("incidentId")).isEqualTo("3f1c-incident");
    assertThat(json.getString("message")).startsWith("unexpected error, incident 3f1c-incident:");
  }

  @Test
  void exceptionsAreNamedByTypeOnlyNeverByMessage() {
    LogRecord record = new LogRecord(Level.SEVERE, "failed");
    record.setThrown(
        new IllegalStateException(
            "CANARY-MRN-4711", new IllegalArgumentException("Canarygiven Canaryfamily")));
    String line = formatter.format(record);

    assertThat(line).doesNotContain("CANARY").doesNotContain("Canary");
    assertThat(
            parse(line).getJsonArray("exception").getValuesAs(jakarta.json.JsonString::getString))
        .containsExactly(
            IllegalStateException.class.getName(), IllegalArgumentException.class.getName());
    assertThat(parse(line).containsKey("incidentId")).isFalse();
  }
}
