package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.phirecords.it.support.Http;
import org.phirecords.it.support.Http.Reply;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/**
 * An EHR vendor's own WAR, the embedding-example module as built by the reactor (not records-web),
 * with records-api and records-impl as libraries: injection, tenant scope, interceptors and audit
 * all come along.
 */
@ExtendWith({Stores.class, ArquillianExtension.class})
class EmbeddingIT {
  @Deployment(testable = false)
  static WebArchive vendorWar() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("it.wars"), "ehr-sample.war"));
  }

  @ArquillianResource URL base;

  @Test
  void injectedServicesAreScopedAuthorizedAndAudited() {
    Seed.tenant("it-tenant-a");
    Seed.tenant("it-tenant-b");
    Http http = new Http(base);
    String physicianSubject = Tokens.subject("physician");
    String physician = Tokens.of(physicianSubject, "physician").tenant("it-tenant-a").sign();

    Reply opened =
        http.call("POST", "ehr/charts", physician)
            .json(
                "{\"mrn\":\"EHR-"
                    + System.nanoTime() % 1_000_000
                    + "\",\"givenName\":\"Sample\",\"familyName\":\"Vendorpatient\","
                    + "\"birthDate\":\"1980-05-06\"}")
            .send();
    assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
    String patientId = opened.json().getString("patientId");

    Reply chart = http.get("ehr/charts/" + patientId, physician).send();
    assertThat(chart.status()).as(chart.toString()).isEqualTo(200);
    assertThat(chart.json().getString("familyName")).isEqualTo("Vendorpatient");
    assertThat(chart.json().getInt("entries")).isEqualTo(1);

    // No token: the module finds no caller and refuses; the vendor's mapper answers its code.
    Reply anonymous = http.get("ehr/charts/" + patientId, null).send();
    assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
    assertThat(anonymous.json().getString("code")).isEqualTo("PHR-401-01");

    String billingSubject = Tokens.subject("billing");
    Reply billing =
        http.get(
                "ehr/charts/" + patientId,
                Tokens.of(billingSubject, "billing").tenant("it-tenant-a").sign())
            .send();
    assertThat(billing.status()).isEqualTo(403);
    assertThat(billing.json().getString("code")).isEqualTo("PHR-403-01");

    Reply otherTenant =
        http.get(
                "ehr/charts/" + patientId,
                Tokens.of(Tokens.subject("physician"), "physician").tenant("it-tenant-b").sign())
            .send();
    assertThat(otherTenant.status()).isEqualTo(404);

    assertThat(Seed.auditOf(physicianSubject))
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsExactly(
            "PatientDirectory.create:SUCCESS",
            "ClinicalRecords.create:SUCCESS",
            "PatientDirectory.get:SUCCESS",
            "ClinicalRecords.listByPatient:SUCCESS");
    // The vendor's observers heard of both writes once each, once they were durable (ADR 35).
    java.util.List<String> heard = java.util.List.of();
    for (int i = 0; i < 50 && heard.size() < 4; i++) {
      Reply feed = http.get("ehr/charts/" + patientId + "/feed", physician).send();
      assertThat(feed.status()).as(feed.toString()).isEqualTo(200);
      heard =
          feed.body().isBlank()
              ? java.util.List.of()
              : jakarta.json.Json.createReader(new java.io.StringReader(feed.body()))
                  .readArray()
                  .getValuesAs(jakarta.json.JsonString.class)
                  .stream()
                  .map(jakarta.json.JsonString::getString)
                  .toList();
      if (heard.size() < 4) {
        sleep(100);
      }
    }
    assertThat(heard).hasSize(4);
    assertThat(heard.subList(0, 2))
        .containsExactly("sync PatientRegistered v1", "sync EntryRecorded v1");
    assertThat(heard.subList(2, 4))
        .containsExactlyInAnyOrder("async PatientRegistered v1", "async EntryRecorded v1");

    assertThat(Seed.auditOf(billingSubject))
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsExactly("PatientDirectory.get:DENIED");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
