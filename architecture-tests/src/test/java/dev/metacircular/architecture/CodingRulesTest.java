package dev.metacircular.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.regex.Pattern;

/** Coding rules from DESIGN.md §2 and §8 and the developers' guide. */
@AnalyzeClasses(packages = "dev.metacircular", importOptions = ImportOption.DoNotIncludeTests.class)
class CodingRulesTest {

  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(password|passphrase|secret|privatekey|seed).*");

  private static final DescribedPredicate<JavaField> NAMED_LIKE_A_SECRET =
      new DescribedPredicate<>("named like a password, passphrase, secret or private key") {
        @Override
        public boolean test(JavaField field) {
          String name = field.getName();
          // A PHC hash or a sealed (encrypted) value is not the secret itself.
          return SECRET_NAME.matcher(name).matches()
              && !name.endsWith("Hash")
              && !name.endsWith("Sealed")
              && !name.endsWith("Env")
              && !name.endsWith("File")
              && !name.endsWith("Path")
              && !name.toUpperCase(java.util.Locale.ROOT).equals(name);
        }
      };

  @ArchTest
  static final ArchRule secrets_never_sit_in_strings =
      fields()
          .that(NAMED_LIKE_A_SECRET)
          .should()
          .notHaveRawType(String.class)
          .because(
              "passwords and keys travel as char[]/byte[] or zeroizable holders, never String"
                  + " (DESIGN.md §2 rule 5)");

  @ArchTest static final ArchRule no_java_util_logging = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

  @ArchTest
  static final ArchRule the_core_and_adapters_do_not_print =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.metacircular.apps..")
          .should()
          .accessField(System.class, "out")
          .orShould()
          .accessField(System.class, "err")
          .because("only the command line prints; everything else logs or returns values");

  @ArchTest
  static final ArchRule names_say_what_things_are =
      noClasses()
          .should()
          .haveSimpleNameEndingWith("Impl")
          .orShould()
          .haveSimpleNameEndingWith("Manager")
          .orShould()
          .haveSimpleNameEndingWith("Util")
          .orShould()
          .haveSimpleNameEndingWith("Utils")
          .because("name an implementation by what makes it different (DESIGN.md §2 naming)");

  @ArchTest
  static final ArchRule adapters_hide_their_internals =
      classes()
          .that()
          .resideInAnyPackage(
              "dev.metacircular.sqlite..", "dev.metacircular.rest..", "dev.metacircular.grpc..")
          .and()
          .resideOutsideOfPackage("dev.metacircular.grpc.proto..")
          .and()
          .haveNameMatching(".*(Controller|Store|Log|Row|Dto|View|Mapper|Plugin|Columns)$")
          .should()
          .notBePublic()
          .because(
              "stores, controllers, rows and mappers stay inside the adapter behind its small"
                  + " public entry point (STYLE.md)");
}
