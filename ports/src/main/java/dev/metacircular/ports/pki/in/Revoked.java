package dev.metacircular.ports.pki.in;

import java.time.Instant;

/** {@code revoke}: the serial and when it was revoked (the first time, if revoked twice). */
public record Revoked(SerialNumber serialNumber, Instant revocationTime) {}
