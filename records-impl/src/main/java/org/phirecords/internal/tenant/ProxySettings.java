package org.phirecords.internal.tenant;

import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.TenantId;

/**
 * A tenant's age of majority for personal representatives (ADR 46), stored in its registry entry as
 * {@code proxyAccess: {ageOfMajority}}: a parent's grant for a minor ends on the minor's birthday
 * of that age. 18 until set; an unreadable value reads as the lowest allowed, ending parents'
 * access soonest (fails closed).
 */
public final class ProxySettings {
  /** The registry field. */
  static final String FIELD = "proxyAccess";

  /** The age of majority unless the tenant sets one. */
  public static final int DEFAULT_AGE = 18;

  /** The lowest age a tenant may set. */
  public static final int MIN_AGE = 14;

  /** The highest age a tenant may set. */
  public static final int MAX_AGE = 21;

  private final TenantRepository registry;

  /** The settings in the registry of {@code collections}. */
  public ProxySettings(TenantCollections collections) {
    this.registry = new TenantRepository(collections);
  }

  /** {@code tenant}'s age of majority. */
  public int ageOfMajority(TenantId tenant) {
    return registry
        .fields(tenant, List.of(FIELD))
        .flatMap(d -> Optional.ofNullable(d.get(FIELD)))
        .map(
            v ->
                v instanceof Document d
                        && d.get("ageOfMajority") instanceof Integer age
                        && age >= MIN_AGE
                        && age <= MAX_AGE
                    ? age
                    : MIN_AGE)
        .orElse(DEFAULT_AGE);
  }

  static Document stored(int ageOfMajority) {
    return new Document("ageOfMajority", ageOfMajority);
  }
}
