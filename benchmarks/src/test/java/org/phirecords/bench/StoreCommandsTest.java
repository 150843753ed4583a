package org.phirecords.bench;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.meter.CommandKind;

/** The module's store command metrics as Payara prints them, read back and taken apart. */
class StoreCommandsTest {
  private static final String METRICS =
      """
      # TYPE phi_records_store_commands gauge
      phi_records_store_commands{collection="patients",kind="read",mp_app="records-web",mp_scope="application"} 10.0
      phi_records_store_commands{collection="patients",kind="read",mp_app="tenant-admin",mp_scope="application"} 2.0
      phi_records_store_commands{collection="audit_events",kind="write",mp_scope="application"} 7
      phi_records_store_request_commands{kind="read",mp_scope="application"} 9.0
      phi_records_store_requests{mp_scope="application"} 4.0
      phi_records_store_request_sequential_writes{mp_scope="application"} 6.0
      phi_records_store_request_shared_writes{mp_scope="application"} 2.0
      phi_records_emergency_access_declarations_total{reason="OTHER",mp_scope="application"} 1.0
      """;

  @Test
  void everyApplicationsLinesAreSummedByCollectionAndKind() {
    StoreCommands c = StoreCommands.parse(METRICS);

    assertThat(c.byCollection().get("patients")[CommandKind.READ.ordinal()]).isEqualTo(12);
    assertThat(c.commands(CommandKind.WRITE)).isEqualTo(7);
    assertThat(c.requests()).isEqualTo(4);
    assertThat(c.sequentialWrites()).isEqualTo(6);
    assertThat(c.sharedWrites()).isEqualTo(2);
  }

  @Test
  void aPeriodsFiguresAreTheDifferenceOverItsOperations() {
    StoreCommands before = new StoreCommands(Map.of("patients", new long[] {2, 0, 0}), 1, 1, 0);
    StoreCommands after =
        new StoreCommands(
            Map.of("patients", new long[] {12, 0, 1}, "audit_events", new long[] {0, 10, 0}),
            11,
            21,
            8);

    JsonObject perOperation = after.minus(before).perOperation(5).build();

    assertThat(
            perOperation
                .getJsonObject("storeCommandsPerOperation")
                .getJsonNumber("reads")
                .doubleValue())
        .isEqualTo(2.0);
    assertThat(
            perOperation
                .getJsonObject("storeCommandsPerOperation")
                .getJsonNumber("writes")
                .doubleValue())
        .isEqualTo(2.0);
    assertThat(perOperation.getJsonNumber("requestsPerOperation").doubleValue()).isEqualTo(2.0);
    assertThat(perOperation.getJsonNumber("sequentialAcknowledgedWritesPerOperation").doubleValue())
        .isEqualTo(4.0);
    assertThat(perOperation.getJsonNumber("sharedSequentialWritesPerOperation").doubleValue())
        .isEqualTo(1.6);
    assertThat(perOperation.getJsonObject("storeCommandsPerOperationByCollection"))
        .containsOnlyKeys("patients", "audit_events");
  }
}
