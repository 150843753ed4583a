package org.phirecords.dev;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The import command's progress bar and its resume from a job's status (ADR 40). */
class BulkImportCliTest {
  static JsonObject status(String json) {
    return Json.createReader(new StringReader(json.replace('\'', '"'))).readObject();
  }

  static final JsonObject HALF =
      status(
          "{'id':'x','state':'RUNNING','failedLines':1,'errors':[{'file':1,'line':3,'code':'PHR-400-42'}],"
              + "'files':[{'type':'Patient','chunks':2,'received':[0,1],'chunksDone':2,'linesDone':10,'linesFailed':0},"
              + "{'type':'Condition','chunks':3,'received':[1],'chunksDone':0,'linesDone':9,'linesFailed':1}]}");

  @Test
  void aReRunUploadsOnlyTheChunksTheStatusDoesNotList() {
    assertThat(BulkImportCli.missing(HALF))
        .extracting(m -> m[0] + "/" + m[1])
        .containsExactly("1/0", "1/2");
  }

  @Test
  void theBarShowsLinesProcessedOfTheTotalAndTheState() {
    assertThat(BulkImportCli.bar(HALF, 40, 10))
        .isEqualTo("[#####.....] 50% 20/40 lines, 1 failed, RUNNING");
    assertThat(BulkImportCli.summary(HALF))
        .contains("Patient: 10 imported, 0 refused")
        .contains("file 1 line 3: PHR-400-42");
    assertThat(BulkImportCli.ended(HALF)).isFalse();
  }

  @Test
  void aFilesTypeIsItsFirstLines() {
    assertThat(BulkImportCli.type(List.of("", "{\"resourceType\":\"Encounter\"}")))
        .isEqualTo("Encounter");
  }
}
