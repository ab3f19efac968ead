package dev.metacircular.ports.pki.in;

/**
 * {@code tidy}: removes certificates that expired more than {@code safety_buffer} ago (default 72h)
 * from the store and from the CRLs.
 */
public record Tidy(Ttl safetyBuffer) {}
