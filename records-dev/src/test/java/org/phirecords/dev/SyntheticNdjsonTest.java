package org.phirecords.dev;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The synthetic NDJSON files of the bulk import crash test and benchmark. */
class SyntheticNdjsonTest {
  static JsonObject parse(String line) {
    return Json.createReader(new StringReader(line)).readObject();
  }

  @Test
  void aSeedGivesTheSameFilesAndEveryEntryNamesItsPatient() {
    Map<String, List<String>> files = SyntheticNdjson.generate("t1", 7, 42);
    assertThat(SyntheticNdjson.generate("t1", 7, 42)).isEqualTo(files);
    assertThat(SyntheticNdjson.generate("t1", 7, 43)).isNotEqualTo(files);
    assertThat(files.keySet()).containsExactly("Patient", "Condition", "Observation", "Procedure");
    assertThat(files.values().stream().mapToInt(List::size).sum())
        .isEqualTo(7 * (1 + SyntheticNdjson.ENTRIES_PER_PATIENT));
    JsonObject third = parse(files.get("Patient").get(2));
    assertThat(third.getString("id")).isEqualTo("src-2");
    assertThat(third.getJsonArray("identifier").getJsonObject(0).getString("value"))
        .isEqualTo(SyntheticNdjson.mrn(2));
    assertThat(third.getJsonArray("identifier").getJsonObject(0).getString("system"))
        .endsWith("/mrn/t1");
    for (String type : List.of("Condition", "Observation", "Procedure")) {
      List<String> lines = files.get(type);
      int per = lines.size() / 7;
      for (int i = 0; i < lines.size(); i++) {
        JsonObject entry = parse(lines.get(i));
        assertThat(entry.getString("resourceType")).isEqualTo(type);
        assertThat(entry.getJsonObject("subject").getString("reference"))
            .isEqualTo("Patient/src-" + i / per);
        assertThat(entry.getJsonArray("identifier").getJsonObject(0).getString("value"))
            .startsWith(SyntheticNdjson.mrn(i / per) + "/");
      }
    }
  }
}
