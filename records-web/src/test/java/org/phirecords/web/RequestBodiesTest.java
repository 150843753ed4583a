package org.phirecords.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.internal.web.body.BodyConformance;
import org.phirecords.model.EntryType;
import org.phirecords.web.body.EntryInput;
import org.phirecords.web.body.PatientInput;

/** The records API's request bodies: one source for the validator and the published schema. */
class RequestBodiesTest {
  @Test
  void everyPublishedBodySchemaAgreesWithTheValidator() {
    BodyConformance.Result result = BodyConformance.check(RecordsApiDocument.BODIES);
    assertThat(result.failures()).isEmpty();
    assertThat(result.cases()).hasSizeGreaterThan(100);
  }

  @Test
  void everyRequestBodyOfAnOperationIsAGeneratedSchemaAndEveryBodyIsUsed() {
    assertThat(
            BodyConformance.unmatchedBodies(
                RecordsApiDocument.BODIES, RecordsApiDocument.RESOURCES))
        .isEmpty();
  }

  @Test
  void theDocumentKnowsEveryResourceClass() {
    assertThat(BodyConformance.resourceClassesIn("org.phirecords.web"))
        .containsExactlyInAnyOrderElementsOf(
            RecordsApiDocument.RESOURCES.stream().map(Class::getName).toList());
  }

  @Test
  void entriesNeedCodesUnlessTheyAreNotesAndTheirTypeIsCaseInsensitive() {
    EntryInput note =
        Bodies.parse(
            Json.createReader(
                    new StringReader(
                        "{\"type\":\"note\",\"effectiveDate\":\"2026-01-02\",\"text\":\"t\"}"))
                .readObject(),
            EntryInput.class);
    assertThat(note.type()).isEqualTo(EntryType.NOTE);
    assertThat(
            BodyConformance.refused(
                EntryInput.class, "{\"type\":\"CONDITION\",\"effectiveDate\":\"2026-01-02\"}"))
        .returns(ErrorCode.MISSING_FIELD, InvalidInputException::errorCode)
        .returns("/codes", InvalidInputException::field);
    assertThat(
            BodyConformance.refused(
                EntryInput.class,
                "{\"type\":\"OBSERVATION\",\"effectiveDate\":\"2026-01-02\",\"codes\":"
                    + "[{\"system\":\"http://loinc.org\",\"code\":\"4548-4\"}],\"value\":{}}"))
        .returns(ErrorCode.MISSING_FIELD, InvalidInputException::errorCode)
        .returns("/value/value", InvalidInputException::field);
  }

  @Test
  void patientBodiesKeepTheirCodes() {
    String valid = "\"givenName\":\"A\",\"familyName\":\"B\",\"birthDate\":\"2000-01-01\"";
    assertThat(BodyConformance.refused(PatientInput.class, "{" + valid + "}"))
        .returns(ErrorCode.MISSING_FIELD, InvalidInputException::errorCode)
        .returns("/mrn", InvalidInputException::field);
    assertThat(
            BodyConformance.refused(
                PatientInput.class, "{\"mrn\":\"M1\"," + valid + ",\"role\":\"admin\"}"))
        .returns(ErrorCode.UNKNOWN_FIELD, InvalidInputException::errorCode);
    assertThat(
            BodyConformance.refused(
                PatientInput.class,
                "{\"mrn\":\"M1\"," + valid.replace("2000-01-01", "2999-01-01") + "}"))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode)
        .returns("/birthDate", InvalidInputException::field);
    // Phone, e-mail and member id: the rules the document now publishes are the validator's.
    for (String field : new String[] {"phone", "email", "memberId"}) {
      assertThat(
              BodyConformance.refused(
                  PatientInput.class,
                  "{\"mrn\":\"M1\"," + valid + ",\"" + field + "\":\"a\\u0001\"}"))
          .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode)
          .returns("/" + field, InvalidInputException::field);
    }
  }
}
