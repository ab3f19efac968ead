package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class Base32Properties {

  @Property(tries = 300)
  void roundTrips(@ForAll @Size(max = 200) byte[] data) {
    char[] encoded = Base32.encode(data);
    assertThat(new String(encoded)).matches("[A-Z2-7]*");
    assertThat(Base32.decode(encoded)).isEqualTo(data);
    assertThat(Base32.decode(new String(encoded).toLowerCase().toCharArray())).isEqualTo(data);
  }
}
