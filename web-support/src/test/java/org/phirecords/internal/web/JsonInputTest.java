package org.phirecords.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.constraints.NotNull;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.internal.web.body.IsoDate;
import org.phirecords.internal.web.body.Text;

/** The generic layer ({@link JsonInput}) under a body record read by {@link Bodies}. */
class JsonInputTest {
  /** A body with the fields these tests use. */
  record Body(@Text(max = 10) String name, @IsoDate String born, List<Object> nested) {}

  /** A body with a number. */
  record Numbers(BigDecimal n) {}

  private static Body read(String json) {
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Body read(byte[] bytes) {
    return Bodies.read(new ByteArrayInputStream(bytes), 1024, Body.class);
  }

  /** A body whose name is required. */
  record Named(@NotNull @Text(max = 5) String name) {}

  private static ErrorCode codeOf(Runnable r) {
    try {
      r.run();
    } catch (RecordsException e) {
      return e.errorCode();
    }
    throw new AssertionError("no error");
  }

  @Test
  void readsAllowedFields() {
    Body in = read("{\"name\":\"Ann\",\"born\":\"1990-02-03\"}");
    assertThat(in.name()).isEqualTo("Ann");
    assertThat(in.born()).isEqualTo("1990-02-03");
  }

  @Test
  void refusesOperatorsReservedKeysAndUnknownFields() {
    assertThat(codeOf(() -> read("{\"name\":{\"$ne\":null}}"))).isEqualTo(ErrorCode.OPERATOR_INPUT);
    assertThat(codeOf(() -> read("{\"$where\":\"1\"}"))).isEqualTo(ErrorCode.OPERATOR_INPUT);
    assertThat(codeOf(() -> read("{\"a.b\":1}"))).isEqualTo(ErrorCode.OPERATOR_INPUT);
    assertThat(codeOf(() -> read("{\"other\":1}"))).isEqualTo(ErrorCode.UNKNOWN_FIELD);
    assertThat(
            codeOf(
                () ->
                    Bodies.read(
                        new ByteArrayInputStream("{\"name\":{\"gt\":\"\"}}".getBytes()),
                        1024,
                        Named.class)))
        .isEqualTo(ErrorCode.INVALID_FIELD);
  }

  @Test
  void refusesMalformedInvalidUtf8OversizeAndDeepBodies() {
    assertThat(codeOf(() -> read("{\"name\":"))).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(codeOf(() -> read("[1]"))).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(codeOf(() -> read(new byte[] {'{', '"', 'n', (byte) 0xC3, '"', ':', '1', '}'})))
        .isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(codeOf(() -> read("{\"name\":\"" + "x".repeat(2000) + "\"}")))
        .isEqualTo(ErrorCode.BODY_TOO_LARGE);
    assertThat(codeOf(() -> read("{\"nested\":" + "[".repeat(20) + "]".repeat(20) + "}")))
        .isEqualTo(ErrorCode.INVALID_FIELD);
  }

  @Test
  void parserLimitsAreBadInputNotServerErrors() {
    byte[] deep = ("{\"nested\":" + "[".repeat(3000) + "]".repeat(3000) + "}").getBytes();
    assertThat(codeOf(() -> Bodies.read(new ByteArrayInputStream(deep), 100_000, Body.class)))
        .isEqualTo(ErrorCode.MALFORMED_JSON);
    byte[] longNumber = ("{\"n\":" + "9".repeat(5000) + "}").getBytes();
    assertThat(
            codeOf(() -> Bodies.read(new ByteArrayInputStream(longNumber), 100_000, Numbers.class)))
        .isIn(ErrorCode.MALFORMED_JSON, ErrorCode.INVALID_FIELD);
    assertThat(
            codeOf(
                () ->
                    Bodies.read(
                        new ByteArrayInputStream("{\"n\":1e99999999999}".getBytes()),
                        1000,
                        Numbers.class)))
        .isIn(ErrorCode.MALFORMED_JSON, ErrorCode.INVALID_FIELD);
  }

  @Test
  void unknownOrReservedKeysAreNotEchoed() {
    for (String body : new String[] {"{\"SECRET-KEY\":1}", "{\"SECRET-KEY\":{\"$ne\":1}}"}) {
      assertThatThrownBy(() -> read(body))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageNotContaining("SECRET-KEY")
          .satisfies(
              e ->
                  assertThat(String.valueOf(((InvalidInputException) e).field()))
                      .doesNotContain("SECRET-KEY"));
    }
  }

  @Test
  void errorsNameTheFieldButNeverTheValue() {
    assertThatThrownBy(() -> read("{\"born\":\"SECRET-VALUE\"}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("/born")
        .hasMessageNotContaining("SECRET-VALUE");
  }
}
