package org.phirecords.internal.audit.chain;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.List;

/**
 * An injective byte form of a sequence of values: each value is tagged with its type, and strings
 * and lists carry their length, so no two different sequences give the same bytes (whatever
 * characters a string holds; strings are written as UTF-16 code units, so even unpaired surrogates
 * stay distinct). What links, checkpoints and their seals are computed over since link format 2.
 */
final class Canonical {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
  private final DataOutputStream out = new DataOutputStream(bytes);

  /** A form that starts with {@code domain}, so forms of different purposes never meet. */
  Canonical(String domain) {
    add(domain);
  }

  /**
   * Appends {@code value}: null, text, an integer, a date, a list or a document of these, or
   * anything else.
   */
  Canonical add(Object value) {
    try {
      if (value == null) {
        out.writeByte('N');
      } else if (value instanceof String s) {
        out.writeByte('S');
        out.writeInt(s.length());
        out.writeChars(s);
      } else if (value instanceof Integer || value instanceof Long) {
        out.writeByte('I');
        out.writeLong(((Number) value).longValue());
      } else if (value instanceof Date date) {
        out.writeByte('D');
        out.writeLong(date.getTime());
      } else if (value instanceof List<?> list) {
        out.writeByte('L');
        out.writeInt(list.size());
        for (Object item : list) {
          add(item);
        }
      } else if (value instanceof java.util.Map<?, ?> map) {
        // A document (ADR 35's integration part): its fields in stored order, name and value.
        out.writeByte('M');
        out.writeInt(map.size());
        for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
          add(String.valueOf(e.getKey()));
          add(e.getValue());
        }
      } else {
        // Not a type the module stores here: kept apart from the others by its class name.
        out.writeByte('O');
        add(value.getClass().getName());
        add(value.toString());
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
  }

  /** The bytes so far. */
  byte[] bytes() {
    return bytes.toByteArray();
  }
}
