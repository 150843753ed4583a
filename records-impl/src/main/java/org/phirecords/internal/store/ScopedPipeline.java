package org.phirecords.internal.store;

import static com.mongodb.client.model.Filters.and;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The stages of a scoped aggregation (invariant 1): one first {@code $match} holding the tenant
 * scope, the reach below it and the caller's narrower conditions, then only stages that cannot
 * reach other documents (no {@code $lookup}, {@code $unionWith}, {@code $out}, {@code $merge}...),
 * none naming the scope fields.
 */
final class ScopedPipeline {
  private static final Set<String> ALLOWED_STAGES =
      Set.of("$match", "$sort", "$limit", "$skip", "$project", "$group", "$unwind", "$count");

  private ScopedPipeline() {}

  /** {@code scope}, {@code reach} (null: none) and {@code within} first, then {@code pipeline}. */
  static List<Bson> stages(
      Bson scope, BsonDocument reach, Bson within, List<? extends Bson> pipeline) {
    ScopeFields.reject(within, "pipeline", false);
    List<Bson> first = new ArrayList<>();
    first.add(scope);
    if (reach != null) {
      first.add(reach);
    }
    if (!within.toBsonDocument().isEmpty()) {
      first.add(within);
    }
    List<Bson> stages = new ArrayList<>();
    stages.add(new Document("$match", first.size() == 1 ? first.get(0) : and(first)));
    for (Bson stage : pipeline) {
      BsonDocument bson = stage.toBsonDocument();
      for (String name : bson.keySet()) {
        if (!ALLOWED_STAGES.contains(name)) {
          throw new TenantScopeViolation("aggregation stage not allowed: " + name);
        }
      }
      ScopeFields.reject(stage, "pipeline", false);
      stages.add(stage);
    }
    return stages;
  }
}
