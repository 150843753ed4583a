package org.phirecords.internal.audit.chain;

import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * How a stored audit event is linked into its chain. Writer and verifier share this one definition.
 *
 * <p>Format 2 (field {@code v: 2}, written since links named their key): {@code hash = HMAC(key
 * kid, canonical(prevHash, kid, every field))}, where the canonical form is injective ({@link
 * Canonical}). Format 1 (no {@code v}, written before): {@code HMAC(key "default", prevHash + "\n"
 * + field=value joined by U+001F)}. Format 1 is ambiguous (a value holding the separator reads as
 * two fields, null as the character U+0000), so it is only verified, never written.
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

  /** The link format field; absent on format 1 links. */
  static final String VERSION = "v";

  /** The id of the key that sealed a link, head, anchor or checkpoint. */
  static final String KEY_ID = "kid";

  /** The format new links are written in. */
  static final int CURRENT = 2;

  /** Every event field the hash covers, in order. */
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

  /** An outcome event's digest of the record it wrote (ADR 23); present only there. */
  public static final String RECORD_DIGEST = "recordDigest";

  /** The break-glass declaration an access ran under (ADR 28); present only then. */
  public static final String EMERGENCY = "emergencyId";

  /** A successful write's integration event (ADR 35): type and ids; present only there. */
  public static final String INTEGRATION = "integration";

  /** The key id of {@link #RECORD_DIGEST}. */
  public static final String RECORD_DIGEST_KEY = "recordDigestKid";

  /**
   * Fields the format 2 hash covers after {@link #FIELDS} when an event has them, name and value:
   * links without them hash as before, and removing them from a link breaks it.
   */
  static final List<String> OPTIONAL_FIELDS =
      List.of(RECORD_DIGEST, RECORD_DIGEST_KEY, EMERGENCY, INTEGRATION);

  private ChainLinks() {}

  /**
   * Seals {@code event} after {@code prevHash} in the current format with {@code key}: sets its
   * format, key id and hash; returns the hash.
   */
  static String seal(ChainKey key, String prevHash, Document event) {
    event.put(VERSION, CURRENT);
    event.put(KEY_ID, key.id());
    String hash = hash(key, prevHash, event);
    event.put(HASH, hash);
    return hash;
  }

  /** The format 2 hash of {@code event} following {@code prevHash}. */
  static String hash(ChainKey key, String prevHash, Document event) {
    Canonical form = new Canonical("phi-records audit link 2").add(prevHash).add(key.id());
    for (String field : FIELDS) {
      form.add(field).add(event.get(field));
    }
    for (String field : OPTIONAL_FIELDS) {
      if (event.containsKey(field)) {
        form.add(field).add(event.get(field));
      }
    }
    return key.seal(form.bytes());
  }

  /** The format 1 hash of {@code event} following {@code prevHash} (links written before). */
  static String legacyHash(ChainKey key, String prevHash, Document event) {
    StringBuilder text = new StringBuilder(prevHash).append('\n');
    for (String field : FIELDS) {
      text.append(field).append('=');
      appendLegacy(text, event.get(field));
      text.append('\u001f');
    }
    return key.seal(text.toString());
  }

  private static void appendLegacy(StringBuilder text, Object value) {
    if (value == null) {
      text.append('\u0000');
    } else if (value instanceof Date date) {
      text.append(date.getTime());
    } else if (value instanceof Number number) {
      text.append(number.longValue());
    } else if (value instanceof List<?> list) {
      text.append('[');
      for (Object item : list) {
        appendLegacy(text, item);
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

  /** The key id a stored head, anchor or format 1 link names: absent means the default key. */
  static String keyIdOf(Document doc) {
    return doc.get(KEY_ID) instanceof String id ? id : ChainKey.DEFAULT_ID;
  }
}
