package org.phirecords.internal.web.body;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.phirecords.error.ErrorCode;

/**
 * The OpenAPI schemas of request body records, generated from what {@link Bodies} enforces: one
 * object schema per record (named by its simple name, no other fields: {@code additionalProperties:
 * false}), its components as properties typed by their Java types, {@code @NotNull} as {@code
 * required}, and each constraint as its JSON Schema keyword: {@link Text} as {@code
 * minLength}/{@code maxLength}/{@code pattern}, {@code @Pattern} as an anchored {@code pattern},
 * {@code @Size} as lengths or item counts, {@code @Min}/{@code @Max}, {@link OneOf} and enum types
 * as {@code enum}, {@link IsoDate} as {@code format: date}, {@link AbsoluteUri} as {@code format:
 * uri}. Descriptions, examples and defaults come from the components' MicroProfile {@code @Schema}.
 * A constraint whose violation is not PHR-400-03 says which code it is in {@value #CODE_EXTENSION}.
 */
public final class BodySchemas {
  /** The extension naming the problem code of a property's violation, where not PHR-400-03. */
  public static final String CODE_EXTENSION = "x-problem-code";

  /**
   * The extension naming the one problem code of every violation of a property, its absence
   * included (a value of the wrong JSON type stays PHR-400-03): {@link Codes.Emergency}.
   */
  public static final String ALL_EXTENSION = "x-problem-code-all";

  private BodySchemas() {}

  /** The schemas of {@code bodies} and of the records they nest, by name, in order. */
  public static Map<String, Schema> of(List<Class<? extends Record>> bodies) {
    Map<String, Schema> schemas = new LinkedHashMap<>();
    for (Class<? extends Record> body : bodies) {
      add(body, schemas);
    }
    return schemas;
  }

  /** The component name of a record's schema. */
  public static String name(Class<?> record) {
    return record.getSimpleName();
  }

