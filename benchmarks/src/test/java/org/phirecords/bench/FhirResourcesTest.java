package org.phirecords.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FhirResourcesTest {
  private final SyntheticData synthetic = new SyntheticData(7);

  @Test
  void aTransactionCreatesThePatientFirstAndItsEntriesReferToIt() {
    JsonObject bundle =
        Json.createReader(
                new StringReader(
                    FhirResources.transaction(synthetic.patientData("B17"), 3, new Random(1))))
            .readObject();

    assertThat(bundle.getString("type")).isEqualTo("transaction");
    List<JsonObject> entries = bundle.getJsonArray("entry").getValuesAs(JsonObject.class);
    assertThat(entries).hasSize(4);
    JsonObject patient = entries.get(0).getJsonObject("resource");
    assertThat(patient.getString("resourceType")).isEqualTo("Patient");
    JsonObject mrn = patient.getJsonArray("identifier").getJsonObject(0);
    assertThat(mrn.getString("system")).isEqualTo(FhirResources.MRN_SYSTEM);
    assertThat(mrn.getString("value")).isEqualTo("B17");
    String patientUrl = entries.get(0).getString("fullUrl");
    assertThat(entries.subList(1, 4))
        .extracting(e -> e.getJsonObject("resource").getString("resourceType"))
        .containsExactly("Encounter", "Condition", "Observation");
    for (JsonObject e : entries) {
      assertThat(e.getJsonObject("request").getString("method")).isEqualTo("POST");
      assertThat(e.getJsonObject("request").getString("url"))
          .isEqualTo(e.getJsonObject("resource").getString("resourceType"));
    }
    for (JsonObject e : entries.subList(1, 4)) {
      assertThat(e.getJsonObject("resource").getJsonObject("subject").getString("reference"))
          .isEqualTo(patientUrl);
    }
  }

  @Test
  void theCreatedPatientsIdIsReadFromTheFirstEntrysLocation() {
    String answer =
        """
        {"resourceType":"Bundle","type":"transaction-response","entry":[
         {"response":{"status":"201 Created","location":"Patient/1052/_history/1"}},
         {"response":{"status":"201 Created","location":"Encounter/1053/_history/1"}}]}
        """;
    assertThat(FhirResources.createdPatientId(answer)).isEqualTo("1052");

    String notPatientFirst = answer.replace("Patient/1052", "Observation/1052");
    assertThatThrownBy(() -> FhirResources.createdPatientId(notPatientFirst))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSearchByIdentifierNamesTheMrnSystemEncoded() {
    assertThat(PeerSide.search("/fhir/bench-0", "B17"))
        .isEqualTo("/fhir/bench-0/Patient?identifier=urn%3Aphi-records%3Amrn%7CB17");
  }
}
