package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * One wiring style (issue 10 §3): Guice modules per layer in apps, composed in one place per
 * service through the shared service shape in {@code apps.service}.
 */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class WiringTest {

  static final String APPS = "dev.metacircular.apps..";
  static final String SHAPE = "dev.metacircular.apps.service..";
  static final String[] INJECTION = {"com.google.inject..", "jakarta.inject..", "javax.inject.."};

  @ArchTest
  static final ArchRule only_apps_wires_with_guice =
      noClasses()
          .that()
          .resideOutsideOfPackage(APPS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(INJECTION)
          .because(
              "adapters and the core stay free of the wiring framework: apps composes them with"
                  + " Guice modules (DESIGN.md §2 rule 3)");

  @ArchTest
  static final ArchRule the_service_shape_knows_no_particular_service =
      noClasses()
          .that()
          .resideInAPackage(SHAPE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.metacircular.domain..",
              "dev.metacircular.apps.identity..",
              "dev.metacircular.apps.crypto..",
              "dev.metacircular.apps.dev..",
              "dev.metacircular.apps.mciasdb..",
              "dev.metacircular.apps.shell..")
          .because(
              "the shared server/local/command shape serves identity, crypto and the control"
                  + " plane alike; a service's own wiring lives in its composition");

  @ArchTest
  static final ArchRule doors_are_composed_only_in_a_services_composition =
      noClasses()
          .that()
          .resideInAPackage(APPS)
          .and()
          .resideOutsideOfPackage(SHAPE)
          .and()
          .haveSimpleNameNotEndingWith("Service")
          .should()
          .dependOnClassesThat()
          .haveNameMatching(
              "dev\\.metacircular\\.(rest\\.\\w+RestServer|grpc\\.\\w+GrpcServer"
                  + "|web\\.\\w+\\.\\w+WebUi)")
          .because(
              "a door is added to a service by adding its module in the service's one"
                  + " composition (IdentityService, CryptoService), not by hand elsewhere");
}
