package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The ACME client's boundaries (issue 11, {@code [tls] acme_directory}): it is a client of the wire
 * protocol, written apart from our own ACME server so it cannot lean on the server's types and pass
 * against it only; it is reached through the {@code CertificateSource} port; and only the code that
 * decides where a server's certificate comes from ({@code apps.tlsfromca}) builds one.
 */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class AcmeClientRulesTest {

  @ArchTest
  static final ArchRule the_client_knows_nothing_of_our_acme_server =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.rest.acmeclient..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.metacircular.rest.acme..",
              "dev.metacircular.ports.acme..",
              "dev.metacircular.http..")
          .because(
              "the client speaks RFC 8555 as any client does: sharing the server's types would let"
                  + " a mistake on both sides pass unseen");

  @ArchTest
  static final ArchRule the_acme_server_door_does_not_use_the_client =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.rest.acme..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.metacircular.rest.acmeclient..")
          .because("the server and the client are two ends of one protocol, not one module part");

  @ArchTest
  static final ArchRule only_the_tls_wiring_builds_an_acme_client =
      classes()
          .that()
          .resideInAPackage("dev.metacircular.rest.acmeclient..")
          .should()
          .onlyBeAccessed()
          .byAnyPackage("dev.metacircular.rest.acmeclient..", "dev.metacircular.apps.tlsfromca..")
          .because(
              "a server's certificate source is chosen in one place ([tls]); everything else sees"
                  + " the CertificateSource port");
}
