package org.phirecords.internal.audit.chain;

import java.net.InetSocketAddress;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.security.Role;

/** What the audit chain tests share: events of tenant-a's chain, the audit store's address. */
final class ChainTests {
  private ChainTests() {}

  /** Records {@code n} reads of a physician of tenant-a in {@code trail}, one batch each. */
  static void record(AuditTrail trail, int n) {
    for (int i = 0; i < n; i++) {
      trail.record(
          StoreFixture.staff("tenant-a", Role.PHYSICIAN),
          AuditAction.READ,
          ResourceType.PATIENT,
          "r" + i,
          null,
          AuditOutcome.SUCCESS,
          "Test.read",
          1);
    }
  }

  /** The connection string of {@code fixture}'s audit store, for the command line. */
  static String auditUri(StoreFixture fixture) {
    InetSocketAddress address = fixture.auditServer.getLocalAddress();
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }
}
