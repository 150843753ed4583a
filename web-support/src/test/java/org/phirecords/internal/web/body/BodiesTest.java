package org.phirecords.internal.web.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.StringReader;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;

class BodiesTest {
  /** A body with every kind of rule the module's bodies use. */
  record Sample(
      @NotNull
          @Text(max = 3)
          @Pattern(regexp = "[A-Z]-[0-9]", payload = Codes.InvalidId.class)
          @Schema(example = "A-1")
          String id,
      @NotNull @Text(max = 10) @Schema(example = "Ann") String name,
      @IsoDate @Schema(example = "1990-02-03") String born,
      @Min(1) @Max(9) @Schema(example = "3") Integer count,
      @Size(max = 2) List<@Valid Item> items,
      @Size(max = 3) @Schema(example = "[\"a\"]") List<@OneOf({"a", "b"}) String> tags,
      @AbsoluteUri @Text(max = 100) @Schema(example = "https://example.invalid/k") String uri) {}

  /** A nested object. */
  record Item(@NotNull @Text(max = 5) @Schema(example = "x") String label) {}

  private static InvalidInputException refused(String json) {
    try {
      Bodies.parse(Json.createReader(new StringReader(json)).readObject(), Sample.class);
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void theGeneratedSchemaAndTheValidatorAgree() {
    BodyConformance.Result result = BodyConformance.check(List.of(Sample.class));
    assertThat(result.failures()).isEmpty();
    assertThat(result.cases()).hasSizeGreaterThan(25);
  }

  @Test
  void violationsMapToStableCodesAndPointers() {
    assertThat(refused("{\"name\":\"Ann\"}"))
        .returns(ErrorCode.MISSING_FIELD, InvalidInputException::errorCode)
        .returns("/id", InvalidInputException::field);
    assertThat(refused("{\"id\":\"!\",\"name\":\"Ann\"}"))
        .returns(ErrorCode.INVALID_ID, InvalidInputException::errorCode);
    // Not text at all: invalid value first, as before a malformed id.
    assertThat(refused("{\"id\":\"   \",\"name\":\"Ann\"}"))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode)
        .returns("/id", InvalidInputException::field);
    assertThat(refused("{\"id\":\"A-1\",\"name\":\"Ann\",\"items\":[{\"label\":\"x\"},{}]}"))
        .returns(ErrorCode.MISSING_FIELD, InvalidInputException::errorCode)
        .returns("/items/1/label", InvalidInputException::field);
    assertThat(refused("{\"id\":\"A-1\",\"name\":\"Ann\",\"tags\":[\"a\",\"z\"]}"))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode)
        .returns("/tags/1", InvalidInputException::field);
    assertThat(refused("{\"id\":\"A-1\",\"name\":\"Ann\",\"items\":[{\"label\":\"x\",\"y\":1}]}"))
        .returns(ErrorCode.UNKNOWN_FIELD, InvalidInputException::errorCode)
        .returns("/items/0", InvalidInputException::field);
  }

  @Test
  void ofSeveralViolationsTheFirstFieldInTheRecordsOrderIsReported() {
    assertThat(refused("{\"id\":\"A-1\",\"name\":\"\",\"count\":0}").field()).isEqualTo("/name");
    assertThat(refused("{\"count\":0,\"name\":\"\"}").field()).isEqualTo("/id");
  }

  @Test
  void problemsNeverEchoTheValue() {
    assertThatThrownBy(
            () ->
                Bodies.parse(
                    Json.createReader(
                            new StringReader("{\"id\":\"A-1\",\"name\":\"SECRET-VALUE-TOO-LONG\"}"))
                        .readObject(),
                    Sample.class))
        .hasMessageContaining("/name")
        .hasMessageNotContaining("SECRET");
    assertThat(refused("{\"id\":\"A-1\",\"name\":\"Ann\",\"born\":\"SECRET\"}").getMessage())
        .doesNotContain("SECRET");
  }
}
