package dev.metacircular.ports.engine.spi;

/**
 * A request or response value whose wire form is one string ({@code metacrypt:v1:...}). The JSON
 * door writes {@link #text()} and reads the value back through the type's {@code public static T
 * parse(String field, String text)}, which refuses bad text with {@code InvalidInput} naming the
 * field. Binary doors (gRPC, embedding code) carry the value itself.
 */
public interface TextValue {

  /** The wire form. */
  String text();
}
