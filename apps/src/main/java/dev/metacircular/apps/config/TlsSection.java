package dev.metacircular.apps.config;

import java.util.List;

/**
 * {@code [tls]} as the identity and crypto services' TOML files spell it (every value optional and
 * unvalidated; see {@link TlsIssuing} for what each key means). Public so that configurations read
 * by {@link StrictToml} (the control plane's agent and master) take the same table.
 */
public record TlsSection(
    String issueUrl,
    String caCert,
    String mount,
    String role,
    String commonName,
    List<String> altNames,
    List<String> ipSans,
    String ttl,
    String tokenFile,
    String acmeDirectory,
    String acmeEabKid,
    String acmeEabKeyFile,
    String acmeHttp01Listen) {}
