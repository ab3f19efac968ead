package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The shape of {@code ports} and of the boundaries around it: every port is filed as inbound
 * ({@code in}: the use cases a door calls), outbound ({@code out}: what the core needs, such as
 * storage, clocks and providers) or a plug-in ({@code spi}); the types they exchange sit at the
 * feature package root; inbound ports are all named {@code …UseCase}; adapters see nothing of the
 * project but {@code ports}.
 */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class PortsLayoutTest {

  static final String PORTS = "dev.metacircular.ports..";
  static final String[] IN_OUT_SPI = {
    "dev.metacircular.ports.*.in..",
    "dev.metacircular.ports.*.out..",
    "dev.metacircular.ports.*.spi.."
  };

  /** The project's modules that are not adapters: the core, the wiring, and these tests. */
  static final String[] NOT_ADAPTERS = {
    "dev.metacircular.crypto..",
    "dev.metacircular.ports..",
    "dev.metacircular.domain..",
    "dev.metacircular.apps..",
    "dev.metacircular.architecture..",
  };

  /** A port: an interface someone implements. A sealed interface is a closed set of values. */
  static final DescribedPredicate<JavaClass> PORT_INTERFACES =
      DescribedPredicate.describe(
          "interfaces that are not sealed",
          c -> c.isInterface() && c.isTopLevelClass() && !c.reflect().isSealed());

  static final DescribedPredicate<JavaClass> VALUE_TYPES =
      DescribedPredicate.describe(
          "records, enums, sealed interfaces, exceptions or final classes",
          c ->
              c.isRecord()
                  || c.isEnum()
                  || (c.isInterface() && c.reflect().isSealed())
                  || c.isAssignableTo(Throwable.class)
                  || (!c.isInterface() && c.getModifiers().contains(JavaModifier.FINAL)));

  @ArchTest
  static final ArchRule every_port_is_filed_as_inbound_outbound_or_plug_in =
      classes()
          .that()
          .resideInAPackage(PORTS)
          .and(PORT_INTERFACES)
          .should()
          .resideInAnyPackage(IN_OUT_SPI)
          .because(
              "a reader tells a use case a door may call (in) from what the core needs from the"
                  + " world (out) and from a plug-in (spi) by its package");

  @ArchTest
  static final ArchRule a_feature_root_holds_only_the_values_its_ports_exchange =
      classes()
          .that()
          .resideInAPackage(PORTS)
          .and()
          .resideOutsideOfPackages(IN_OUT_SPI)
          .and()
          .areTopLevelClasses()
          .should(be(VALUE_TYPES))
          .because("ports live in in/out/spi; the feature root keeps the values they share");

  @ArchTest
  static final ArchRule inbound_ports_are_use_cases =
      classes()
          .that()
          .resideInAPackage("dev.metacircular.ports.*.in..")
          .and(PORT_INTERFACES)
          // The one callback a use case takes: the door's reader of an engine request's data,
          // asked by the core only once the ACL has let the caller in.
          .and()
          .doNotHaveFullyQualifiedName("dev.metacircular.ports.engine.in.RequestReader")
          .should()
          .haveSimpleNameEndingWith("UseCase")
          .because("inbound ports are named one way (ports/README.md)");

  @ArchTest
  static final ArchRule outbound_ports_do_not_know_the_use_cases =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.ports.*.out..")
          // The remote clients are what a command line needs from a service: they take the
          // service's own command records (CreateAccountCommand...), so that a call through a
          // client and the same call through a door are one shape.
          .and()
          .resideOutsideOfPackage("dev.metacircular.ports.client..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.metacircular.ports.*.in..")
          .because("what the core needs from the world does not depend on what the doors ask");

  @ArchTest
  static final ArchRule shared_values_do_not_depend_on_the_ports_that_use_them =
      noClasses()
          .that()
          .resideInAPackage(PORTS)
          .and()
          .resideOutsideOfPackages(IN_OUT_SPI)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(IN_OUT_SPI)
          .because("the values at a feature root are shared by its ports, never the reverse");

  @ArchTest
  static final ArchRule adapters_see_only_ports_of_the_project =
      classes()
          .that()
          .resideInAPackage("dev.metacircular..")
          .and()
          .resideOutsideOfPackages(NOT_ADAPTERS)
          .should(dependOnNoProjectClassOutsidePortsAndTheirOwnModule())
          .because(
              "adapters depend on ports only in main code, never on the core or each other"
                  + " (DESIGN.md §2 rule 2), whichever adapter module is added");

  @ArchTest
  static final ArchRule the_encrypted_store_does_not_call_the_seal_lifecycle =
      noClasses()
          .that()
          .resideInAPackage("dev.metacircular.domain.seal..")
          .and()
          .doNotHaveSimpleName("SealLifecycle")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("dev.metacircular.domain.seal.SealLifecycle")
          .because(
              "the lifecycle opens and closes the keys in SealGate and creates the Barrier; the"
                  + " barrier reads the gate and never calls back (one job each)");

  private static ArchCondition<JavaClass> be(DescribedPredicate<JavaClass> kind) {
    return new ArchCondition<>("be " + kind.getDescription()) {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        if (!kind.test(item)) {
          events.add(
              SimpleConditionEvent.violated(
                  item, item.getName() + " is not one of " + kind.getDescription()));
        }
      }
    };
  }

  /** The module of a project class: {@code dev.metacircular.<module>}. */
  private static String moduleOf(JavaClass c) {
    String[] parts = c.getPackageName().split("\\.");
    return parts.length < 3 ? c.getPackageName() : parts[0] + "." + parts[1] + "." + parts[2];
  }

  /**
   * adapters-http ({@code dev.metacircular.http}) is the one exception: the kit the two HTTP doors
   * share on their one Javalin server (the status table, the form decoder, log-safe paths); it
   * depends on ports only itself (LayeringTest), and only the REST and web doors may use it.
   */
  private static boolean sharedHttpKit(String own, String target) {
    return target.equals("dev.metacircular.http")
        && (own.equals("dev.metacircular.rest") || own.equals("dev.metacircular.web"));
  }

  private static ArchCondition<JavaClass> dependOnNoProjectClassOutsidePortsAndTheirOwnModule() {
    return new ArchCondition<>("depend on no project class outside ports and their own module") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        String own = moduleOf(item);
        for (Dependency d : item.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass();
          String module = moduleOf(target);
          if (target.getPackageName().startsWith("dev.metacircular.")
              && !module.equals(own)
              && !module.equals("dev.metacircular.ports")
              && !sharedHttpKit(own, module)) {
            events.add(SimpleConditionEvent.violated(item, d.getDescription()));
          }
        }
      }
    };
  }
}
