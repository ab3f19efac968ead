package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The ACME server's boundaries (issue 11): it is its own protocol door, not an engine operation.
 * The core's ACME package reaches the CA only through {@code AcmeCa} (issuance as {@code sign} does
 * it, EAB, its own storage corner), never the engine's internals; nothing but the ACME core uses
 * that facade; the CA engine knows nothing of ACME; and the outbound validator is reached only
 * through its port.
 */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class AcmeRulesTest {

  @ArchTest
  static final ArchRule the_acme_core_reaches_the_ca_only_through_its_facade =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.domain.acme..")
          .should()
          .dependOnClassesThat(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "ca engine classes other than AcmeCa",
                  c ->
                      c.getPackageName().equals("dev.metacircular.domain.engine.ca")
                          && !c.getName().startsWith("dev.metacircular.domain.engine.ca.AcmeCa")))
          .because("ACME issues as sign does, through the facade, never around the engine's rules");

  @ArchTest
  static final ArchRule only_the_acme_core_uses_the_ca_facade =
      classes()
          .that()
          .haveNameMatching("dev\\.metacircular\\.domain\\.engine\\.ca\\.AcmeCa.*")
          .should()
          .onlyBeAccessed()
          .byAnyPackage("dev.metacircular.domain.acme..", "dev.metacircular.domain.engine.ca..")
          .because(
              "the facade hands out issuance without an ACL: only the ACME server may hold it");

  @ArchTest
  static final ArchRule the_ca_engine_knows_nothing_of_acme =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.domain.engine.ca..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.metacircular.domain.acme..", "dev.metacircular.ports.acme..")
          .because("the engine serves every door alike; ACME is a client of it");

  @ArchTest
  static final ArchRule the_acme_door_sees_only_the_acme_ports =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.rest.acme..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.metacircular.ports.engine..",
              "dev.metacircular.ports.pki..",
              "dev.metacircular.http.acme..")
          .because("the ACME door talks to AcmeUseCase, never to engines or the validator");
}
