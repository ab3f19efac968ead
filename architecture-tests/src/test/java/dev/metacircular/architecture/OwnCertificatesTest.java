package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The platform's own certificates (issue 11): the live key material and the renewer ({@code
 * apps.tls}) know no service, no configuration and no wiring, so every listener can use them; where
 * a certificate comes from is decided around them (dev mode's in-process CA, {@code [tls]}'s REST
 * issue path in {@code apps.tlsfromca}).
 */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class OwnCertificatesTest {

  @ArchTest
  static final ArchRule the_tls_material_depends_on_no_other_apps_package =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.apps.tls")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.metacircular.apps.config..",
              "dev.metacircular.apps.service..",
              "dev.metacircular.apps.dev..",
              "dev.metacircular.apps.identity..",
              "dev.metacircular.apps.crypto..",
              "dev.metacircular.apps.tlsfromca..",
              "dev.metacircular.domain..",
              "dev.metacircular.rest..",
              "dev.metacircular.grpc..",
              "com.google.inject..")
          .because(
              "ServerTls (config) builds every listener's key manager from apps.tls: a dependency"
                  + " back would be a cycle, and the renewer takes its CA as a plain supplier");

  @ArchTest
  static final ArchRule the_adapters_take_live_keys_only_as_jdk_types =
      noClasses()
          .that()
          .resideInAnyPackage("dev.metacircular.rest..", "dev.metacircular.grpc..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.metacircular.apps..")
          .because(
              "TlsSettings and GrpcSettings take an X509ExtendedKeyManager: the adapters never see"
                  + " how the certificate is kept fresh");
}
