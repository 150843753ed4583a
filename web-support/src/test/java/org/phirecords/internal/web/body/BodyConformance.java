package org.phirecords.internal.web.body;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonPointer;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Path;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;

/**
 * Checks that the published schemas of request bodies and the validator agree, on the document
 * generated from the records ({@link BodySchemas}), without a server: every body's documented
 * example (assembled from its properties' examples) validates, and for every documented constraint
 * ({@code required}, {@code additionalProperties: false}, {@code type}, {@code minLength}, {@code
 * maxLength}, {@code pattern}, {@code enum}, {@code minimum}, {@code maximum}, {@code maxItems},
 * {@code format}) a value that violates it is refused with the right problem code ({@value
 * BodySchemas#CODE_EXTENSION} where documented, else PHR-400-03; PHR-400-04 for a missing field,
 * PHR-400-02 for an unknown one) and the field's JSON pointer, and without the value.
 */
public final class BodyConformance {
  private final Map<String, Schema> schemas;
  private final List<String> failures = new ArrayList<>();
  private final List<String> cases = new ArrayList<>();

  private BodyConformance(List<Class<? extends Record>> bodies) {
    schemas = BodySchemas.of(bodies);
  }

  /** The outcome: what was checked, and what disagreed. */
  public record Result(List<String> cases, List<String> failures) {}

  /**
   * What disagrees between {@code resources} and {@code bodies}: an operation whose request body is
   * not a generated schema, or a body that no operation takes.
   */
  public static List<String> unmatchedBodies(
      List<Class<? extends Record>> bodies, List<Class<?>> resources) {
    Set<String> generated = BodySchemas.of(bodies).keySet();
    Set<String> referenced = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (Class<?> resource : resources) {
      for (Method m : resource.getMethods()) {
        RequestBody body = m.getAnnotation(RequestBody.class);
        // FHIR resources are validated by HAPI's validator against R4 (ADR 37), not by a record.
        if (body != null && !body.content()[0].mediaType().equals("application/fhir+json")) {
          String ref = body.content()[0].schema().ref();
          if (!generated.contains(ref)) {
            problems.add(resource.getSimpleName() + "." + m.getName() + " takes " + ref);
          }
          referenced.add(ref);
        }
      }
    }
    for (Class<? extends Record> b : bodies) {
      if (!referenced.contains(BodySchemas.name(b))) {
        problems.add(BodySchemas.name(b) + " is taken by no operation");
      }
    }
    return problems;
  }

  /** The classes of {@code pkg}'s main code annotated with {@code @Path}. */
  public static Set<String> resourceClassesIn(String pkg) {
    Set<String> resources = new HashSet<>();
    new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(pkg).stream()
            .filter(c -> c.isAnnotatedWith(Path.class))
            .forEach(c -> resources.add(c.getName()));
    return resources;
  }

