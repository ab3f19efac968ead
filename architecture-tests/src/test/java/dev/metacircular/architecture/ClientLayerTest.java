package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Remote clients are adapters behind one contract (issue 10 §2): the contracts in {@code
 * ports.client}, their REST, gRPC and in-process implementations in the adapters and the core, and
 * apps left with configuration, wiring and the command line.
 */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class ClientLayerTest {

  static final String APPS = "dev.metacircular.apps..";

  /** Reading TOML configuration (through Jackson's TOML module) is the one exception. */
  static final String CONFIG_READER = "dev.metacircular.apps.config..";

  @ArchTest
  static final ArchRule apps_speaks_no_wire_format_and_opens_no_connection =
      noClasses()
          .that()
          .resideInAPackage(APPS)
          .and()
          .resideOutsideOfPackage(CONFIG_READER)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.google.protobuf..",
              "io.grpc..",
              "java.net.http..",
              "com.fasterxml.jackson..",
              "dev.metacircular.grpc.proto..")
          .because(
              "apps keeps configuration, wiring and the command line only: protobuf, gRPC stubs and"
                  + " channels, HTTP clients and JSON belong to the client adapters behind"
                  + " ports.client (issue 10 §2)");

  @ArchTest
  static final ArchRule the_config_reader_reads_configuration_only =
      noClasses()
          .that()
          .resideInAPackage(CONFIG_READER)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.google.protobuf..",
              "io.grpc..",
              "java.net.http..",
              "dev.metacircular.grpc.proto..")
          .because("configuration reading is the one place apps may use Jackson, for TOML only");
}
