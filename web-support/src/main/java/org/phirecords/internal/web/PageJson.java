package org.phirecords.internal.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.function.Function;
import org.phirecords.model.Page;

/**
 * The one JSON form of a page of every list (ADR 19): {@code {"items": [...], "next": "..."}},
 * where {@code next} is present exactly when more items follow; pass it as {@code after}.
 */
public final class PageJson {
  private PageJson() {}

  /** {@code page} with each item written by {@code write}. */
  public static <T> JsonObject of(Page<T> page, Function<T, ? extends JsonValue> write) {
    JsonArrayBuilder items = JSON.createArrayBuilder();
    page.items().forEach(i -> items.add(write.apply(i)));
    JsonObjectBuilder b = JSON.createObjectBuilder().add("items", items);
    if (page.nextCursor() != null) {
      b.add("next", page.nextCursor());
    }
    return b.build();
  }
}
