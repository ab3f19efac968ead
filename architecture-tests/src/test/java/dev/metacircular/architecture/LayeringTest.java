package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** DESIGN.md §2: the module map and its layering rules, enforced on every build. */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  static final String CRYPTO = "dev.metacircular.crypto..";
  static final String PORTS = "dev.metacircular.ports..";
  static final String DOMAIN = "dev.metacircular.domain..";
  static final String SQLITE = "dev.metacircular.sqlite..";
  static final String REST = "dev.metacircular.rest..";
  static final String GRPC = "dev.metacircular.grpc..";
  static final String WEB = "dev.metacircular.web..";
  static final String WEBAUTHN = "dev.metacircular.webauthn..";
  static final String HTTP = "dev.metacircular.http..";
  static final String APPS = "dev.metacircular.apps..";

  static final String[] FRAMEWORKS = {
    "io.javalin..",
    "org.eclipse.jetty..",
    "io.grpc..",
    "com.google.protobuf..",
    "org.jdbi..",
    "java.sql..",
    "org.sqlite..",
    "io.pebbletemplates..",
    "com.google.inject..",
    "jakarta.inject..",
    "org.jline..",
    "com.fasterxml.jackson..",
    "picocli..",
    "org.slf4j..",
    "ch.qos.logback..",
    // WebAuthn verification is an adapter's (adapters-webauthn), behind ports' PasskeyVerifier.
    "com.yubico..",
  };

  @ArchTest
  static final ArchRule the_core_knows_no_framework =
      noClasses()
          .that()
          .resideInAnyPackage(CRYPTO, PORTS, DOMAIN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(FRAMEWORKS)
          .because("the core must run embedded with no framework (DESIGN.md §2 rule 1)");

  @ArchTest
  static final ArchRule ports_depend_on_the_jdk_only =
      noClasses()
          .that()
          .resideInAPackage(PORTS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              CRYPTO,
              DOMAIN,
              SQLITE,
              REST,
              GRPC,
              WEB,
              WEBAUTHN,
              HTTP,
              APPS,
              "org.bouncycastle..",
              "org.jose4j..")
          .because("ports are the contracts every module shares and may only use the JDK");

  @ArchTest
  static final ArchRule crypto_knows_no_domain =
      noClasses()
          .that()
          .resideInAPackage(CRYPTO)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(PORTS, DOMAIN, SQLITE, REST, GRPC, WEB, WEBAUTHN, HTTP, APPS)
          .because("core-crypto holds primitives with no domain knowledge");

  @ArchTest
  static final ArchRule the_domain_does_not_know_its_adapters =
      noClasses()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(SQLITE, REST, GRPC, WEB, WEBAUTHN, HTTP, APPS)
          .because("the domain implements inbound ports using outbound ports only");

  @ArchTest
  static final ArchRule the_sqlite_adapter_sees_only_ports =
      noClasses()
          .that()
          .resideInAPackage(SQLITE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(DOMAIN, CRYPTO, REST, GRPC, WEB, WEBAUTHN, HTTP, APPS)
          .because("adapters depend on ports only, never on the core or each other (rule 2)");

  @ArchTest
  static final ArchRule the_rest_adapter_sees_only_ports =
      noClasses()
          .that()
          .resideInAPackage(REST)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(DOMAIN, CRYPTO, SQLITE, GRPC, WEB, WEBAUTHN, APPS)
          .because("adapters depend on ports only, never on the core or each other (rule 2)");

  @ArchTest
  static final ArchRule the_grpc_adapter_sees_only_ports =
      noClasses()
          .that()
          .resideInAPackage(GRPC)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(DOMAIN, CRYPTO, SQLITE, REST, WEB, WEBAUTHN, HTTP, APPS)
          .because("adapters depend on ports only, never on the core or each other (rule 2)");

  @ArchTest
  static final ArchRule the_web_adapter_sees_only_ports =
      noClasses()
          .that()
          .resideInAPackage(WEB)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(DOMAIN, CRYPTO, SQLITE, REST, GRPC, WEBAUTHN, APPS)
          .because("adapters depend on ports only, never on the core or each other (rule 2)");

  /**
   * adapters-http is what the two HTTP doors share (the status table, the form decoder, log-safe
   * paths), so that REST and web pages answer alike without depending on each other.
   */
  @ArchTest
  static final ArchRule the_shared_http_plumbing_sees_only_ports =
      noClasses()
          .that()
          .resideInAPackage(HTTP)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(DOMAIN, CRYPTO, SQLITE, REST, GRPC, WEB, WEBAUTHN, APPS)
          .because("the HTTP doors' shared plumbing is an adapter too: ports only (rule 2)");

  @ArchTest
  static final ArchRule the_webauthn_adapter_sees_only_ports =
      noClasses()
          .that()
          .resideInAPackage(WEBAUTHN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(DOMAIN, CRYPTO, SQLITE, REST, GRPC, WEB, HTTP, APPS)
          .because("adapters depend on ports only, never on the core or each other (rule 2)");

  @ArchTest
  static final ArchRule only_apps_wires_adapters_to_the_core =
      noClasses()
          .that()
          .resideOutsideOfPackage(APPS)
          .and()
          .resideOutsideOfPackages(SQLITE, REST, GRPC, WEB, WEBAUTHN, HTTP)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(SQLITE, REST, GRPC, WEB, WEBAUTHN, HTTP)
          .because("only apps wires adapters to the core (rule 3)");

  @ArchTest
  static final ArchRule modules_are_free_of_cycles =
      slices()
          .matching("dev.metacircular.(*)..")
          .should()
          .beFreeOfCycles()
          .because("no package cycles (rule 4)");

  @ArchTest
  static final ArchRule features_are_free_of_cycles =
      slices()
          .matching("dev.metacircular.(*).(*)..")
          .should()
          .beFreeOfCycles()
          .because("features inside a module must not depend on each other in a circle (rule 4)");
}
