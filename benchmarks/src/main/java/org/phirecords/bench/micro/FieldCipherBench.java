package org.phirecords.bench.micro;

import java.util.concurrent.TimeUnit;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.TenantId;

/**
 * Client-side field-level encryption of one identifier (libmongocrypt through the driver, the
 * tenant's data key cached as in production), and its baseline: copying the plaintext value.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FieldCipherBench {
  private static final TenantId TENANT = new TenantId("bench-tenant");
  private final BsonValue value = new BsonString("Synthetic-Family-4711");
  private StoreFixture fixture;
  private BsonValue randomCiphertext;

  /** Creates the tenant's data key and one ciphertext to decrypt. */
  @Setup
  public void setUp() {
    fixture = new StoreFixture();
    fixture.cipher.ensureDataKey(TENANT);
    randomCiphertext = fixture.cipher.random(TENANT, value);
  }

  /** Closes the cipher and the store. */
  @TearDown
  public void tearDown() {
    fixture.close();
  }

  /** Baseline: the value as a thin layer would store it. */
  @Benchmark
  public BsonValue plaintextCopy() {
    return new BsonString(value.asString().getValue());
  }

  /** Deterministic encryption (lookup fields: MRN, member id, family name + birth date). */
  @Benchmark
  public BsonValue encryptDeterministic() {
    return fixture.cipher.deterministic(TENANT, value);
  }

  /** Randomised encryption (every other identifier). */
  @Benchmark
  public BsonValue encryptRandom() {
    return fixture.cipher.random(TENANT, value);
  }

  /** Decryption, with the check that the key belongs to the tenant. */
  @Benchmark
  public BsonValue decrypt() {
    return fixture.cipher.decrypt(TENANT, randomCiphertext);
  }
}
