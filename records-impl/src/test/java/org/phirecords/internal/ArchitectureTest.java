package org.phirecords.internal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.mongodb.client.MongoDatabase;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.phirecords.security.RequiresPermission;

class ArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.phirecords");

  @Test
  void onlyTheTenancyPackageOpensCollections() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.phirecords.internal.tenancy..")
        .should()
        .callMethod(MongoDatabase.class, "getCollection", String.class)
        .orShould()
        .callMethod(MongoDatabase.class, "getCollection", String.class, Class.class)
        .check(classes);
  }

  @Test
  void theApiDoesNotDependOnTheImplementationOrTheDriver() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.phirecords.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.phirecords.internal..", "com.mongodb..", "org.bson..")
        .check(classes);
  }

  @Test
  void everyServiceOperationDeclaresItsPermission() {
    methods()
        .that()
        .areDeclaredInClassesThat()
        .implement(org.phirecords.service.PatientDirectory.class)
        .or()
        .areDeclaredInClassesThat()
        .implement(org.phirecords.service.ClinicalRecords.class)
        .or()
        .areDeclaredInClassesThat()
        .implement(org.phirecords.service.BillingRecords.class)
        .or()
        .areDeclaredInClassesThat()
        .implement(org.phirecords.service.TenantRegistry.class)
        .or()
        .areDeclaredInClassesThat()
        .implement(org.phirecords.service.KeyAdministration.class)
        .or()
        .areDeclaredInClassesThat()
        .implement(org.phirecords.service.AuditReview.class)
        .or()
        .areDeclaredInClassesThat()
        .implement(org.phirecords.service.TenantLifecycle.class)
        .or()
        .areDeclaredInClassesThat()
        .implement(org.phirecords.service.TenantSettings.class)
        .and()
        .arePublic()
        .should()
        .beAnnotatedWith(RequiresPermission.class)
        .check(classes);
  }
}
