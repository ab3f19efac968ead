package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** No entry name of a received snapshot can place a file outside the service's directory. */
class SnapshotEntryNameProperties {

  static final Path STAGING = Path.of("/srv/.web.receiving-x");

  @Property(tries = 2000)
  void anyAcceptedNameStaysStrictlyInsideTheDirectory(@ForAll("names") String name) {
    Path resolved;
    try {
      resolved = TarZstServiceData.checkedName(STAGING, name);
    } catch (DomainException.InvalidInput refused) {
      assertThat(refused).hasMessageContaining("refused");
      return;
    }
    assertThat(resolved.normalize()).isEqualTo(resolved);
    assertThat(resolved.startsWith(STAGING)).isTrue();
    assertThat(resolved).isNotEqualTo(STAGING);
    for (Path part : resolved) {
      assertThat(part.toString()).isNotIn("..", ".");
    }
  }

  @Property(tries = 500)
  void namesWithAParentStepOrAnAbsoluteStartAreRefused(
      @ForAll("segments") List<String> before, @ForAll("segments") List<String> after) {
    String climbing = String.join("/", before) + (before.isEmpty() ? "" : "/") + "../x";
    String absolute = "/" + String.join("/", after) + "/x";
    for (String name : List.of(climbing, absolute, climbing + "/" + String.join("/", after))) {
      assertThatThrownBy(() -> TarZstServiceData.checkedName(STAGING, name))
          .isInstanceOf(DomainException.InvalidInput.class);
    }
  }

  @Property(tries = 500)
  void plainRelativeNamesAreAccepted(@ForAll("segments") List<String> parts) {
    String name = parts.isEmpty() ? "f" : String.join("/", parts) + "/f";
    assertThat(TarZstServiceData.checkedName(STAGING, name)).isEqualTo(STAGING.resolve(name));
  }

  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> part =
        Arbitraries.oneOf(
            Arbitraries.of("..", ".", "", "a", "b.db", "/", "\\", "C:", "..\\..", "\0"),
            Arbitraries.strings().withChars("ab./\\:\0").ofMinLength(1).ofMaxLength(4));
    return part.list().ofMinSize(1).ofMaxSize(6).map(ps -> String.join("/", ps));
  }

  @Provide
  Arbitrary<List<String>> segments() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('.', '-', '_')
        .ofMinLength(1)
        .ofMaxLength(8)
        .filter(s -> !s.equals(".") && !s.equals(".."))
        .list()
        .ofMaxSize(4);
  }
}
