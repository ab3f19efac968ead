package dev.metacircular.ports.u2u.in;

/** The answer of {@code encrypt}: the envelope (version 1, see docs/u2u.md), base64 in JSON. */
public record SealedMessage(byte[] envelope) {}
