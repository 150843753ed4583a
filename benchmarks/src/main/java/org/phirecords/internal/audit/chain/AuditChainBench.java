package org.phirecords.internal.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ChainVerification;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;

/**
 * The audit chain's own costs: sealing one event (HMAC-SHA256 over its canonical fields) against a
 * plain SHA-256 of the same fields, and verifying a stored chain of {@code events} events against a
 * plain sorted scan of the same documents. In this package because the link hash is internal.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuditChainBench {
  private static final String CHAIN = "bench-tenant";

  /** Length of the stored chain that the verification benchmarks read. */
  @Param({"20000"})
  public int events;

  private final Document event =
      new Document("tenantId", CHAIN)
          .append("seq", 41L)
          .append("occurredAt", new Date(1_780_000_000_000L))
          .append("subject", "user-physician")
          .append("roles", java.util.List.of("physician"))
          .append("action", "READ")
          .append("resourceType", "PATIENT")
          .append("resourceId", "AAAAAAAAAAAAAAAAAAAAAA")
          .append("patientId", "AAAAAAAAAAAAAAAAAAAAAA")
          .append("outcome", "SUCCESS")
          .append("purposeOfUse", "TREAT")
          .append("clientAddress", "127.0.0.1")
          .append("operation", "PatientDirectory.get")
          .append("resultCount", 1);

  private final String previous = ChainLinks.GENESIS;
  private StoreFixture fixture;
  private AuditChainVerifier verifier;

  /** Writes the chain once through the module's trail, as requests would. */
  @Setup(Level.Trial)
  public void setUp() {
    fixture = new StoreFixture();
    Caller caller = StoreFixture.staff(CHAIN, Role.PHYSICIAN);
    for (int i = 0; i < events; i++) {
      fixture.audit.record(
          caller,
          AuditAction.READ,
          ResourceType.PATIENT,
          "r" + i,
          "p" + (i % 97),
          AuditOutcome.SUCCESS,
          "Bench.read",
          1);
    }
    verifier = fixture.audit.verifier();
  }

  /** Closes the store. */
  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  /** Baseline: SHA-256 of the same canonical text, without a key. */
  @Benchmark
  public byte[] plainDigestOfEvent() throws NoSuchAlgorithmException {
    StringBuilder text = new StringBuilder(previous).append('\n');
    for (String field : ChainLinks.FIELDS) {
      text.append(field).append('=').append(event.get(field)).append('\u001f');
    }
    return MessageDigest.getInstance("SHA-256")
        .digest(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The link hash of one event. */
  @Benchmark
  public String sealEvent() {
    return ChainLinks.hash(StoreFixture.CHAIN_KEY, previous, event);
  }

  /** Baseline: reading the whole chain in order, checking nothing. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long scanChain() {
    long n = 0;
    for (Document ignored :
        fixture
            .collections
            .auditLog()
            .find(new Document(ChainLinks.CHAIN, CHAIN))
            .sort(new Document(ChainLinks.SEQ, 1))
            .batchSize(1000)) {
      n++;
    }
    return require(n);
  }

  /** Verifying the whole chain (every link, the sealed head). */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long verifyChain() {
    ChainVerification result = verifier.verify(CHAIN, null, null);
    if (!result.valid()) {
      throw new IllegalStateException("benchmark chain does not verify: " + result.problem());
    }
    return require(result.checked());
  }

  private long require(long n) {
    if (n != events) {
      throw new IllegalStateException("expected " + events + " events, saw " + n);
    }
    return n;
  }
}
