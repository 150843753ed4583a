package org.phirecords.internal.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;

/**
 * The generic layer of every JSON request body, before any per-body rule: bounded size and depth,
 * valid UTF-8, well-formed JSON, an object at the top, and no keys that look like query operators
 * or paths ({@code $...}, dots, NUL). Errors name no value. The fields each body allows, their
 * types and their rules are its record's ({@link org.phirecords.internal.web.body.Bodies}).
 */
public final class JsonInput {
  /** Deepest nesting accepted. The module's documents need 3 levels. */
  public static final int MAX_DEPTH = 8;

  private JsonInput() {}

  /** Reads a body of at most {@code maxBytes} and checks it (see the class comment). */
  public static JsonObject read(InputStream body, int maxBytes) {
    byte[] bytes = readBounded(body, maxBytes);
    if (bytes.length == 0) {
      throw new InvalidInputException(ErrorCode.MALFORMED_JSON, "", "The request body is empty.");
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(
          ErrorCode.MALFORMED_JSON, "", "The request body is not valid UTF-8.");
    }
    JsonValue value;
    try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(bytes))) {
      value = reader.readValue();
    } catch (JsonException e) {
      throw new InvalidInputException(
          ErrorCode.MALFORMED_JSON, "", "The request body is not well-formed JSON.");
    } catch (RuntimeException e) {
      // The parser's own limits (nesting beyond its stack, numbers too long) fail this way.
      throw new InvalidInputException(
          ErrorCode.MALFORMED_JSON, "", "The request body exceeds the parser's limits.");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new InvalidInputException(
          ErrorCode.MALFORMED_JSON, "", "The request body must be a JSON object.");
    }
    checkKeys(value, "", 1);
    return value.asJsonObject();
  }

  private static byte[] readBounded(InputStream body, int maxBytes) {
    if (body == null) {
      return new byte[0];
    }
    try {
      byte[] bytes = body.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new RecordsException(ErrorCode.BODY_TOO_LARGE);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checkKeys(JsonValue value, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidInputException(
          ErrorCode.INVALID_FIELD, null, "The request body is nested too deeply.");
    }
    if (value instanceof JsonObject obj) {
      for (Map.Entry<String, JsonValue> e : obj.entrySet()) {
        String key = e.getKey();
        if (key.startsWith("$") || key.contains(".") || key.indexOf('\0') >= 0) {
          // The path may hold keys the client made up (possibly PHI): it is not echoed.
          throw new InvalidInputException(
              ErrorCode.OPERATOR_INPUT,
              null,
              "Keys must not start with '$' or contain '.' or NUL.");
        }
        checkKeys(e.getValue(), path + "/" + key, depth + 1);
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        checkKeys(array.get(i), path + "/" + i, depth + 1);
      }
    }
  }
}