  private static void add(Class<?> record, Map<String, Schema> schemas) {
    String name = name(record);
    if (schemas.containsKey(name)) {
      return;
    }
    schemas.put(name, null); // reserved while it is built
    Schema schema =
        OASFactory.createSchema().type(SchemaType.OBJECT).additionalPropertiesBoolean(false);
    org.eclipse.microprofile.openapi.annotations.media.Schema doc =
        record.getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class);
    if (doc != null && !doc.description().isEmpty()) {
      schema.description(doc.description());
    }
    List<String> required = new ArrayList<>();
    for (RecordComponent c : record.getRecordComponents()) {
      Annotation[] annotations = field(record, c).getAnnotations();
      if (has(annotations, NotNull.class)) {
        required.add(c.getName());
      }
      schema.addProperty(
          c.getName(), property(c.getType(), c.getAnnotatedType(), annotations, schemas));
    }
    if (!required.isEmpty()) {
      schema.required(required);
    }
    schemas.put(name, schema);
  }

  private static java.lang.reflect.Field field(Class<?> record, RecordComponent c) {
    try {
      return record.getDeclaredField(c.getName());
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Schema property(
      Class<?> type,
      AnnotatedType annotated,
      Annotation[] annotations,
      Map<String, Schema> schemas) {
    if (type.isRecord()) {
      if (!has(annotations, jakarta.validation.Valid.class)) {
        // Without it Jakarta Validation would not look inside, and the schema would promise rules
        // that nothing enforces.
        throw new IllegalStateException("a nested body record must be @Valid: " + type.getName());
      }
      add(type, schemas);
      return OASFactory.createSchema().ref(name(type));
    }
    Schema s = OASFactory.createSchema();
    if (type == String.class) {
      s.type(SchemaType.STRING);
    } else if (type == Integer.class || type == Long.class) {
      s.type(SchemaType.INTEGER);
    } else if (type == BigDecimal.class) {
      s.type(SchemaType.NUMBER);
    } else if (type == Boolean.class) {
      s.type(SchemaType.BOOLEAN);
    } else if (type.isEnum()) {
      List<Object> names = new ArrayList<>();
      for (Object constant : type.getEnumConstants()) {
        names.add(((Enum<?>) constant).name());
      }
      s.type(SchemaType.STRING).enumeration(names);
    } else if (type == List.class) {
      AnnotatedType item =
          ((AnnotatedParameterizedType) annotated).getAnnotatedActualTypeArguments()[0];
      List<Annotation> itemAnnotations = new ArrayList<>(List.of(item.getAnnotations()));
      if (has(annotations, jakarta.validation.Valid.class)) {
        itemAnnotations.add(annotated(jakarta.validation.Valid.class, annotations));
      }
      s.type(SchemaType.ARRAY)
          .items(
              property(
                  Bodies.raw(item.getType()),
                  item,
                  itemAnnotations.toArray(Annotation[]::new),
                  schemas));
    } else {
      throw new IllegalStateException("no JSON form for " + type);
    }
    for (Annotation a : annotations) {
      constrain(s, type, a);
    }
    return s;
  }

  private static void constrain(Schema s, Class<?> type, Annotation a) {
    if (a instanceof Text text) {
      s.minLength(1).maxLength(text.max());
      if (s.getPattern() == null) {
        s.pattern(anchored(Text.PATTERN)); // a @Pattern of the field is stricter and wins
      }
    } else if (a instanceof jakarta.validation.constraints.Pattern p) {
      s.pattern(anchored(p.regexp()));
    } else if (a instanceof Size size && type == List.class) {
      if (size.min() > 0) {
        s.minItems(size.min());
      }
      if (size.max() < Integer.MAX_VALUE) {
        s.maxItems(size.max());
      }
    } else if (a instanceof Size size) {
      if (size.min() > 0) {
        s.minLength(size.min());
      }
      if (size.max() < Integer.MAX_VALUE) {
        s.maxLength(size.max());
      }
    } else if (a instanceof Min min) {
      s.minimum(BigDecimal.valueOf(min.value()));
    } else if (a instanceof Max max) {
      s.maximum(BigDecimal.valueOf(max.value()));
    } else if (a instanceof OneOf oneOf) {
      s.enumeration(new ArrayList<>(OneOf.Validator.values(oneOf)));
    } else if (a instanceof IsoDate date) {
      s.format("date")
          .description(
              join(
                  s.getDescription(),
                  "from "
                      + date.min()
                      + (date.maxDaysAhead() == 0
                          ? " to today"
                          : " to " + date.maxDaysAhead() + " day(s) after today")));
    } else if (a instanceof AbsoluteUri) {
      s.format("uri");
    } else if (a instanceof org.eclipse.microprofile.openapi.annotations.media.Schema doc) {
      if (!doc.description().isEmpty()) {
        s.description(join(doc.description(), s.getDescription()));
      }
      if (!doc.example().isEmpty()) {
        s.example(example(doc.example(), type));
      }
      if (!doc.defaultValue().isEmpty()) {
        s.defaultValue(example(doc.defaultValue(), type));
      }
    }
    if (a.annotationType().isAnnotationPresent(jakarta.validation.Constraint.class)) {
      for (Class<? extends Payload> payload : payload(a)) {
        if (payload == Codes.InvalidId.class) {
          s.addExtension(CODE_EXTENSION, ErrorCode.INVALID_ID.code());
        } else if (payload == Codes.Emergency.class) {
          s.addExtension(CODE_EXTENSION, ErrorCode.EMERGENCY_REASON.code());
          s.addExtension(ALL_EXTENSION, ErrorCode.EMERGENCY_REASON.code());
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Class<? extends Payload>> payload(Annotation a) {
    try {
      return Arrays.asList(
          (Class<? extends Payload>[]) a.annotationType().getMethod("payload").invoke(a));
    } catch (ReflectiveOperationException e) {
      return List.of();
    }
  }

  /** A pattern that must match the whole value, as Jakarta Validation's {@code @Pattern} does. */
  static String anchored(String regexp) {
    return "^(?:" + regexp + ")$";
  }

  private static String join(String a, String b) {
    if (a == null || a.isEmpty()) {
      return b;
    }
    return b == null || b.isEmpty() ? a : a + "; " + b;
  }

  /** An example or default as the JSON value it stands for: numbers, arrays and objects parsed. */
  private static Object example(String text, Class<?> type) {
    if (type == String.class || type.isEnum()) {
      return text;
    }
    try (JsonReader reader = JSON.createReader(new StringReader(text))) {
      return java(reader.readValue());
    }
  }

  private static Object java(JsonValue v) {
    if (v instanceof JsonString s) {
      return s.getString();
    }
    if (v instanceof JsonNumber n) {
      return n.isIntegral() ? (Object) n.bigIntegerValue() : n.bigDecimalValue();
    }
    if (v instanceof JsonArray a) {
      List<Object> items = new ArrayList<>();
      a.forEach(item -> items.add(java(item)));
      return items;
    }
    if (v instanceof JsonObject o) {
      Map<String, Object> fields = new LinkedHashMap<>();
      o.forEach((k, item) -> fields.put(k, java(item)));
      return fields;
    }
    if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
      return v == JsonValue.TRUE;
    }
    return null;
  }

  private static Annotation annotated(Class<? extends Annotation> type, Annotation[] annotations) {
    for (Annotation a : annotations) {
      if (type.isInstance(a)) {
        return a;
      }
    }
    throw new IllegalArgumentException(type.getName());
  }

  private static boolean has(Annotation[] annotations, Class<? extends Annotation> type) {
    for (Annotation a : annotations) {
      if (type.isInstance(a)) {
        return true;
      }
    }
    return false;
  }
}
