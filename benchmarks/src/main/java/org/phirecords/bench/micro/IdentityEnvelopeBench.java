package org.phirecords.bench.micro;

import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.TenantId;

/**
 * One patient's identity sealed and opened field by field, as the module does, against the
 * alternative issue 24 names (ADR 31, way 5): the randomly encrypted fields in one envelope, the
 * three lookup fields still deterministic on their own. What an envelope would save per create and
 * per read, to weigh against a request's CPU.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IdentityEnvelopeBench {
  private static final TenantId TENANT = new TenantId("bench-tenant");
  private StoreFixture fixture;
  private Document patient;
  private Document sealed;
  private BsonValue envelope;

  /** The tenant's data key, one synthetic patient's identity, and both sealed forms of it. */
  @Setup
  public void setUp() {
    fixture = new StoreFixture();
    fixture.cipher.ensureDataKey(TENANT);
    patient =
        new Document("mrn", "MRN-0047110815")
            .append("memberId", "MBR-88120034")
            .append("givenName", "Synthetic-Given")
            .append("familyName", "Synthetic-Family-4711")
            .append("birthDate", "1961-04-17")
            .append("ssn", "900-55-1234")
            .append("address", "12 Example Street, Springfield, IL 62701")
            .append("phone", "+1-555-0100-4711")
            .append("email", "synthetic.person@example.org")
            .append("sex", "female");
    sealed = fixture.protection.seal(TENANT, patient);
    envelope = fixture.cipher.random(TENANT, randomFields());
  }

  /** Closes the cipher and the store. */
  @TearDown
  public void tearDown() {
    fixture.close();
  }

  private BsonDocument randomFields() {
    BsonDocument fields = new BsonDocument();
    for (String field : IdentityProtection.RANDOM) {
      fields.put(field, new BsonString(patient.getString(field)));
    }
    return fields;
  }

  /** Today: each of the ten protected fields encrypted on its own (a create). */
  @Benchmark
  public Document sealFieldByField() {
    return fixture.protection.seal(TENANT, patient);
  }

  /** The alternative: three lookup fields on their own, the seven others in one envelope. */
  @Benchmark
  public Object sealAsEnvelope() {
    return new Object[] {
      fixture.cipher.deterministic(TENANT, new BsonString(patient.getString("mrn"))),
      fixture.cipher.deterministic(TENANT, new BsonString(patient.getString("memberId"))),
      fixture.cipher.deterministic(TENANT, new BsonString("synthetic-family-4711|1961-04-17")),
      fixture.cipher.random(TENANT, randomFields())
    };
  }

  /** Today: every protected field decrypted on its own (a read). */
  @Benchmark
  public Document openFieldByField() {
    return fixture.protection.open(TENANT, sealed);
  }

  /** The alternative: the envelope and the two lookup fields a read shows. */
  @Benchmark
  public Object openEnvelope() {
    return new Object[] {
      fixture.cipher.decrypt(TENANT, sealed.get("mrn", BsonValue.class)),
      fixture.cipher.decrypt(TENANT, sealed.get("memberId", BsonValue.class)),
      fixture.cipher.decrypt(TENANT, envelope)
    };
  }
}
