package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {
  @Test
  void canonicalUuidsParseInEitherCase() {
    UUID id = UUID.randomUUID();
    assertThat(Ids.accountId(id.toString())).isEqualTo(id);
    assertThat(Ids.accountId(id.toString().toUpperCase(java.util.Locale.ROOT))).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1-1-1-1-1",
        "0000000-0000-4000-8000-000000000001",
        "{00000000-0000-4000-8000-000000000001}",
        "00000000000040008000000000000001",
        "00000000-0000-4000-8000-000000000001 ",
        "g0000000-0000-4000-8000-000000000001"
      })
  void everyOtherSpellingIsInvalid(String value) {
    assertThatThrownBy(() -> Ids.accountId(value))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("invalid account id");
  }

  @Test
  void nullIsInvalid() {
    assertThatThrownBy(() -> Ids.accountId(null)).isInstanceOf(DomainException.InvalidInput.class);
  }
}
