package org.phirecords.internal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Invitation;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;
import org.phirecords.service.PatientLinks;

class MongoPatientLinksTest {
  private static final String IDP = "https://idp.test";
  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoPatientLinks plain =
      new MongoPatientLinks(fixture.operations, new RecordsConfig(new MapConfig()));
  private final PatientLinks links = fixture.intercepted(plain);

  @AfterEach
  void close() {
    fixture.close();
  }

  /** A patient user of {@code tenant} whose token claims {@code claimed} (the claim counts not). */
  private static Caller user(String tenant, String subject, PatientId claimed) {
    return new Caller(
        subject,
        Optional.of(new TenantId(tenant)),
        Set.of(Role.PATIENT),
        Optional.ofNullable(claimed),
        PurposeOfUse.PATIENT_REQUEST,
        "127.0.0.1",
        IDP);
  }

  private PatientId registered(String tenant) {
    fixture.actAs(StoreFixture.staff(tenant, Role.PHYSICIAN));
    return directory.create(People.synthetic()).id();
  }

  private Invitation invite(String tenant, PatientId patient) {
    fixture.actAs(StoreFixture.staff(tenant, Role.PHYSICIAN));
    return links.invite(patient);
  }

  private static ErrorCode code(Runnable call) {
    try {
      call.run();
    } catch (RecordsException e) {
      return e.errorCode();
    }
    throw new AssertionError("not refused");
  }

  private List<Document> all(String database, String collection) {
    if (database.equals("audit")) {
      return fixture.collections.auditLog().find().into(new ArrayList<>());
    }
    try (var client = com.mongodb.client.MongoClients.create(fixture.dataUri)) {
      return client
          .getDatabase("phi_identity")
          .getCollection(collection)
          .find()
          .into(new ArrayList<>());
    }
  }

  @Test
  void aRedeemedInvitationLinksTheUserToTheRecordAndEveryStepIsAuditedWithIdsOnly() {
    PatientId patient = registered("tenant-a");
    Invitation invitation = invite("tenant-a", patient);
    assertThat(invitation.code()).matches("([A-Z2-7]{4}-){7}[A-Z2-7]{4}");
    assertThat(invitation.toString()).doesNotContain(invitation.code());

    fixture.actAsUnlinked(user("tenant-a", "sub-1", null));
    assertThatThrownBy(() -> directory.get(patient))
        .isInstanceOf(AccessDeniedException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.PATIENT_NOT_LINKED);
    assertThat(links.ownLink()).isEmpty();
    // Typed in lower case with spaces, as a person might.
    assertThat(links.redeem(invitation.code().toLowerCase().replace('-', ' '))).isEqualTo(patient);
    assertThat(links.ownLink()).contains(patient);
    assertThat(directory.get(patient).id()).isEqualTo(patient);

    // The store holds the code's hash only; the audit trail ids only.
    String stored = all("identity", "patient_invitations").toString();
    String compact = invitation.code().replace("-", "");
    assertThat(stored).doesNotContain(compact).contains(InvitationCodes.hash(compact));
    List<Document> events = all("audit", "audit_events");
    assertThat(events.toString()).doesNotContain(compact).doesNotContain(invitation.code());
    assertThat(events)
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsSubsequence(
            "PatientLinks.invite:SUCCESS",
            "PatientLinks.redeem:INTENDED",
            "PatientLinks.redeem:SUCCESS",
            "PatientDirectory.get:SUCCESS");
  }

  @Test
  void aPatientIdClaimWithoutALinkReachesNoRecord() {
    PatientId mine = registered("tenant-a");
    PatientId other = registered("tenant-a");
    // The token names a record, but the module linked none: nothing is reached.
    fixture.actAsUnlinked(user("tenant-a", "sub-2", other));
    assertThat(code(() -> directory.get(other))).isEqualTo(ErrorCode.PATIENT_NOT_LINKED);

    Invitation invitation = invite("tenant-a", mine);
    fixture.actAsUnlinked(user("tenant-a", "sub-2", other));
    links.redeem(invitation.code());
    // Linked to one record, still naming another in the claim: that one is not found.
    assertThatThrownBy(() -> directory.get(other)).isInstanceOf(NotFoundException.class);
    assertThat(directory.get(mine).id()).isEqualTo(mine);
    // The same subject of another issuer, or in another tenant, is another user: not linked.
    fixture.actAsUnlinked(
        new Caller(
            "sub-2",
            Optional.of(new TenantId("tenant-a")),
            Set.of(Role.PATIENT),
            Optional.of(mine),
            PurposeOfUse.PATIENT_REQUEST,
            "127.0.0.1",
            "https://other-idp.test"));
    assertThat(code(() -> directory.get(mine))).isEqualTo(ErrorCode.PATIENT_NOT_LINKED);
    fixture.actAsUnlinked(user("tenant-b", "sub-2", mine));
    assertThat(code(() -> directory.get(mine))).isEqualTo(ErrorCode.PATIENT_NOT_LINKED);
  }

