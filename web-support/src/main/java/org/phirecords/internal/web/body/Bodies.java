package org.phirecords.internal.web.body;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.web.JsonInput;

/**
 * Reads a JSON request body into its record, the one source of the body's rules: the record's
 * components are the fields allowed (and their JSON types), its Jakarta Validation constraints the
 * rules, and {@link BodySchemas} publishes both as the body's OpenAPI schema.
 *
 * <p>Three steps, each failing with a stable code and the JSON pointer of the field, never its
 * value: the generic checks of {@link JsonInput} (PHR-400-01, -06, 413); binding, where a field the
 * record lacks is PHR-400-02 and a value of the wrong JSON type PHR-400-03; validation, where a
 * missing {@code @NotNull} field is PHR-400-04, a constraint with the {@link Codes.InvalidId}
 * payload PHR-400-05, any other violation PHR-400-03. Of several violations the first field in the
 * record's order is reported.
 */
public final class Bodies {
  /** Numbers beyond these are refused, whatever the field. */
  private static final int MAX_PRECISION = 30;

  private static final int MAX_SCALE = 12;

  private Bodies() {}

  /** Reads, binds and validates a body of at most {@code maxBytes} as a {@code type}. */
  public static <R extends Record> R read(InputStream body, int maxBytes, Class<R> type) {
    return parse(JsonInput.read(body, maxBytes), type);
  }

  /** Binds and validates {@code json} as a {@code type}. */
  public static <R extends Record> R parse(JsonObject json, Class<R> type) {
    R value = type.cast(bind(json, type, ""));
    validate(value);
    return value;
  }

  /** Throws the problem of {@code value}'s first constraint violation, if any. */
  public static <R extends Record> void validate(R value) {
    Set<ConstraintViolation<R>> violations = Holder.VALIDATOR.validate(value);
    if (violations.isEmpty()) {
      return;
    }
    Class<?> type = value.getClass();
    ConstraintViolation<R> first =
        violations.stream()
            .min(
                Comparator.comparing(
                        (ConstraintViolation<R> v) -> rank(type, v.getPropertyPath()),
                        Bodies::compareRanks)
                    .thenComparingInt(Bodies::severity))
            .orElseThrow();
    throw problem(first, pointer(type, first.getPropertyPath()));
  }

