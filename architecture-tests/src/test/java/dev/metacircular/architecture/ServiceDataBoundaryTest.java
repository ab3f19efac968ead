package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Service snapshots (mcp migrate): the tar.zst format lives in adapters-sqlite behind the {@code
 * ServiceData} port, and the streams a migration moves stay out of the scheduler's ports (the
 * {@code servicedata} ports carry them).
 */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class ServiceDataBoundaryTest {

  @ArchTest
  static final ArchRule only_the_sqlite_adapter_writes_archives =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.metacircular.sqlite..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.commons.compress..", "com.github.luben.zstd..")
          .because("snapshot archives are built and checked in one place, behind ServiceData");

  @ArchTest
  static final ArchRule the_service_data_ports_see_no_scheduler_types =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.ports.servicedata..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.metacircular.ports.scheduler..")
          .because("the scheduler's ports build on the data ports, never the other way round");
}
