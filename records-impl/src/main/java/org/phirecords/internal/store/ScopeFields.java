package org.phirecords.internal.store;

import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * The fields only the scoped handle sets: {@code tenantId}, a document's {@code patientId} once
 * written, and a patient's {@link Reach#FIELD} and {@link Reach#CARE_TEAM}. Filters, updates and
 * pipelines that name them are refused.
 */
final class ScopeFields {
  private ScopeFields() {}

  static void reject(Bson bson, String what, boolean patientToo) {
    reject(bson.toBsonDocument(), what, patientToo);
  }

  static void reject(BsonDocument rendered, String what, boolean patientToo) {
    if (mentions(rendered, patientToo)) {
      throw new TenantScopeViolation(
          what
              + " must not name "
              + TenantScopedCollection.TENANT
              + " or change "
              + TenantScopedCollection.PATIENT);
    }
  }

  private static boolean mentions(BsonValue value, boolean patientToo) {
    if (value instanceof BsonDocument doc) {
      for (Map.Entry<String, BsonValue> e : doc.entrySet()) {
        String key = e.getKey();
        if (patientToo && key.equals("$rename")) {
          return true; // a rename could move a value onto tenantId or patientId
        }
        if (key.equals(TenantScopedCollection.TENANT)
            || key.startsWith(TenantScopedCollection.TENANT + ".")
            || key.equals(Reach.FIELD)
            || key.startsWith(Reach.FIELD + ".")
            || key.equals(Reach.CARE_TEAM)
            || key.startsWith(Reach.CARE_TEAM + ".")) {
          return true;
        }
        if (patientToo
            && (key.equals(TenantScopedCollection.PATIENT)
                || key.startsWith(TenantScopedCollection.PATIENT + "."))) {
          return true;
        }
        if (mentions(e.getValue(), patientToo)) {
          return true;
        }
      }
    } else if (value instanceof BsonArray array) {
      for (BsonValue v : array) {
        if (mentions(v, patientToo)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Adds the conditions of {@code filter} to {@code target}; false when a field would repeat. */
  static boolean mergeInto(BsonDocument target, BsonDocument filter) {
    for (Map.Entry<String, BsonValue> e : filter.entrySet()) {
      if (e.getKey().equals("$and")
          && e.getValue().isArray()
          && e.getValue().asArray().stream().allMatch(BsonValue::isDocument)) {
        for (BsonValue part : e.getValue().asArray()) {
          if (!mergeInto(target, part.asDocument())) {
            return false;
          }
        }
      } else if (target.containsKey(e.getKey())) {
        // The same plain value twice says it once (an owner's handle asked for its own patient);
        // anything else is kept as two conditions.
        if (!e.getValue().equals(target.get(e.getKey())) || e.getValue().isDocument()) {
          return false;
        }
      } else {
        target.put(e.getKey(), e.getValue());
      }
    }
    return true;
  }
}
