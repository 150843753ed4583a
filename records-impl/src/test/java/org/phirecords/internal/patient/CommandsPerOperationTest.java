package org.phirecords.internal.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreCommands;
import org.phirecords.internal.testing.StoreCommands.Command;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.security.Role;

/**
 * The store commands one operation sends, counted with the driver's command listener on the fixture
 * wired as deployed (ADR 31; issue 24's targets): a regression in any count fails here. Heads are
 * moved only when the test settles them, so that each operation's own commands show.
 */
class CommandsPerOperationTest {
  private static final String TENANT = "tenant-count";

  private final StoreFixture fixture = new StoreFixture(Duration.ofHours(1));
  private final MongoPatientDirectory directory = fixture.directory();
  private Patient patient;
  private PatientData data;

  @BeforeEach
  void registerTenantAndWarmUp() {
    fixture
        .collections
        .tenantRegistry()
        .insertOne(new Document("_id", TENANT).append("status", "ACTIVE"));
    fixture.actAs(StoreFixture.staff(TENANT, Role.PHYSICIAN));
    data = People.synthetic();
    patient = directory.create(data);
    // What an instance reads once per lease or per key (standing, access model, data key).
    directory.get(patient.id());
    directory.findByMrn(data.mrn());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  /** The commands {@code operation} sends, after the warm-up. */
  private List<Command> commandsOf(Supplier<?> operation) {
    fixture.commands.reset();
    operation.get();
    return fixture.commands.seen();
  }

  private static long writes(List<Command> commands) {
    return commands.stream().filter(Command::writes).count();
  }

  @Test
  void aReadIsTheDataReadAndOneAuditInsert() {
    List<Command> read = commandsOf(() -> directory.get(patient.id()));
    assertThat(read).as(read.toString()).hasSize(2);
    assertThat(read).extracting(Command::toString).contains("insert audit_events");
    assertThat(writes(read)).as("sequential acknowledged writes").isEqualTo(1);
  }

  @Test
  void aLookupByMrnIsTheDataReadAndOneAuditInsert() {
    List<Command> lookup = commandsOf(() -> directory.findByMrn(data.mrn()));
    assertThat(lookup).as(lookup.toString()).hasSize(2);
    assertThat(writes(lookup)).isEqualTo(1);
  }

  @Test
  void theHeadsOfManyOperationsMoveInOneCommand() {
    fixture.commands.reset();
    for (int i = 0; i < 5; i++) {
      directory.get(patient.id());
    }
    assertThat(fixture.commands.on("audit_chain_heads")).isEmpty();
    fixture.audit.settleHeads();
    assertThat(fixture.commands.on("audit_chain_heads")).hasSize(1);
  }

  @Test
  void aCreateAndAnUpdateCostWhatTheyCostToday() {
    List<Command> create = commandsOf(() -> directory.create(People.synthetic()));
    List<Command> update =
        commandsOf(() -> directory.update(patient.id(), patient.version(), People.synthetic()));
    assertThat(create).as(create.toString()).hasSizeLessThanOrEqualTo(CREATE_COMMANDS);
    assertThat(update).as(update.toString()).hasSizeLessThanOrEqualTo(UPDATE_COMMANDS);
    assertThat(writes(create)).as("no intent's delete on the request path").isLessThanOrEqualTo(5);
    assertThat(writes(update)).isLessThanOrEqualTo(5);
  }

  /**
   * Today's counts (ADR 31): the open intent's insert and claim, both events and the data write;
   * the intent's delete is off the request path. Dropping the intent document would make it 3.
   */
  static final int CREATE_COMMANDS = 5;

  static final int UPDATE_COMMANDS = 5;

  @Test
  void aBatchCostsAFewCommandsWhateverItsSize() {
    // Key vault reads come once per key-cache period (300 ms in the fixture), not per patient.
    List<Command> small =
        commandsOf(() -> directory.createAll(People.synthetic(10))).stream()
            .filter(c -> !c.collection().equals("data_keys"))
            .toList();
    List<Command> large =
        commandsOf(() -> directory.createAll(People.synthetic(500))).stream()
            .filter(c -> !c.collection().equals("data_keys"))
            .toList();
    // The open intent, the INTENDED event, one insert of the patients, the claim, the outcome
    // events (one insert per 256 of them): never a command per patient.
    assertThat(small).as(small.toString()).hasSizeLessThanOrEqualTo(5);
    assertThat(large).as(large.toString()).hasSizeLessThanOrEqualTo(6);
    assertThat(large.stream().filter(c -> c.collection().equals("patients")))
        .extracting(Command::name)
        .containsExactly("insert");
  }

  /** Whether {@link StoreCommands#WRITES} names every write the module sends. */
  @Test
  void everyCommandIsCountedAsAReadOrAWrite() {
    fixture.commands.reset();
    directory.update(patient.id(), patient.version(), People.synthetic());
    assertThat(fixture.commands.seen())
        .extracting(Command::name)
        .allMatch(
            n -> StoreCommands.WRITES.contains(n) || n.equals("find") || n.equals("aggregate"));
  }
}
