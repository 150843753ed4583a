package org.phirecords.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.phirecords.it.support.Http.Reply;

/**
 * Links patient users to records the way the module requires (ADR 17): a physician's one-time
 * invitation, redeemed by the patient's own token. A token's patient claim alone reaches nothing.
 */
public final class Links {
  private Links() {}

  /** A one-time invitation code for {@code patientId}, as {@code physician} gets it. */
  public static String invitation(Http http, String physician, String patientId) {
    Reply invited =
        http.call("POST", "api/patients/" + patientId + "/invitations", physician).send();
    assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
    return invited.json().getString("code");
  }

  /** Links the user of {@code patientToken} to {@code patientId}, invited by {@code physician}. */
  public static void link(Http http, String physician, String patientToken, String patientId) {
    Reply linked =
        http.call("POST", "api/portal/link", patientToken)
            .json("{\"code\":\"" + invitation(http, physician, patientId) + "\"}")
            .send();
    assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
    assertThat(linked.json().getString("patientId")).isEqualTo(patientId);
  }

  /** A token of a new patient user of {@code tenant}, linked to {@code patientId}. */
  public static String linkedPatient(Http http, String tenant, String patientId) {
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    String patient =
        Tokens.of(Tokens.subject("patient"), "patient").tenant(tenant).patient(patientId).sign();
    link(http, physician, patient, patientId);
    return patient;
  }
}
