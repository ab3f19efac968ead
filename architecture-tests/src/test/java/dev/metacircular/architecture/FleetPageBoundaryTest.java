package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The master's read-only fleet page ({@code web.fleet}): it reads the fleet only through the
 * master's inbound port, never through the registry or the agents' clients (the outbound ports the
 * master core owns), and it is a service's pages of its own, not built on another service's.
 */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class FleetPageBoundaryTest {

  @ArchTest
  static final ArchRule the_fleet_page_reads_through_the_masters_inbound_port =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.web.fleet..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.metacircular.ports.scheduler.out..")
          .because(
              "what the page shows is what MasterUseCase answers (admins only, refusals audited);"
                  + " the registry and the agents are the master core's");

  @ArchTest
  static final ArchRule the_fleet_page_uses_no_other_services_pages =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.web.fleet..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.metacircular.web.crypto..",
              "dev.metacircular.web.identity..",
              "dev.metacircular.web.sso..")
          .because("what the services' pages share lives in web.common");

  /** The master's commands: everything on MasterUseCase but its reads. */
  static final Set<String> CHANGES =
      Set.of("deploy", "stop", "start", "restart", "undeploy", "recover", "boot", "migrate");

  static final DescribedPredicate<JavaMethodCall> A_COMMAND_OF_THE_MASTER =
      DescribedPredicate.describe(
          "a MasterUseCase command " + CHANGES,
          call ->
              call.getTargetOwner()
                      .getName()
                      .equals("dev.metacircular.ports.scheduler.in.MasterUseCase")
                  && CHANGES.contains(call.getName()));

  @ArchTest
  static final ArchRule no_page_changes_the_fleet =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.web.fleet..")
          .should()
          .callMethodWhere(A_COMMAND_OF_THE_MASTER)
          .because("the fleet page is read-only: changes go through the mcp command");
}
