package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The metrics boundary (issue 14): the cores report through the {@code ports.telemetry.out} port
 * only; Micrometer and Prometheus live in {@code adapters-metrics}, which sees ports only and which
 * only apps wires.
 */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class MetricsBoundaryTest {
  static final String METRICS = "dev.metacircular.metrics..";
  static final String[] METRICS_LIBRARIES = {"io.micrometer..", "io.prometheus.."};

  @ArchTest
  static final ArchRule the_core_reports_through_its_port_and_knows_no_metrics_library =
      noClasses()
          .that()
          .resideInAnyPackage(LayeringTest.CRYPTO, LayeringTest.PORTS, LayeringTest.DOMAIN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(METRICS_LIBRARIES)
          .because("the cores report to ports' Telemetry; meters are an adapter's business");

  @ArchTest
  static final ArchRule only_the_metrics_adapter_and_apps_know_micrometer =
      noClasses()
          .that()
          .resideOutsideOfPackages(METRICS, LayeringTest.APPS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(METRICS_LIBRARIES)
          .because("one adapter owns the metrics library, so it can be replaced in one place");

  @ArchTest
  static final ArchRule the_metrics_adapter_sees_only_ports =
      noClasses()
          .that()
          .resideInAPackage(METRICS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              LayeringTest.DOMAIN,
              LayeringTest.CRYPTO,
              LayeringTest.SQLITE,
              LayeringTest.REST,
              LayeringTest.GRPC,
              LayeringTest.WEB,
              LayeringTest.WEBAUTHN,
              LayeringTest.HTTP,
              LayeringTest.APPS)
          .because("adapters depend on ports only, never on the core or each other (rule 2)");

  @ArchTest
  static final ArchRule only_apps_wires_the_metrics_adapter =
      noClasses()
          .that()
          .resideOutsideOfPackages(METRICS, LayeringTest.APPS)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(METRICS)
          .because("only apps wires adapters to the core (rule 3)");
}