  @Test
  void aCodeIsSingleUseExpiresAndFailuresAreLimited() {
    PatientId patient = registered("tenant-a");
    Invitation used = invite("tenant-a", patient);
    fixture.actAsUnlinked(user("tenant-a", "sub-3", null));
    links.redeem(used.code());
    fixture.actAsUnlinked(user("tenant-a", "sub-4", null));
    assertThat(code(() -> links.redeem(used.code()))).isEqualTo(ErrorCode.INVITATION_INVALID);

    Invitation expiring = invite("tenant-a", patient);
    PatientLinks later =
        fixture.intercepted(
            plain.withClock(Clock.fixed(Instant.now().plus(Duration.ofHours(73)), ZoneOffset.UTC)));
    fixture.actAsUnlinked(user("tenant-a", "sub-5", null));
    assertThat(code(() -> later.redeem(expiring.code()))).isEqualTo(ErrorCode.INVITATION_INVALID);
    // An invitation of another tenant is no code here.
    Invitation elsewhere = invite("tenant-b", registered("tenant-b"));
    fixture.actAsUnlinked(user("tenant-a", "sub-5", null));
    assertThat(code(() -> links.redeem(elsewhere.code()))).isEqualTo(ErrorCode.INVITATION_INVALID);

    Invitation good = invite("tenant-a", patient);
    fixture.actAsUnlinked(user("tenant-a", "sub-6", null));
    for (int i = 0; i < RedemptionAttempts.MAX_FAILURES; i++) {
      assertThat(code(() -> links.redeem("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")))
          .isEqualTo(ErrorCode.INVITATION_INVALID);
    }
    assertThat(code(() -> links.redeem(good.code()))).isEqualTo(ErrorCode.TOO_MANY_ATTEMPTS);
    assertThat(ErrorCode.TOO_MANY_ATTEMPTS.httpStatus()).isEqualTo(429);
    assertThat(links.ownLink()).isEmpty();
    assertThat(all("audit", "audit_events"))
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .contains("PatientLinks.redeem:DENIED");
  }

  @Test
  void unlinkingEndsAccessAtOnceAndWithdrawsOpenInvitations() {
    PatientId patient = registered("tenant-a");
    Invitation first = invite("tenant-a", patient);
    Invitation open = invite("tenant-a", patient);
    fixture.actAsUnlinked(user("tenant-a", "sub-7", null));
    links.redeem(first.code());
    assertThat(directory.get(patient).id()).isEqualTo(patient);

    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    assertThat(links.unlink(patient)).isEqualTo(1);
    fixture.actAsUnlinked(user("tenant-a", "sub-7", null));
    assertThat(code(() -> directory.get(patient))).isEqualTo(ErrorCode.PATIENT_NOT_LINKED);
    // The same user may not link again with the code used before, nor with the open one.
    assertThat(code(() -> links.redeem(first.code()))).isEqualTo(ErrorCode.INVITATION_INVALID);
    assertThat(code(() -> links.redeem(open.code()))).isEqualTo(ErrorCode.INVITATION_INVALID);
    assertThat(all("audit", "audit_events"))
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsSubsequence("PatientLinks.unlink:INTENDED", "PatientLinks.unlink:SUCCESS");
  }

  @Test
  void onlyPhysiciansInviteOrUnlinkAndOnlyWithinTheirTenant() {
    PatientId patient = registered("tenant-a");
    for (Role role : new Role[] {Role.BILLING, Role.PRIVACY_OFFICER, Role.TENANT_ADMIN}) {
      fixture.actAs(StoreFixture.staff("tenant-a", role));
      assertThat(code(() -> links.invite(patient))).isEqualTo(ErrorCode.ACCESS_DENIED);
      assertThat(code(() -> links.unlink(patient))).isEqualTo(ErrorCode.ACCESS_DENIED);
    }
    fixture.actAs(StoreFixture.patient("tenant-a", patient));
    assertThat(code(() -> links.invite(patient))).isEqualTo(ErrorCode.ACCESS_DENIED);
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    assertThatThrownBy(() -> links.invite(patient)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> links.unlink(patient)).isInstanceOf(NotFoundException.class);
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    assertThat(code(() -> links.redeem("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")))
        .isEqualTo(ErrorCode.ACCESS_DENIED);
  }
}
