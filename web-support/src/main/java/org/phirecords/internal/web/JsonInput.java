package org.phirecords.internal.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;

/**
 * A strict reader of JSON request bodies: bounded size and depth, valid UTF-8, an object at the
 * top, no keys that look like query operators or paths ({@code $...}, dots), no fields beyond those
 * allowed, and typed accessors whose errors name the field (a JSON pointer), never the value.
 */
public final class JsonInput {
  /** Deepest nesting accepted. The module's documents need 3 levels. */
  public static final int MAX_DEPTH = 8;

  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t\\r]]");

  private final JsonObject object;
  private final String pointer;

  private JsonInput(JsonObject object, String pointer) {
    this.object = object;
    this.pointer = pointer;
  }

  /** Reads a body of at most {@code maxBytes} and checks it (see the class comment). */
  public static JsonInput read(InputStream body, int maxBytes, Set<String> allowed) {
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
    JsonInput input = new JsonInput(value.asJsonObject(), "");
    input.allowOnly(allowed);
    return input;
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

  private void allowOnly(Set<String> allowed) {
    for (String key : object.keySet()) {
      if (!allowed.contains(key)) {
        // Unknown keys are client text (possibly PHI): name the allowed ones instead.
        throw new InvalidInputException(
            ErrorCode.UNKNOWN_FIELD,
            pointer.isEmpty() ? "/" : pointer,
            "Only these fields are allowed here: " + new java.util.TreeSet<>(allowed) + ".");
      }
    }
  }

  private String at(String name) {
    return pointer + "/" + name;
  }

  private Optional<JsonValue> value(String name) {
    JsonValue v = object.get(name);
    return v == null || v.getValueType() == JsonValue.ValueType.NULL
        ? Optional.empty()
        : Optional.of(v);
  }

  /** An optional string of at most {@code maxLength} characters without control characters. */
  public Optional<String> string(String name, int maxLength) {
    return value(name)
        .map(
            v -> {
              if (!(v instanceof JsonString s)) {
                throw InvalidInputException.invalid(at(name), "must be a string");
              }
              String text = s.getString();
              if (text.isBlank() || text.length() > maxLength) {
                throw InvalidInputException.invalid(
                    at(name), "must be 1 to " + maxLength + " characters");
              }
              if (CONTROL.matcher(text).find()) {
                throw InvalidInputException.invalid(
                    at(name), "must not contain control characters");
              }
              return text;
            });
  }

  /** A required string. */
  public String requiredString(String name, int maxLength) {
    return string(name, maxLength).orElseThrow(() -> InvalidInputException.missing(at(name)));
  }

  /** An optional string matching {@code pattern}, described by {@code form} on error. */
  public Optional<String> matching(String name, Pattern pattern, String form) {
    return string(name, 200)
        .map(
            s -> {
              if (!pattern.matcher(s).matches()) {
                throw InvalidInputException.invalid(at(name), "must be " + form);
              }
              return s;
            });
  }

  /** An optional ISO date between {@code min} and {@code max}. */
  public Optional<LocalDate> date(String name, LocalDate min, LocalDate max) {
    return string(name, 10)
        .map(
            s -> {
              LocalDate d;
              try {
                d = LocalDate.parse(s);
              } catch (DateTimeParseException e) {
                throw InvalidInputException.invalid(at(name), "must be a date YYYY-MM-DD");
              }
              if (d.isBefore(min) || d.isAfter(max)) {
                throw InvalidInputException.invalid(
                    at(name), "must be between " + min + " and " + max);
              }
              return d;
            });
  }

  /** A required ISO date. */
  public LocalDate requiredDate(String name, LocalDate min, LocalDate max) {
    return date(name, min, max).orElseThrow(() -> InvalidInputException.missing(at(name)));
  }

  /** An optional decimal number. */
  public Optional<BigDecimal> decimal(String name) {
    return value(name)
        .map(
            v -> {
              if (!(v instanceof JsonNumber n)) {
                throw InvalidInputException.invalid(at(name), "must be a number");
              }
              BigDecimal d;
              try {
                d = n.bigDecimalValue();
              } catch (RuntimeException e) {
                throw InvalidInputException.invalid(at(name), "is not a usable number");
              }
              if (d.precision() > 30 || Math.abs(d.scale()) > 12) {
                throw InvalidInputException.invalid(at(name), "has too many digits");
              }
              return d;
            });
  }

  /** An optional nested object restricted to {@code allowed} fields. */
  public Optional<JsonInput> object(String name, Set<String> allowed) {
    return value(name)
        .map(
            v -> {
              if (!(v instanceof JsonObject o)) {
                throw InvalidInputException.invalid(at(name), "must be an object");
              }
              JsonInput nested = new JsonInput(o, at(name));
              nested.allowOnly(allowed);
              return nested;
            });
  }

  /** A list of objects (at most {@code max}), each restricted to {@code allowed}, mapped. */
  public <T> List<T> objects(
      String name, int max, Set<String> allowed, Function<JsonInput, T> mapper) {
    Optional<JsonValue> v = value(name);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!(v.get() instanceof JsonArray array)) {
      throw InvalidInputException.invalid(at(name), "must be an array");
    }
    if (array.size() > max) {
      throw InvalidInputException.invalid(at(name), "must have at most " + max + " items");
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof JsonObject o)) {
        throw InvalidInputException.invalid(at(name) + "/" + i, "must be an object");
      }
      JsonInput item = new JsonInput(o, at(name) + "/" + i);
      item.allowOnly(allowed);
      out.add(mapper.apply(item));
    }
    return out;
  }

  /** A list of strings (at most {@code max}, each at most {@code maxLength} characters). */
  public List<String> strings(String name, int max, int maxLength) {
    Optional<JsonValue> v = value(name);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!(v.get() instanceof JsonArray array) || array.size() > max) {
      throw InvalidInputException.invalid(
          at(name), "must be an array of at most " + max + " strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof jakarta.json.JsonString text)
          || text.getString().length() > maxLength) {
        throw InvalidInputException.invalid(
            at(name) + "/" + i, "must be a string of at most " + maxLength + " characters");
      }
      out.add(text.getString());
    }
    return out;
  }

  /** The JSON pointer of this object within the body. */
  public String pointer() {
    return pointer;
  }
}
