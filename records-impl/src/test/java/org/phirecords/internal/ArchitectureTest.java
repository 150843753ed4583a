package org.phirecords.internal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.internal.access.MongoPatientRights;
import org.phirecords.internal.amendment.AmendmentRepository;
import org.phirecords.internal.audit.export.AuditEventRepository;
import org.phirecords.internal.clinical.ClinicalRepository;
import org.phirecords.internal.emergency.EmergencyAccessRepository;
import org.phirecords.internal.export.ExportRepository;
import org.phirecords.internal.link.PatientLinkRepository;
import org.phirecords.internal.organisation.GrantRepository;
import org.phirecords.internal.organisation.MembershipRepository;
import org.phirecords.internal.organisation.OrganisationRepository;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.session.RevocationRepository;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.TenantRepository;
import org.phirecords.security.RequiresPermission;

class ArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.phirecords");

  @Test
  void onlyTheStorePackageOpensCollections() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.phirecords.internal.store..")
        .should()
        .callMethod(MongoDatabase.class, "getCollection", String.class)
        .orShould()
        .callMethod(MongoDatabase.class, "getCollection", String.class, Class.class)
        .check(classes);
  }

  /** Each aggregate's collection and the one repository that may touch it. */
  private static final Map<StoredCollection, Class<?>> OWNERS =
      Map.ofEntries(
          Map.entry(StoredCollection.PATIENTS, PatientRepository.class),
          Map.entry(StoredCollection.CLINICAL_ENTRIES, ClinicalRepository.class),
          Map.entry(StoredCollection.AMENDMENTS, AmendmentRepository.class),
          Map.entry(StoredCollection.AUDIT_EVENTS, AuditEventRepository.class),
          Map.entry(StoredCollection.PATIENT_LINKS, PatientLinkRepository.class),
          Map.entry(StoredCollection.PATIENT_INVITATIONS, PatientLinkRepository.class),
          Map.entry(StoredCollection.SESSION_REVOCATIONS, RevocationRepository.class),
          Map.entry(StoredCollection.ORGANISATIONS, OrganisationRepository.class),
          Map.entry(StoredCollection.MEMBERSHIPS, MembershipRepository.class),
          Map.entry(StoredCollection.GRANTS, GrantRepository.class),
          Map.entry(StoredCollection.EMERGENCY_ACCESS, EmergencyAccessRepository.class),
          Map.entry(
              StoredCollection.PROXY_GRANTS,
              org.phirecords.internal.proxy.ProxyGrantRepository.class),
          Map.entry(
              StoredCollection.IMPORT_JOBS,
              org.phirecords.internal.fhirimport.ImportJobRepository.class),
          Map.entry(StoredCollection.EXPORT_JOBS, ExportRepository.class),
          Map.entry(StoredCollection.EXPORT_PARTS, ExportRepository.class),
          Map.entry(
              StoredCollection.DATASET_RELINKS,
              org.phirecords.internal.export.RelinkRepository.class),
          Map.entry(
              StoredCollection.ANALYTICS_FACTS,
              org.phirecords.internal.analytics.AnalyticsFacts.class),
          Map.entry(
              StoredCollection.ANALYTICS_QUERIES,
              org.phirecords.internal.analytics.AnalyticsQueryLog.class),
          Map.entry(
              StoredCollection.ANALYTICS_SAVED_QUERIES,
              org.phirecords.internal.analytics.SavedQueryRepository.class),
          Map.entry(
              StoredCollection.BULK_IMPORT_JOBS,
              org.phirecords.internal.fhirimport.BulkImportRepository.class),
          Map.entry(
              StoredCollection.BULK_IMPORT_CHUNKS,
              org.phirecords.internal.fhirimport.BulkImportRepository.class),
          Map.entry(
              StoredCollection.DISCLOSURES,
              org.phirecords.internal.disclosure.DisclosureRepository.class),
          Map.entry(
              StoredCollection.SCHEMA_MIGRATIONS,
              org.phirecords.internal.migration.MigrationRunner.class));

  private static List<ArchRule> ownershipRules() {
    return OWNERS.entrySet().stream()
        .map(
            owned ->
                (ArchRule)
                    noClasses()
                        .that()
                        .doNotHaveFullyQualifiedName(owned.getValue().getName())
                        .and()
                        .resideOutsideOfPackage("org.phirecords.internal.store..")
                        .should()
                        .accessField(StoredCollection.class, owned.getKey().name())
                        .as(
                            "only "
                                + owned.getValue().getSimpleName()
                                + " touches "
                                + owned.getKey().collectionName()))
        .toList();
  }

  @Test
  void onlyAnAggregatesRepositoryTouchesItsCollection() {
    ownershipRules().forEach(rule -> rule.check(classes));
  }

  /** A stand-in for a service that reads patients around their repository. */
  static class ReadsPatientsDirectly {
    Object patients(org.phirecords.internal.operation.Operation op) {
      return op.handle(StoredCollection.PATIENTS);
    }
  }

  @Test
  void theOwnershipRuleRejectsAnotherReader() {
    JavaClasses stand = new ClassFileImporter().importClasses(ReadsPatientsDirectly.class);
    assertThatThrownBy(() -> ownershipRules().forEach(rule -> rule.check(stand)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("only PatientRepository touches patients");
  }

  /**
   * Caches whose loads may read the store share each load through {@code store.SharedLoads}: a
   * synchronous {@code Cache.get(key, loader)} or a {@code LoadingCache} holds the key's lock
   * across the read, so during an outage each waiting caller reads again after the failure and the
   * Nth waits N timeouts (OutageIT). Allowed only where the loader reads nothing: {@link
   * org.phirecords.internal.security.TokenAuthenticator} parses a PEM or builds a lazy JWK source.
   */
  private static ArchRule sharedLoadsRule() {
    return noClasses()
        .that()
        .doNotHaveFullyQualifiedName(
            org.phirecords.internal.security.TokenAuthenticator.class.getName())
        .should()
        .callMethod(
            com.github.benmanes.caffeine.cache.Cache.class,
            "get",
            Object.class,
            java.util.function.Function.class)
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(com.github.benmanes.caffeine.cache.LoadingCache.class.getName())
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(
            com.github.benmanes.caffeine.cache.AsyncLoadingCache.class.getName())
        .as("caches that may read the store load through SharedLoads");
  }

  @Test
  void cachesThatMayReadTheStoreShareTheirLoads() {
    sharedLoadsRule().check(classes);
  }

  /** A stand-in for a key lookup that reads the store under the cache's lock. */
  static class LoadsUnderTheLock {
    final com.github.benmanes.caffeine.cache.Cache<String, String> owners =
        com.github.benmanes.caffeine.cache.Caffeine.newBuilder().build();

    String owner(String key, java.util.function.Function<String, String> read) {
      return owners.get(key, read);
    }
  }

  /** A stand-in for a loading cache. */
  static class LoadingCacheUser {
    final com.github.benmanes.caffeine.cache.LoadingCache<String, String> owners =
        com.github.benmanes.caffeine.cache.Caffeine.newBuilder().build(k -> k);
  }

  @Test
  void theSharedLoadsRuleRejectsALoadUnderTheLock() {
    for (Class<?> stand : List.of(LoadsUnderTheLock.class, LoadingCacheUser.class)) {
      assertThatThrownBy(
              () -> sharedLoadsRule().check(new ClassFileImporter().importClasses(stand)))
          .as(stand.getSimpleName())
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("load through SharedLoads");
    }
  }

  /** About 300 lines: a class that outgrows it holds more than one concern. */
  static final int MAX_LINES = 310;

  /** The source files of {@code root} longer than {@link #MAX_LINES}, with their lengths. */
  static List<String> oversized(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      List<String> over = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        long lines;
        try (Stream<String> content = Files.lines(file)) {
          lines = content.count();
        }
        if (lines > MAX_LINES) {
          over.add(root.relativize(file) + " (" + lines + " lines)");
        }
      }
      return over;
    }
  }

  @Test
  void noClassOfTheImplementationOutgrowsOneConcern() throws IOException {
    Path main = Path.of("src/main/java");
    assertThat(main.resolve("org/phirecords/internal/operation/Operation.java")).exists();
    assertThat(oversized(main)).isEmpty();
  }

  @Test
  void theSizeRuleCountsLines(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("Small.java"), "x\n".repeat(MAX_LINES));
    Files.writeString(dir.resolve("Large.java"), "x\n".repeat(MAX_LINES + 1));
    assertThat(oversized(dir)).containsExactly("Large.java (" + (MAX_LINES + 1) + " lines)");
  }

  @Test
  void onlyTheTenantRepositoryReadsOrWritesTheRegistry() {
    registryRule().check(classes);
  }

  private static ArchRule registryRule() {
    return noClasses()
        .that()
        .doNotHaveFullyQualifiedName(TenantRepository.class.getName())
        .should()
        .callMethod(TenantCollections.class, "tenantRegistry");
  }

  /** A stand-in for a service that reads a registry field itself: the rule must reject it. */
  static class ReadsTheRegistry {
    Object status(TenantCollections collections) {
      return collections.tenantRegistry().find().first();
    }
  }

  @Test
  void theRegistryRuleRejectsAnotherReader() {
    assertThatThrownBy(
            () ->
                registryRule().check(new ClassFileImporter().importClasses(ReadsTheRegistry.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ReadsTheRegistry");
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

  /** Interfaces of {@code org.phirecords.service}: the service operations embedders call. */
  private static final DescribedPredicate<JavaClass> SERVICE =
      DescribedPredicate.describe(
          "a service interface",
          c ->
              c.isInterface()
                  && c.getPackageName().equals("org.phirecords.service")
                  && !c.getSimpleName().equals("package-info"));

  /**
   * The implementation's own method for every method of every service interface it implements
   * carries {@code @RequiresPermission} (interceptor bindings on interfaces are not inherited).
   * Public helpers that are not service operations (e.g. {@code withClock}) are not concerned.
   */
  static final ArchCondition<JavaClass> ANNOTATE_EVERY_SERVICE_OPERATION =
      new ArchCondition<>("declare @RequiresPermission on every service operation") {
        @Override
        public void check(JavaClass impl, ConditionEvents events) {
          for (JavaClass service : impl.getAllRawInterfaces()) {
            if (!SERVICE.test(service)) {
              continue;
            }
            for (JavaMethod operation : service.getMethods()) {
              if (operation.getModifiers().contains(JavaModifier.STATIC)) {
                continue;
              }
              // The most specific class declaring it: the method the container intercepts.
              Optional<JavaMethod> own =
                  impl.getClassHierarchy().stream()
                      .flatMap(c -> c.getMethods().stream())
                      .filter(m -> !m.getModifiers().contains(JavaModifier.BRIDGE))
                      .filter(m -> !m.getModifiers().contains(JavaModifier.SYNTHETIC))
                      .filter(m -> m.getName().equals(operation.getName()))
                      .filter(
                          m -> m.getRawParameterTypes().equals(operation.getRawParameterTypes()))
                      .findFirst();
              boolean ok = own.isPresent() && own.get().isAnnotatedWith(RequiresPermission.class);
              events.add(
                  new SimpleConditionEvent(
                      impl,
                      ok,
                      impl.getName()
                          + (own.isPresent() ? " does not annotate " : " does not declare ")
                          + service.getSimpleName()
                          + "."
                          + operation.getName()
                          + " with @RequiresPermission"));
            }
          }
        }
      };

  private static ArchRule everyServiceOperationRule() {
    return classes()
        .that()
        .implement(DescribedPredicate.describe("a service interface", SERVICE::test))
        .and()
        .areNotInterfaces()
        .should(ANNOTATE_EVERY_SERVICE_OPERATION);
  }

  @Test
  void everyServiceOperationDeclaresItsPermission() {
    everyServiceOperationRule().check(classes);
  }

  @Test
  void everyServiceInterfaceHasAnImplementationTheRuleChecks() {
    List<String> services =
        classes.stream().filter(SERVICE).map(JavaClass::getSimpleName).sorted().toList();
    assertThat(services)
        .contains(
            "PatientDirectory",
            "ClinicalRecords",
            "BillingRecords",
            "TenantRegistry",
            "TenantLifecycle",
            "TenantSettings",
            "KeyAdministration",
            "AuditReview",
            "PatientRights",
            "SavedQueries");
    for (String service : services) {
      assertThat(
              classes.stream()
                  .filter(c -> !c.isInterface())
                  .anyMatch(
                      c ->
                          c.getAllRawInterfaces().stream()
                              .anyMatch(i -> SERVICE.test(i) && i.getSimpleName().equals(service))))
          .as("an implementation of %s is checked", service)
          .isTrue();
    }
  }

  /** Test doubles that the rule must reject: it can fail. */
  static class UnannotatedRights extends MongoPatientRights {
    @Override
    public String electronicCopy(org.phirecords.model.PatientId patient) {
      return "";
    }
  }

  abstract static class ForgottenOperation implements org.phirecords.service.AuditReview {
    @Override
    @RequiresPermission(org.phirecords.security.Permission.AUDIT_READ)
    public org.phirecords.model.Page<org.phirecords.audit.AuditRecord> search(
        org.phirecords.audit.AuditQuery query, org.phirecords.model.PageRequest page) {
      return null;
    }

    @Override
    public org.phirecords.audit.AuditExport exportFhir(
        org.phirecords.audit.AuditQuery query, org.phirecords.model.PageRequest page) {
      return null;
    }
  }

  @Test
  void theRuleRejectsAnUnannotatedOperationAlsoOfPatientRights() {
    JavaClasses doubles =
        new ClassFileImporter().importClasses(UnannotatedRights.class, ForgottenOperation.class);
    assertThatThrownBy(() -> everyServiceOperationRule().check(doubles))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("UnannotatedRights does not annotate PatientRights.electronicCopy")
        .hasMessageContaining("ForgottenOperation does not annotate AuditReview.exportFhir")
        .hasMessageContaining("ForgottenOperation does not declare AuditReview.verify")
        .hasMessageNotContaining("AuditReview.search ")
        .hasMessageNotContaining("PatientRights.accessHistory");
  }
}
