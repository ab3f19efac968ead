package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The control plane's boundaries (issue 13): Podman is reached only through adapters-podman, and
 * the scheduler core stays pure (no processes, no sockets, no files), so placement, ports and
 * reconciliation can be property-tested without a machine.
 */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class PodmanBoundaryTest {

  @ArchTest
  static final ArchRule the_podman_adapter_sees_only_ports =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.podman..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.metacircular.domain..",
              "dev.metacircular.crypto..",
              "dev.metacircular.sqlite..",
              "dev.metacircular.rest..",
              "dev.metacircular.grpc..",
              "dev.metacircular.web..",
              "dev.metacircular.http..",
              "dev.metacircular.apps..")
          .because("adapters depend on ports only (DESIGN.md §2 rule 2)");

  @ArchTest
  static final ArchRule the_scheduler_core_does_no_io =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.metacircular.domain.scheduler..", "dev.metacircular.ports.scheduler..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.io..", "java.net..", "java.nio.file..", "java.sql..")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName(ProcessBuilder.class.getName())
          .because("the scheduler core is pure: the runtime and probes are behind ports");

  @ArchTest
  static final ArchRule only_the_podman_adapter_runs_podman =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.metacircular.crypto..", "dev.metacircular.ports..", "dev.metacircular.domain..")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName(ProcessBuilder.class.getName())
          .because("the core starts no processes; containers are run through ContainerRuntime");
}
