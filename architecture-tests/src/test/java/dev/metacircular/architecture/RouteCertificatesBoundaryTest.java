package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Certificates for {@code l7} routes (issue 13): the agent's core asks the {@code
 * RouteCertificates} port and never touches a CA, a file or a renewer; the provisioner in {@code
 * apps.routecerts} knows the CA path and the files but not the agent that asks it.
 */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class RouteCertificatesBoundaryTest {

  @ArchTest
  static final ArchRule the_agent_core_reaches_certificates_only_through_the_port =
      noClasses()
          .that()
          .resideInAnyPackage("dev.metacircular.domain.agent..", "dev.metacircular.domain.master..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.metacircular.ports.pki..",
              "dev.metacircular.domain.engine..",
              "dev.metacircular.apps..",
              "java.security.cert..")
          .because(
              "where a route's certificate comes from (a crypto service's CA over REST, or none)"
                  + " is the RouteCertificates port's business, wired in apps");

  @ArchTest
  static final ArchRule the_route_certificate_provisioner_knows_no_agent =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.apps.routecerts..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.metacircular.apps.mcp..",
              "dev.metacircular.domain..",
              "dev.metacircular.grpc..",
              "dev.metacircular.podman..")
          .because(
              "the agent (apps.mcp) wires the provisioner, not the other way round: it issues and"
                  + " renews files for whoever asks through the port");
}
