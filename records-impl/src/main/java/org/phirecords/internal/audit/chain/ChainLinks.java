package org.phirecords.internal.audit.chain;

import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * How a stored audit event is linked into its chain: {@code hash = HMAC(key, prevHash + "\n" +
 * canonical(event))}, where the canonical form covers every field, the sequence number included.
 * Writer and verifier share this one definition.
 */
public final class ChainLinks {
  /** The chain field: the tenant id, or {@link #PLATFORM} for events outside any tenant. */
  public static final String CHAIN = "tenantId";

  /** The chain of platform events; no tenant id can take this form. */
  public static final String PLATFORM = "_platform";

  /** The predecessor hash of the first event of a chain. */
  public static final String GENESIS = "0".repeat(64);

  public static final String SEQ = "seq";
  static final String PREV = "prevHash";
  static final String HASH = "hash";

  /** Every field the hash covers, in order. */
  static final List<String> FIELDS =
      List.of(
          "_id",
          CHAIN,
          SEQ,
          "occurredAt",
          "subject",
          "roles",
          "action",
          "resourceType",
          "resourceId",
          "patientId",
          "outcome",
          "purposeOfUse",
          "clientAddress",
          "operation",
          "resultCount",
          "intentId");

  private ChainLinks() {}

  /** The hash of {@code event} following {@code prevHash}. */
  static String hash(ChainKey key, String prevHash, Document event) {
    StringBuilder text = new StringBuilder(prevHash).append('\n');
    for (String field : FIELDS) {
      text.append(field).append('=');
      append(text, event.get(field));
      text.append('\u001f');
    }
    return key.seal(text.toString());
  }

  private static void append(StringBuilder text, Object value) {
    if (value == null) {
      text.append('\u0000');
    } else if (value instanceof Date date) {
      text.append(date.getTime());
    } else if (value instanceof Number number) {
      text.append(number.longValue());
    } else if (value instanceof List<?> list) {
      text.append('[');
      for (Object item : list) {
        append(text, item);
        text.append(',');
      }
      text.append(']');
    } else {
      text.append(value);
    }
  }

  /** The seal of a chain anchor: where verification starts after a retention purge. */
  static String anchorMac(ChainKey key, String chain, long seq, String hash) {
    return key.seal("anchor\n" + chain + "\n" + seq + "\n" + hash);
  }

  /** The seal of a chain head, so that rewinding it (to hide truncation) is detected. */
  static String headMac(ChainKey key, String chain, long seq, String hash) {
    return key.seal("head\n" + chain + "\n" + seq + "\n" + hash);
  }
}