  private static final class Holder {
    static final Validator VALIDATOR =
        Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new Messages())
            .buildValidatorFactory()
            .getValidator();
  }

  // ----------------------------------------------------------------------------------------------
  // Binding

  private static Object bind(JsonObject json, Class<?> type, String pointer) {
    RecordComponent[] components = type.getRecordComponents();
    Set<String> allowed = new TreeSet<>();
    for (RecordComponent c : components) {
      allowed.add(c.getName());
    }
    for (String key : json.keySet()) {
      if (!allowed.contains(key)) {
        // Unknown keys are client text (possibly PHI): name the allowed ones instead.
        throw new InvalidInputException(
            ErrorCode.UNKNOWN_FIELD,
            pointer.isEmpty() ? "/" : pointer,
            "Only these fields are allowed here: " + allowed + ".");
      }
    }
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      JsonValue v = json.get(c.getName());
      args[i] =
          v == null || v.getValueType() == JsonValue.ValueType.NULL
              ? null
              : value(v, c.getGenericType(), pointer + "/" + c.getName());
    }
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RecordsException known) {
        throw known;
      }
      throw new IllegalStateException("cannot construct " + type.getName(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  private static Object value(JsonValue v, Type type, String pointer) {
    Class<?> raw = raw(type);
    if (raw == String.class) {
      if (v instanceof JsonString s) {
        return s.getString();
      }
      throw InvalidInputException.invalid(pointer, "must be a string");
    }
    if (raw == Integer.class || raw == Long.class || raw == BigDecimal.class) {
      if (!(v instanceof JsonNumber n)) {
        throw InvalidInputException.invalid(pointer, "must be a number");
      }
      BigDecimal d;
      try {
        d = n.bigDecimalValue();
      } catch (RuntimeException e) {
        throw InvalidInputException.invalid(pointer, "is not a usable number");
      }
      if (d.precision() > MAX_PRECISION || Math.abs(d.scale()) > MAX_SCALE) {
        throw InvalidInputException.invalid(pointer, "has too many digits");
      }
      try {
        return raw == Integer.class
            ? Integer.valueOf(d.intValueExact())
            : raw == Long.class ? Long.valueOf(d.longValueExact()) : d;
      } catch (ArithmeticException e) {
        throw InvalidInputException.invalid(pointer, "must be a whole number");
      }
    }
    if (raw == Boolean.class) {
      if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
        return v == JsonValue.TRUE;
      }
      throw InvalidInputException.invalid(pointer, "must be true or false");
    }
    if (raw.isEnum()) {
      Object[] constants = raw.getEnumConstants();
      if (v instanceof JsonString s) {
        for (Object constant : constants) {
          if (((Enum<?>) constant).name().equals(s.getString().toUpperCase(Locale.ROOT))) {
            return constant;
          }
        }
      }
      throw InvalidInputException.invalid(pointer, "must be one of " + Arrays.asList(constants));
    }
    if (raw == List.class) {
      if (!(v instanceof JsonArray array)) {
        throw InvalidInputException.invalid(pointer, "must be an array");
      }
      Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
      List<Object> items = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        JsonValue element = array.get(i);
        if (element.getValueType() == JsonValue.ValueType.NULL) {
          throw InvalidInputException.invalid(pointer + "/" + i, "must not be null");
        }
        items.add(value(element, item, pointer + "/" + i));
      }
      return List.copyOf(items);
    }
    if (raw.isRecord()) {
      if (v instanceof JsonObject o) {
        return bind(o, raw, pointer);
      }
      throw InvalidInputException.invalid(pointer, "must be an object");
    }
    throw new IllegalStateException("no JSON form for " + type + " at " + pointer);
  }

  static Class<?> raw(Type type) {
    return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
  }

  // ----------------------------------------------------------------------------------------------
  // Violations

  private static RecordsException problem(ConstraintViolation<?> v, String field) {
    var descriptor = v.getConstraintDescriptor();
    Set<Class<? extends jakarta.validation.Payload>> payload = descriptor.getPayload();
    if (payload.contains(Codes.Emergency.class)) {
      return new InvalidInputException(ErrorCode.EMERGENCY_REASON, field, field + ": required");
    }
    if (descriptor.getAnnotation() instanceof NotNull || payload.contains(Codes.Missing.class)) {
      return InvalidInputException.missing(field);
    }
    if (payload.contains(Codes.InvalidId.class)) {
      return new InvalidInputException(ErrorCode.INVALID_ID, field, field + ": " + v.getMessage());
    }
    return InvalidInputException.invalid(field, v.getMessage());
  }

  /** Missing first, then invalid values, then malformed identifiers, for one field. */
  private static int severity(ConstraintViolation<?> v) {
    var descriptor = v.getConstraintDescriptor();
    if (descriptor.getAnnotation() instanceof NotNull
        || descriptor.getPayload().contains(Codes.Missing.class)) {
      return 0;
    }
    return descriptor.getPayload().contains(Codes.InvalidId.class) ? 2 : 1;
  }

  /** The JSON pointer of a property path of {@code root} (a record). */
  static String pointer(Class<?> root, Path path) {
    StringBuilder pointer = new StringBuilder();
    for (Path.Node node : path) {
      if (node.isInIterable() && node.getIndex() != null) {
        pointer.append('/').append(node.getIndex());
      }
      if (node.getKind() == jakarta.validation.ElementKind.PROPERTY && node.getName() != null) {
        pointer.append('/').append(node.getName());
      }
    }
    return pointer.isEmpty() ? "/" : pointer.toString();
  }

  /** Positions along a property path: component indexes and list indexes, for ordering. */
  private static List<Integer> rank(Class<?> root, Path path) {
    List<Integer> rank = new ArrayList<>();
    Type current = root;
    for (Path.Node node : path) {
      if (node.isInIterable() && node.getIndex() != null) {
        rank.add(node.getIndex());
        current =
            current instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
      }
      if (node.getKind() == jakarta.validation.ElementKind.PROPERTY && node.getName() != null) {
        Class<?> type = raw(current);
        RecordComponent[] components =
            type.isRecord() ? type.getRecordComponents() : new RecordComponent[0];
        int index = Integer.MAX_VALUE;
        for (int i = 0; i < components.length; i++) {
          if (components[i].getName().equals(node.getName())) {
            index = i;
            current = components[i].getGenericType();
          }
        }
        rank.add(index);
      }
    }
    return rank;
  }

  private static int compareRanks(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
