package org.phirecords.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;

class JsonInputTest {
  private static JsonInput read(String json) {
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonInput read(byte[] bytes) {
    return JsonInput.read(new ByteArrayInputStream(bytes), 1024, Set.of("name", "born", "nested"));
  }

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
    JsonInput in = read("{\"name\":\"Ann\",\"born\":\"1990-02-03\"}");
    assertThat(in.requiredString("name", 10)).isEqualTo("Ann");
    assertThat(in.requiredDate("born", LocalDate.of(1900, 1, 1), LocalDate.now()))
        .isEqualTo(LocalDate.of(1990, 2, 3));
  }

  @Test
  void refusesOperatorsReservedKeysAndUnknownFields() {
    assertThat(codeOf(() -> read("{\"name\":{\"$ne\":null}}"))).isEqualTo(ErrorCode.OPERATOR_INPUT);
    assertThat(codeOf(() -> read("{\"$where\":\"1\"}"))).isEqualTo(ErrorCode.OPERATOR_INPUT);
    assertThat(codeOf(() -> read("{\"a.b\":1}"))).isEqualTo(ErrorCode.OPERATOR_INPUT);
    assertThat(codeOf(() -> read("{\"other\":1}"))).isEqualTo(ErrorCode.UNKNOWN_FIELD);
    assertThat(codeOf(() -> read("{\"name\":{\"gt\":\"\"}}").requiredString("name", 5)))
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
    assertThat(
            codeOf(() -> JsonInput.read(new ByteArrayInputStream(deep), 100_000, Set.of("nested"))))
        .isEqualTo(ErrorCode.MALFORMED_JSON);
    byte[] longNumber = ("{\"n\":" + "9".repeat(5000) + "}").getBytes();
    assertThat(
            codeOf(
                () ->
                    JsonInput.read(new ByteArrayInputStream(longNumber), 100_000, Set.of("n"))
                        .decimal("n")))
        .isIn(ErrorCode.MALFORMED_JSON, ErrorCode.INVALID_FIELD);
    assertThat(
            codeOf(
                () ->
                    JsonInput.read(
                            new ByteArrayInputStream("{\"n\":1e99999999999}".getBytes()),
                            1000,
                            Set.of("n"))
                        .decimal("n")))
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
    assertThatThrownBy(
            () -> read("{\"born\":\"SECRET-VALUE\"}").date("born", LocalDate.MIN, LocalDate.MAX))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("/born")
        .hasMessageNotContaining("SECRET-VALUE");
  }
}
