package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The {@code tokens.tags} column holds any list of tags, exactly. */
class TokenTagsProperties {

  @Property
  void anyTagsRoundTrip(@ForAll @Size(max = 32) List<String> tags) {
    assertThat(SqliteTokenStore.decodeTags(SqliteTokenStore.encodeTags(tags)))
        .containsExactlyElementsOf(tags);
  }

  @Property
  void tagsMadeOfSeparatorsAndEscapesRoundTrip(
      @ForAll @Size(max = 8)
          List<@net.jqwik.api.constraints.Chars({'\\', '\n', 'n', 'a'}) String> tags) {
    assertThat(SqliteTokenStore.decodeTags(SqliteTokenStore.encodeTags(tags)))
        .containsExactlyElementsOf(tags);
  }
}
