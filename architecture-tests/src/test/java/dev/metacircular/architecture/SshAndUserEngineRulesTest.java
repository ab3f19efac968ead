package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The boundaries issue 12 added: each engine is its own package that no other engine reaches into,
 * and the OpenSSH and envelope formats of core-crypto are used by the engines (and the tools that
 * judge them), never by the doors, which see only the records of {@code ports}.
 */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class SshAndUserEngineRulesTest {

  @ArchTest
  static final ArchRule engines_do_not_reach_into_each_other =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.domain.engine.sshca..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.metacircular.domain.engine.u2u..", "dev.metacircular.domain.engine.transit..")
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("dev.metacircular.ports.u2u..")
          .because("an engine plugs in alone; another engine's internals are not its contract");

  @ArchTest
  static final ArchRule the_user_engine_does_not_reach_into_others =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.domain.engine.u2u..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.metacircular.domain.engine.sshca..",
              "dev.metacircular.domain.engine.transit..",
              "dev.metacircular.ports.ssh..")
          .because("an engine plugs in alone; another engine's internals are not its contract");

  @ArchTest
  static final ArchRule doors_see_records_not_wire_formats =
      noClasses()
          .that()
          .resideInAnyPackage(LayeringTest.REST, LayeringTest.GRPC, LayeringTest.WEB)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.metacircular.crypto.ssh..", "dev.metacircular.crypto.u2u..")
          .because(
              "certificates, KRLs and envelopes are made and checked in the core; a door carries"
                  + " the operation's records");
}
