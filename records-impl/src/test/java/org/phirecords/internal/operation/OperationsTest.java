package org.phirecords.internal.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.security.Role;

class OperationsTest {
  private final StoreFixture fixture = new StoreFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  /** A service whose operations report what they run in. */
  public static class Probe {
    private final Operations operations;

    public Probe(Operations operations) {
      this.operations = operations;
    }

    @RequiresPermission(Permission.CLINICAL_READ)
    public Operation read() {
      return operations.current();
    }

    @RequiresPermission(Permission.PATIENT_UPDATE)
    public Operation[] updateThenRead(Probe through) {
      Operation outer = operations.current();
      Operation inner = through.read();
      return new Operation[] {outer, inner, operations.current()};
    }
  }

  @Test
  void theInterceptorOpensTheOperationTheServiceRunsIn() {
    Caller physician = StoreFixture.staff("tenant-a", Role.PHYSICIAN);
    fixture.actAs(physician);
    Probe probe = fixture.intercepted(new Probe(fixture.operations));
    Operation seen = probe.read();
    assertThat(seen.caller()).isEqualTo(physician);
    assertThat(seen.permission()).isEqualTo(Permission.CLINICAL_READ);
    assertThat(seen.name()).isEqualTo("Probe.read");
    assertThatThrownBy(fixture.operations::current)
        .as("closed once the call returned")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void nestedCallsStackTheirOperationsAndRestoreTheOuterOne() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Probe probe = fixture.intercepted(new Probe(fixture.operations));
    Operation[] seen = probe.updateThenRead(probe);
    assertThat(seen[0].permission()).isEqualTo(Permission.PATIENT_UPDATE);
    assertThat(seen[1].permission()).isEqualTo(Permission.CLINICAL_READ);
    assertThat(seen[2]).isSameAs(seen[0]);
  }

  @Test
  void aServiceReachedAroundTheInterceptorFailsClosed() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    assertThatThrownBy(() -> new Probe(fixture.operations).read())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRefusedCallOpensNoOperation() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.BILLING));
    Probe probe = fixture.intercepted(new Probe(fixture.operations));
    assertThatThrownBy(probe::read).isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(fixture.operations::current).isInstanceOf(IllegalStateException.class);
  }
}
