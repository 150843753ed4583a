package org.phirecords.internal.audit.chain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.audit.ChainVerification;
import org.phirecords.internal.testing.StoreFixture;

/** The canonical form of a link is injective; links of the first format still verify. */
class ChainLinksTest {
  private static final ChainKey KEY = StoreFixture.CHAIN_KEY;
  private final StoreFixture fixture = new StoreFixture();
  private final MongoCollection<Document> log = fixture.collections.auditLog();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void eventsThatSharedAFormatOneHashDifferInFormatTwo() {
    // A separator inside a value reads as the next field in format 1: the resource id swallows
    // the patient id, or the patient id holds what follows it.
    Document swallowing =
        event(1).append("resourceId", "r\u001fpatientId=p").append("patientId", null);
    Document holding =
        event(1).append("resourceId", "r").append("patientId", "p\u001fpatientId=\u0000");
    // Null and the character U+0000 were one in format 1; a number and its digits too.
    Document absent = event(1).append("patientId", null);
    Document nul = event(1).append("patientId", "\u0000");
    Document count = event(1).append("resultCount", 12);
    Document digits = event(1).append("resultCount", "12");
    for (Document[] pair :
        List.of(
            new Document[] {swallowing, holding},
            new Document[] {absent, nul},
            new Document[] {count, digits})) {
      assertThat(ChainLinks.legacyHash(KEY, ChainLinks.GENESIS, pair[0]))
          .isEqualTo(ChainLinks.legacyHash(KEY, ChainLinks.GENESIS, pair[1]));
      assertThat(ChainLinks.hash(KEY, ChainLinks.GENESIS, pair[0]))
          .isNotEqualTo(ChainLinks.hash(KEY, ChainLinks.GENESIS, pair[1]));
    }
  }

  @Test
  void aChainStartedInFormatOneAndContinuedInFormatTwoVerifies() {
    String prev = ChainLinks.GENESIS;
    for (long seq = 1; seq <= 3; seq++) {
      Document old = event(seq).append("prevHash", prev);
      prev = ChainLinks.legacyHash(KEY, prev, old);
      log.insertOne(old.append("hash", prev));
    }
    // The head as it was written then: no key id.
    fixture
        .collections
        .auditHeads()
        .insertOne(
            new Document("_id", "tenant-a")
                .append("seq", 3L)
                .append("hash", prev)
                .append("mac", ChainLinks.headMac(KEY, "tenant-a", 3, prev)));
    ChainTests.record(fixture.audit, 3);
    Document newest = log.find(and(eq("tenantId", "tenant-a"), eq("seq", 6L))).first();
    assertThat(newest.get("v")).isEqualTo(2);
    assertThat(newest.get("kid")).isEqualTo(ChainKey.DEFAULT_ID);
    ChainVerification result = verify();
    assertThat(result.valid()).as(result.toString()).isTrue();
    assertThat(result.checked()).isEqualTo(6);

    // A format 2 link passed off as format 1 (or as a format nobody writes) no longer holds.
    log.updateOne(and(eq("tenantId", "tenant-a"), eq("seq", 5L)), Updates.unset("v"));
    assertThat(verify())
        .extracting(ChainVerification::problem, ChainVerification::brokenAt)
        .containsExactly("ALTERED", 5L);
    log.updateOne(and(eq("tenantId", "tenant-a"), eq("seq", 5L)), Updates.set("v", 3));
    assertThat(verify().problem()).isEqualTo("ALTERED");
  }

  private ChainVerification verify() {
    return fixture.audit.verifier().verify("tenant-a", null, null);
  }

  private static Document event(long seq) {
    return new Document("_id", "e" + seq)
        .append("tenantId", "tenant-a")
        .append("seq", seq)
        .append("occurredAt", new Date(1_700_000_000_000L + seq))
        .append("subject", "someone")
        .append("roles", List.of("PHYSICIAN"))
        .append("action", "READ")
        .append("resourceType", "PATIENT")
        .append("resourceId", "r" + seq)
        .append("patientId", null)
        .append("outcome", "SUCCESS")
        .append("purposeOfUse", "TREAT")
        .append("clientAddress", "127.0.0.1")
        .append("operation", "Test.read")
        .append("resultCount", 1);
  }
}
