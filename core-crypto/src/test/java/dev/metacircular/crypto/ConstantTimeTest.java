package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConstantTimeTest {

  @Test
  void bytes() {
    assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 2})).isTrue();
    assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 3})).isFalse();
    assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1})).isFalse();
    assertThat(ConstantTime.equals(new byte[0], new byte[0])).isTrue();
    assertThat(ConstantTime.equals((byte[]) null, new byte[0])).isFalse();
    assertThat(ConstantTime.equals((byte[]) null, (byte[]) null)).isFalse();
  }

  @Test
  void chars() {
    assertThat(ConstantTime.equals("secret".toCharArray(), "secret".toCharArray())).isTrue();
    assertThat(ConstantTime.equals("secret".toCharArray(), "secreT".toCharArray())).isFalse();
    assertThat(ConstantTime.equals("secret".toCharArray(), "secre".toCharArray())).isFalse();
    assertThat(ConstantTime.equals((char[]) null, "x".toCharArray())).isFalse();
    assertThat(ConstantTime.equals((char[]) null, (char[]) null)).isFalse();
  }

  @Test
  void strings() {
    assertThat(ConstantTime.equals("tökén", "tökén")).isTrue();
    assertThat(ConstantTime.equals("token", "tokem")).isFalse();
    assertThat(ConstantTime.equals("token", null)).isFalse();
    assertThat(ConstantTime.equals((String) null, (String) null)).isFalse();
  }
}
