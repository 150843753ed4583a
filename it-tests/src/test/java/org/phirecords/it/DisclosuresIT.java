package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.phirecords.it.support.Http;
import org.phirecords.it.support.Http.Reply;
import org.phirecords.it.support.Links;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/**
 * The accounting of disclosures, the PDF copy, directed copies and notices (ADR 47) on Payara
 * Micro, mail sent through Payara's Jakarta Mail to a real SMTP server in this JVM (GreenMail).
 */
@ExtendWith({Stores.class, ArquillianExtension.class})
class DisclosuresIT {
  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(
          new ServerSetup(
              Integer.parseInt(System.getProperty("it.smtp.port")), "127.0.0.1", "smtp"));

  @Deployment(testable = false)
  static WebArchive recordsWeb() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("it.wars"), "records-web.war"));
  }

  @ArquillianResource URL base;
  Http http;
  String tenant;
  String physician;
  String patientId;
  String patient;
  JsonObject identity;

  @BeforeEach
  void setUp() {
    http = new Http(base);
    tenant = "it-discl-" + Long.toString(System.nanoTime(), 36);
    Seed.tenant(tenant);
    physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    Reply created = http.call("POST", "api/patients", physician).json(Seed.patientJson()).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    identity = created.json();
    patientId = identity.getString("id");
    patient = Links.linkedPatient(http, tenant, patientId);
  }

  private String path(String tail) {
    return "api/patients/" + patientId + tail;
  }

  private byte[] download(String tail, String token) throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        java.net.URI.create(
                            (base.toString().endsWith("/") ? base.toString() : base + "/")
                                + path(tail)))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/pdf");
    return r.body();
  }

  private static String text(byte[] pdf) throws Exception {
    try (var doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
    }
  }

  private List<JsonObject> accounting(String query) {
    Reply r = http.call("GET", path("/disclosures" + query), patient).send();
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getJsonArray("items").getValuesAs(JsonObject.class);
  }

  @Test
  void staffAndDirectedCopiesAreInTheAccountingAndTreatmentIsNot() throws Exception {
    assertThat(http.call("GET", path(""), physician).send().status()).isEqualTo(200);
    Reply recorded =
        http.call("POST", path("/disclosures"), physician)
            .json(
                "{\"disclosedAt\":\"2026-01-05T09:00:00Z\",\"recipient\":\"County health"
                    + " department\",\"description\":\"Immunization history\",\"purpose\":"
                    + "\"Required by law\"}")
            .send();
    assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
    assertThat(accounting("")).extracting(d -> d.getString("source")).containsExactly("staff");

    Reply bad =
        http.call("POST", path("/directed-copies"), patient)
            .json("{\"recipient\":\"a@example.org\\r\\nBcc: eve@example.org\"}")
            .send();
    assertThat(bad.problemCode()).isEqualTo("PHR-400-78");
    Reply asked =
        http.call("POST", path("/directed-copies"), patient)
            .json("{\"recipient\":\"new-doctor@example.org\"}")
            .send();
    assertThat(asked.status()).as(asked.toString()).isEqualTo(201);
    assertThat(asked.json().getString("warning")).contains("may not be encrypted");
    assertThat(SMTP.getReceivedMessages()).as("nothing before the confirmation").isEmpty();
    String copy = asked.json().getString("id");

    Reply sent =
        http.call("POST", path("/directed-copies/" + copy + "/confirmation"), patient).send();
    assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
    assertThat(sent.json().getString("sentAt")).isNotBlank();
    // The copy, then the notice that tells the patient it was sent.
    assertThat(SMTP.waitForIncomingEmail(30_000, 2)).isTrue();
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(2);
    List<MimeMessage> toRecipient =
        java.util.Arrays.stream(received)
            .filter(m -> recipients(m).contains("new-doctor@example.org"))
            .toList();
    assertThat(toRecipient).hasSize(1);
    Multipart parts = (Multipart) toRecipient.get(0).getContent();
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("application/pdf");
    assertThat(
            http.call("POST", path("/directed-copies/" + copy + "/confirmation"), patient)
                .send()
                .problemCode())
        .isEqualTo("PHR-409-36");

    assertThat(accounting(""))
        .extracting(d -> d.getString("source"))
        .as("newest first")
        .containsExactly("directed-copy", "staff");
    assertThat(
            http.call("GET", path("/disclosures?since=" + LocalDate.now().minusYears(7)), patient)
                .send()
                .problemCode())
        .isEqualTo("PHR-400-77");
    String document = text(download("/disclosures/document", patient));
    assertThat(document).contains("County health department", "new-doctor@example.org");
  }

  @Test
  void thePdfCopyHoldsEveryEntryOfTheFhirCopy() throws Exception {
    for (String code : List.of("E11.9", "I10", "J45.909")) {
      Reply r =
          http.call("POST", path("/entries"), physician)
              .json(Seed.conditionJson(code, "Synthetic note for " + code))
              .send();
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
    Reply fhir = http.call("GET", path("/export"), patient).send();
    assertThat(fhir.status()).isEqualTo(200);
    String pdf = text(download("/export/pdf", patient));
    List<JsonObject> resources =
        fhir.json().getJsonArray("entry").getValuesAs(JsonObject.class).stream()
            .map(e -> e.getJsonObject("resource"))
            .filter(r -> !"Patient".equals(r.getString("resourceType")))
            .toList();
    assertThat(resources).hasSize(3);
    for (JsonObject r : resources) {
      String code =
          r.getJsonObject("code").getJsonArray("coding").getJsonObject(0).getString("code");
      assertThat(pdf).contains(code, "Synthetic note for " + code);
    }
    assertThat(pdf).contains(identity.getString("familyName"));
  }

  @Test
  void noticesReachThePatientWithoutPhi() throws Exception {
    Reply entry =
        http.call("POST", path("/entries"), physician)
            .json(Seed.conditionJson("E11.9", "Synthetic note"))
            .send();
    Reply requested =
        http.call("POST", path("/amendments"), patient)
            .json(
                "{\"entryId\":\""
                    + entry.json().getString("id")
                    + "\",\"reason\":\"Synthetic reason.\"}")
            .send();
    assertThat(requested.status()).as(requested.toString()).isEqualTo(201);
    Reply denied =
        http.call(
                "POST", "api/amendments/" + requested.json().getString("id") + "/denial", physician)
            .json("{\"reason\":\"Synthetic denial.\"}")
            .send();
    assertThat(denied.status()).as(denied.toString()).isEqualTo(200);
    assertThat(SMTP.waitForIncomingEmail(30_000, 1)).isTrue();
    List<MimeMessage> notices =
        java.util.Arrays.stream(SMTP.getReceivedMessages())
            .filter(m -> recipients(m).contains(identity.getString("email")))
            .toList();
    assertThat(notices).hasSize(1);
    MimeMessage notice = notices.get(0);
    String text = notice.getSubject() + "\n" + GreenMailUtil.getBody(notice);
    for (String phi :
        List.of(
            identity.getString("givenName"),
            identity.getString("familyName"),
            identity.getString("mrn"),
            identity.getString("birthDate"),
            patientId,
            tenant)) {
      assertThat(text).doesNotContain(phi);
    }
    assertThat(text).contains("Sign in");
  }

  private static List<String> recipients(MimeMessage m) {
    try {
      return java.util.Arrays.stream(m.getRecipients(Message.RecipientType.TO))
          .map(Object::toString)
          .toList();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
