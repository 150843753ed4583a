package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.util.Objects;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.phirecords.it.sample.ChartResource;
import org.phirecords.it.sample.SampleApplication;
import org.phirecords.it.sample.SampleErrors;
import org.phirecords.it.support.Http;
import org.phirecords.it.support.Http.Reply;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/**
 * An EHR vendor's own WAR (built here with ShrinkWrap, not records-web) with records-api and
 * records-impl as libraries: injection, tenant scope, interceptors and audit all come along.
 */
@ExtendWith({Stores.class, ArquillianExtension.class})
class EmbeddingIT {
  @Deployment(testable = false)
  static WebArchive vendorWar() {
    File[] libraries =
        Objects.requireNonNull(new File(System.getProperty("it.embed.libs")).listFiles());
    return ShrinkWrap.create(WebArchive.class, "ehr-sample.war")
        .addClasses(SampleApplication.class, ChartResource.class, SampleErrors.class)
        .addAsLibraries(libraries)
        .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
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
    assertThat(Seed.auditOf(billingSubject))
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsExactly("PatientDirectory.get:DENIED");
  }
}
