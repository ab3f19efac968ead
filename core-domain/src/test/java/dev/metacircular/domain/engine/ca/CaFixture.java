package dev.metacircular.domain.engine.ca;

import dev.metacircular.domain.memory.InMemoryEngineStorage;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.RoleSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A ca mount over in-memory storage and a manual clock, with a root, an issuer and a role. */
final class CaFixture {

  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  static final CaUrls URLS = new CaUrls("https://ca.test:8443");

  final InMemoryEngineStorage storage = new InMemoryEngineStorage();
  final ManualClock clock = new ManualClock(START);
  final CaEngineType type = new CaEngineType(URLS);
  final Map<String, Object> config;
  Engine engine;

  CaFixture() {
    this(Map.of("root_common_name", "Test Root", "root_key_type", "ec-p256"));
  }

  CaFixture(Map<String, Object> rawConfig) {
    config = type.validateConfig(rawConfig);
    engine = open();
  }

  Engine open() {
    return type.open(new EngineContext("pki", config, storage, clock));
  }

  void reopen() {
    engine.close();
    engine = open();
  }

  <Q extends Record, R extends Record> R run(Operation<Q, R> operation, Q request) {
    return engine.handle(operation, request, alice());
  }

  static Caller alice() {
    return new Caller(null, "alice", null, null, null, "127.0.0.1");
  }

  CaFixture withIssuerAndRole() {
    run(PkiOperations.CREATE_ISSUER, new CreateIssuer("infra", "Infra CA", "ec-p384", null));
    run(PkiOperations.CREATE_ROLE, role("web", List.of("example.test"), true, true, false));
    return this;
  }

  static RoleSettings role(
      String name, List<String> domains, boolean subdomains, boolean bare, boolean wildcard) {
    return RoleSettings.named(name)
        .issuer("infra")
        .allowedDomains(domains)
        .allowSubdomains(subdomains)
        .allowBareDomains(bare)
        .allowWildcard(wildcard)
        .allowLocalhost(true)
        .allowIpSans(true)
        .allowedUriSans(List.of("spiffe://test/*"))
        .clientFlag(true)
        .build();
  }
}
