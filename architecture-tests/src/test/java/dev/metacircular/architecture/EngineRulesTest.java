package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.metacircular.ports.engine.in.EngineRequestUseCase;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.EngineType;
import dev.metacircular.ports.engine.spi.Handlers;

/**
 * The engine boundaries: an engine plugs in through {@code ports.engine.spi}, the doors reach
 * engines only through the inbound ports (typed operations, or the one JSON dispatcher), and only
 * the core runs an engine.
 */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineRulesTest {

  @ArchTest
  static final ArchRule the_engine_plugin_contract_needs_no_door =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.metacircular.ports.engine.spi..", "dev.metacircular.ports.engine.out..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.metacircular.ports.engine.in..")
          .because("an engine is written against the SPI and its storage, not against the doors");

  @ArchTest
  static final ArchRule doors_reach_engines_only_through_the_inbound_ports =
      noClasses()
          .that()
          .resideInAnyPackage(LayeringTest.REST, LayeringTest.GRPC, LayeringTest.WEB)
          .should()
          .dependOnClassesThat()
          .belongToAnyOf(Engine.class, EngineType.class, EngineContext.class, Handlers.class)
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("dev.metacircular.ports.engine.out..")
          .because(
              "every door runs operations through EngineUseCase, so the seal gate, the ACL and"
                  + " the audit apply whichever door a request came through");

  @ArchTest
  static final ArchRule only_the_core_runs_operations =
      classes()
          .that()
          .implement(EngineUseCase.class)
          .should()
          .resideInAPackage(LayeringTest.DOMAIN)
          .because("the seal gate, the ACL and the audit of every operation are the core's");

  @ArchTest
  static final ArchRule one_json_dispatcher =
      classes()
          .that()
          .implement(EngineRequestUseCase.class)
          .should()
          .resideInAPackage(LayeringTest.REST)
          .because("one generic dispatcher maps JSON onto every engine's records (issue 10)");
}
