package org.phirecords.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.json.Json;
import jakarta.ws.rs.Path;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.internal.web.body.BodyConformance;
import org.phirecords.internal.web.body.BodySchemas;
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
    Set<String> generated = BodySchemas.of(RecordsApiDocument.BODIES).keySet();
    Set<String> referenced = new HashSet<>();
    for (Class<?> resource : RecordsApiDocument.RESOURCES) {
      for (Method m : resource.getMethods()) {
        RequestBody body = m.getAnnotation(RequestBody.class);
        if (body != null) {
          String ref = body.content()[0].schema().ref();
          assertThat(generated).as(resource.getSimpleName() + "." + m.getName()).contains(ref);
          referenced.add(ref);
        }
      }
    }
    RecordsApiDocument.BODIES.forEach(b -> assertThat(referenced).contains(BodySchemas.name(b)));
  }

  @Test
  void theDocumentKnowsEveryResourceClass() {
    Set<String> resources = new HashSet<>();
    new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.phirecords.web")
            .stream()
            .filter(c -> c.isAnnotatedWith(Path.class))
            .forEach(c -> resources.add(c.getName()));
    assertThat(resources)
        .containsExactlyInAnyOrderElementsOf(
            RecordsApiDocument.RESOURCES.stream().map(Class::getName).toList());
  }

  private static InvalidInputException refused(Class<? extends Record> type, String json) {
    try {
      Bodies.parse(Json.createReader(new StringReader(json)).readObject(), type);
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
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
            refused(EntryInput.class, "{\"type\":\"CONDITION\",\"effectiveDate\":\"2026-01-02\"}"))
        .returns(ErrorCode.MISSING_FIELD, InvalidInputException::errorCode)
        .returns("/codes", InvalidInputException::field);
    assertThat(
            refused(
                EntryInput.class,
                "{\"type\":\"OBSERVATION\",\"effectiveDate\":\"2026-01-02\",\"codes\":"
                    + "[{\"system\":\"http://loinc.org\",\"code\":\"4548-4\"}],\"value\":{}}"))
        .returns(ErrorCode.MISSING_FIELD, InvalidInputException::errorCode)
        .returns("/value/value", InvalidInputException::field);
  }

  @Test
  void patientBodiesKeepTheirCodes() {
    String valid = "\"givenName\":\"A\",\"familyName\":\"B\",\"birthDate\":\"2000-01-01\"";
    assertThat(refused(PatientInput.class, "{" + valid + "}"))
        .returns(ErrorCode.MISSING_FIELD, InvalidInputException::errorCode)
        .returns("/mrn", InvalidInputException::field);
    assertThat(refused(PatientInput.class, "{\"mrn\":\"M1\"," + valid + ",\"role\":\"admin\"}"))
        .returns(ErrorCode.UNKNOWN_FIELD, InvalidInputException::errorCode);
    assertThat(
            refused(
                PatientInput.class,
                "{\"mrn\":\"M1\"," + valid.replace("2000-01-01", "2999-01-01") + "}"))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode)
        .returns("/birthDate", InvalidInputException::field);
    // Phone, e-mail and member id: the rules the document now publishes are the validator's.
    for (String field : new String[] {"phone", "email", "memberId"}) {
      assertThat(
              refused(
                  PatientInput.class,
                  "{\"mrn\":\"M1\"," + valid + ",\"" + field + "\":\"a\\u0001\"}"))
          .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode)
          .returns("/" + field, InvalidInputException::field);
    }
  }
}
