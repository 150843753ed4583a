package org.phirecords.internal.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Web-support is web code too: it never touches the MongoDB driver (docs/architecture.md: modules).
 */
class WebSupportArchitectureTest {
  private static final ArchRule NO_DRIVER =
      noClasses().should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..");

  @Test
  void webSupportNeverTouchesTheMongoDriver() {
    JavaClasses webSupport =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.phirecords.internal.web");
    assertThat(webSupport.stream().map(c -> c.getSimpleName()))
        .as("the module's own classes are checked, not an empty set")
        .contains("BearerTokenFilter", "JsonInput", "ProblemMapper", "AuthenticationGate");
    NO_DRIVER.check(webSupport);
  }

  /** A stand-in for a web class that opened a collection itself. */
  static final class TouchesTheDriver {
    Object open(com.mongodb.client.MongoDatabase db) {
      return db.getCollection("patients");
    }
  }

  @Test
  void theRuleCatchesADriverImport() {
    assertThatThrownBy(
            () -> NO_DRIVER.check(new ClassFileImporter().importClasses(TouchesTheDriver.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("com.mongodb.client.MongoDatabase");
  }
}