  /** How {@code json} is refused as a {@code type}; fails if it is accepted. */
  public static InvalidInputException refused(Class<? extends Record> type, String json) {
    try {
      Bodies.parse(Json.createReader(new StringReader(json)).readObject(), type);
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  /** Checks every body of {@code bodies}. */
  public static Result check(List<Class<? extends Record>> bodies) {
    BodyConformance c = new BodyConformance(bodies);
    for (Class<? extends Record> body : bodies) {
      c.body(body);
    }
    return new Result(List.copyOf(c.cases), List.copyOf(c.failures));
  }

  private void body(Class<? extends Record> type) {
    String name = BodySchemas.name(type);
    Schema schema = schemas.get(name);
    JsonValue example = example(schema, "");
    if (!(example instanceof JsonObject valid)) {
      return;
    }
    cases.add(name + ": documented example is accepted");
    try {
      Bodies.parse(valid, type);
    } catch (RecordsException e) {
      failures.add(name + ": documented example " + valid + " refused: " + describe(e));
      return;
    }
    object(type, name, schema, "", valid);
  }

  private void object(
      Class<? extends Record> type, String body, Schema schema, String pointer, JsonObject valid) {
    if (Boolean.FALSE.equals(schema.getAdditionalPropertiesBoolean())) {
      JsonObject withExtra =
          (JsonObject)
              pointer(pointer.isEmpty() ? "" : pointer)
                  .getValue(valid)
                  .asJsonObject()
                  .entrySet()
                  .stream()
                  .collect(
                      Json::createObjectBuilder,
                      (b, e) -> b.add(e.getKey(), e.getValue()),
                      JsonObjectBuilder::addAll)
                  .add("undocumentedField", "x")
                  .build();
      JsonObject mutated =
          pointer.isEmpty() ? withExtra : (JsonObject) pointer(pointer).replace(valid, withExtra);
      expect(
          type,
          body,
          "additionalProperties: false at " + (pointer.isEmpty() ? "/" : pointer),
          mutated,
          ErrorCode.UNKNOWN_FIELD,
          pointer.isEmpty() ? "/" : pointer,
          null);
    }
    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
    for (Map.Entry<String, Schema> p : schema.getProperties().entrySet()) {
      String at = pointer + "/" + p.getKey();
      if (required.contains(p.getKey())) {
        expect(
            type,
            body,
            "required " + at,
            (JsonObject) pointer(at).remove(valid),
            code(p.getValue(), BodySchemas.ALL_EXTENSION, ErrorCode.MISSING_FIELD),
            at,
            null);
      }
      property(type, body, p.getValue(), at, valid);
    }
  }

  private void property(
      Class<? extends Record> type, String body, Schema property, String at, JsonObject valid) {
    Schema s = resolve(property);
    ErrorCode invalid = code(property);
    ErrorCode value = code(property, BodySchemas.ALL_EXTENSION, ErrorCode.INVALID_FIELD);
    JsonValue wrongType =
        switch (s.getType()) {
          case STRING -> Json.createValue(12345);
          case INTEGER, NUMBER -> Json.createValue("12");
          default -> Json.createValue(12345);
        };
    expect(
        type,
        body,
        "type " + s.getType() + " of " + at,
        replace(valid, at, wrongType),
        ErrorCode.INVALID_FIELD,
        at,
        null);
    if (s.getMaxLength() != null) {
      String v = "x".repeat(s.getMaxLength() + 1);
      expect(
          type,
          body,
          "maxLength " + s.getMaxLength() + " of " + at,
          replace(valid, at, Json.createValue(v)),
          value,
          at,
          v);
    }
    if (s.getMinLength() != null && s.getMinLength() > 0) {
      expect(
          type,
          body,
          "minLength " + s.getMinLength() + " of " + at,
          replace(valid, at, Json.createValue("")),
          value,
          at,
          null);
    }
    if (s.getPattern() != null) {
      String v = violating(s, ((jakarta.json.JsonString) pointer(at).getValue(valid)).getString());
      if (v == null) {
        failures.add(body + ": found no value violating the pattern of " + at);
      } else {
        expect(
            type,
            body,
            "pattern of " + at,
            replace(valid, at, Json.createValue(v)),
            invalid,
            at,
            v);
      }
    }
    if (s.getEnumeration() != null) {
      String v = "not-a-listed-value";
      expect(type, body, "enum of " + at, replace(valid, at, Json.createValue(v)), value, at, v);
    }
    if (s.getMinimum() != null) {
      expect(
          type,
          body,
          "minimum of " + at,
          replace(valid, at, Json.createValue(s.getMinimum().subtract(BigDecimal.ONE))),
          value,
          at,
          null);
    }
    if (s.getMaximum() != null) {
      expect(
          type,
          body,
          "maximum of " + at,
          replace(valid, at, Json.createValue(s.getMaximum().add(BigDecimal.ONE))),
          value,
          at,
          null);
    }
    if ("date".equals(s.getFormat())) {
      for (String v : List.of("2021-02-30", "01/02/2020", "1899-12-31", "2999-01-01")) {
        expect(
            type,
            body,
            "format date of " + at + " (" + v + ")",
            replace(valid, at, Json.createValue(v)),
            value,
            at,
            null);
      }
    }
    if ("uri".equals(s.getFormat())) {
      String v = "relative/path with space";
      expect(
          type, body, "format uri of " + at, replace(valid, at, Json.createValue(v)), value, at, v);
    }
    if (s.getType() == SchemaType.ARRAY) {
      var items = pointer(at).getValue(valid).asJsonArray();
      if (items.isEmpty()) {
        failures.add(body + ": the example of " + at + " has no item");
        return;
      }
      if (s.getMaxItems() != null) {
        JsonArrayBuilder more = Json.createArrayBuilder();
        for (int i = 0; i <= s.getMaxItems(); i++) {
          more.add(items.get(0));
        }
        expect(
            type,
            body,
            "maxItems " + s.getMaxItems() + " of " + at,
            replace(valid, at, more.build()),
            value,
            at,
            null);
      }
      property(type, body, s.getItems(), at + "/0", valid);
    }
    if (s.getType() == SchemaType.OBJECT) {
      object(type, body, s, at, valid);
    }
  }

  /** A value of the field's length bounds that its pattern refuses (plain text first). */
  private static String violating(Schema s, String example) {
    Pattern pattern = Pattern.compile(s.getPattern());
    for (String v : List.of("!", "x!", "a b", example + "!", example + "\u0001", "\u0001", " ")) {
      boolean lengthOk =
          (s.getMinLength() == null || v.length() >= s.getMinLength())
              && (s.getMaxLength() == null || v.length() <= s.getMaxLength());
      if (lengthOk && !pattern.matcher(v).find()) {
        return v;
      }
    }
    return null;
  }

  private void expect(
      Class<? extends Record> type,
      String body,
      String what,
      JsonObject mutated,
      ErrorCode code,
      String field,
      String value) {
    cases.add(body + ": " + what);
    try {
      Bodies.parse(mutated, type);
      failures.add(body + ": " + what + " is documented but was accepted: " + mutated);
    } catch (InvalidInputException e) {
      if (e.errorCode() != code || !field.equals(e.field())) {
        failures.add(
            body
                + ": "
                + what
                + ": expected "
                + code.code()
                + " at "
                + field
                + ", got "
                + describe(e));
      }
      if (value != null && value.length() >= 5 && String.valueOf(e.getMessage()).contains(value)) {
        failures.add(body + ": " + what + ": the problem echoes the value");
      }
    } catch (RecordsException e) {
      failures.add(body + ": " + what + ": expected " + code.code() + ", got " + describe(e));
    }
  }

  private static String describe(RecordsException e) {
    return e.errorCode().code()
        + (e instanceof InvalidInputException in ? " at " + in.field() : "")
        + " ("
        + e.getMessage()
        + ")";
  }

  private ErrorCode code(Schema property) {
    return code(property, BodySchemas.CODE_EXTENSION, ErrorCode.INVALID_FIELD);
  }

  /** The code the extension {@code name} of {@code property} documents, else {@code otherwise}. */
  private static ErrorCode code(Schema property, String name, ErrorCode otherwise) {
    Object extension = property.getExtensions() == null ? null : property.getExtensions().get(name);
    for (ErrorCode c : ErrorCode.values()) {
      if (c.code().equals(extension)) {
        return c;
      }
    }
    return otherwise;
  }

  private Schema resolve(Schema s) {
    if (s.getRef() == null) {
      return s;
    }
    String ref = s.getRef();
    return Objects.requireNonNull(
        schemas.get(ref.substring(ref.lastIndexOf('/') + 1)), "unresolved " + ref);
  }

  /** The example of a schema: its own, or assembled from its properties' or items' examples. */
  private JsonValue example(Schema schema, String pointer) {
    Schema s = resolve(schema);
    if (schema.getExample() != null) {
      return json(schema.getExample());
    }
    if (s.getExample() != null) {
      return json(s.getExample());
    }
    if (s.getType() == SchemaType.OBJECT) {
      JsonObjectBuilder b = Json.createObjectBuilder();
      for (Map.Entry<String, Schema> p : s.getProperties().entrySet()) {
        JsonValue v = example(p.getValue(), pointer + "/" + p.getKey());
        if (v != null) {
          b.add(p.getKey(), v);
        }
      }
      return b.build();
    }
    if (s.getType() == SchemaType.ARRAY) {
      JsonValue item = example(s.getItems(), pointer + "/0");
      return item == null ? null : Json.createArrayBuilder().add(item).build();
    }
    failures.add("no example documented for " + pointer);
    return null;
  }

  private static JsonValue json(Object value) {
    if (value instanceof String s) {
      return Json.createValue(s);
    }
    if (value instanceof BigInteger i) {
      return Json.createValue(i);
    }
    if (value instanceof BigDecimal d) {
      return Json.createValue(d);
    }
    if (value instanceof Number n) {
      return Json.createValue(new BigDecimal(n.toString()));
    }
    if (value instanceof Boolean b) {
      return b ? JsonValue.TRUE : JsonValue.FALSE;
    }
    if (value instanceof List<?> list) {
      JsonArrayBuilder a = Json.createArrayBuilder();
      list.forEach(item -> a.add(json(item)));
      return a.build();
    }
    if (value instanceof Map<?, ?> map) {
      JsonObjectBuilder o = Json.createObjectBuilder();
      map.forEach((k, v) -> o.add(String.valueOf(k), json(v)));
      return o.build();
    }
    throw new IllegalArgumentException("example of unknown form: " + value);
  }

  private static JsonPointer pointer(String at) {
    return Json.createPointer(at);
  }

  private static JsonObject replace(JsonObject valid, String at, JsonValue value) {
    JsonStructure replaced = pointer(at).replace(valid, value);
    return (JsonObject) replaced;
  }
}
