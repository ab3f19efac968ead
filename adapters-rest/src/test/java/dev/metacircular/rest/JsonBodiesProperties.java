package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.metacircular.ports.error.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Hostile bodies: whatever arrives, the reader either decodes it or refuses it as bad input. */
class JsonBodiesProperties {
  record Sample(String name, Integer count, List<String> tags, char[] password) {}

  @Property(tries = 500)
  void arbitraryBytesAreDecodedOrRefusedAsInvalidInput(@ForAll @Size(max = 300) byte[] body) {
    assertThatCode(() -> parseOrRefuse(body)).doesNotThrowAnyException();
  }

  @Property(tries = 500)
  void arbitraryTextIsDecodedOrRefusedAsInvalidInput(@ForAll @StringLength(max = 300) String text) {
    assertThatCode(() -> parseOrRefuse(text.getBytes(StandardCharsets.UTF_8)))
        .doesNotThrowAnyException();
  }

  @Property(tries = 300)
  void anyStringFieldRoundTrips(@ForAll @StringLength(max = 200) String name) {
    String json =
        new String(JsonBodies.toBytes(new Sample(name, 1, List.of(), null)), StandardCharsets.UTF_8)
            .replace(",\"password\":null", "");
    Sample sample = JsonBodies.parse(json.getBytes(StandardCharsets.UTF_8), Sample.class);
    assertThat(sample.name()).isEqualTo(name);
  }

  @Property(tries = 200)
  void refusalsNeverQuoteTheBody(@ForAll @StringLength(min = 8, max = 40) String secret) {
    String body = "{\"password\":\"" + secret.replace("\\", "").replace("\"", "") + "\",";
    try {
      JsonBodies.parse(body.getBytes(StandardCharsets.UTF_8), Sample.class);
    } catch (DomainException.InvalidInput refused) {
      assertThat(refused.getMessage()).isEqualTo("malformed JSON");
    }
  }

  private static void parseOrRefuse(byte[] body) {
    try {
      JsonBodies.parse(body, Sample.class);
    } catch (DomainException.InvalidInput refused) {
      assertThat(refused.getMessage()).isNotBlank().hasSizeLessThan(120);
    }
  }
}
