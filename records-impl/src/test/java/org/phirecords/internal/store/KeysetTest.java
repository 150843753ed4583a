package org.phirecords.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import java.time.Instant;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

class KeysetTest {
  private static final Keyset.ByTime NEWEST_FIRST =
      new Keyset.ByTime(
          "at",
          "id",
          false,
          id -> {
            if (!id.matches("[a-z0-9]{4}")) {
              throw new IllegalArgumentException("not an id");
            }
            return id;
          });

  private static BsonDocument bson(Bson b) {
    return b.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
  }

  @Test
  void aPositionReadsBackAsTheTimeAndIdItWasMadeOf() {
    Instant at = Instant.parse("2026-03-01T10:15:30.123Z");
    String position = Keyset.ByTime.position(at, "ab12");

    assertThat(position).isEqualTo(at.toEpochMilli() + "-ab12");
    assertThat(NEWEST_FIRST.checked(position)).isEqualTo(position);
    BsonDocument after = bson(NEWEST_FIRST.after(position));
    assertThat(after.toJson())
        .contains("\"$lte\": {\"$date\": \"2026-03-01T10:15:30.123Z\"}")
        .contains("\"$lt\": \"ab12\"");
    assertThat(bson(NEWEST_FIRST.sort()).toJson()).isEqualTo("{\"at\": -1, \"id\": -1}");
  }

  @Test
  void somethingElseIsNotAPosition() {
    for (String bad : new String[] {"ab12", "x-ab12", "123-AB!2", "123-", ""}) {
      assertThatThrownBy(() -> NEWEST_FIRST.checked(bad))
          .as(bad)
          .isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void ascendingKeysSeekForward() {
    Keyset.ByTime oldestFirst = new Keyset.ByTime("at", "id", true, id -> id);
    String after = bson(oldestFirst.after(Keyset.ByTime.position(Instant.EPOCH, "a"))).toJson();

    assertThat(after).contains("\"$gte\"").contains("\"$gt\": \"a\"");
  }
}
