package dev.metacircular.rest.ssh;

import dev.metacircular.domain.engine.sshca.SshCaEngineType;
import dev.metacircular.domain.memory.InMemoryEngineStorage;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.engine.in.EngineRequest;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.in.RequestReader;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.ssh.in.SshCaOperations;
import dev.metacircular.rest.EngineDispatcher;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An sshca mount named {@code ssh} over in-memory storage and a manual clock, behind the real
 * {@link EngineDispatcher} (the JSON door) and as an {@link EngineUseCase} for a real REST server.
 * The seal gate and the ACL are the core's and left out; a public read runs as anonymous, any other
 * mount is not found.
 */
public final class SshCaFixture implements EngineUseCase {
  public static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  public static final Caller ALICE =
      new Caller(
          UUID.randomUUID(), "alice", Set.of(Role.USER), AccountType.HUMAN, null, "127.0.0.1");

  final InMemoryEngineStorage storage = new InMemoryEngineStorage();
  final ManualClock clock = new ManualClock(START);
  final Engine engine;
  private final EngineDispatcher door = new EngineDispatcher(this);

  public SshCaFixture() {
    SshCaEngineType type = new SshCaEngineType();
    engine = type.open(new EngineContext("ssh", type.validateConfig(Map.of()), storage, clock));
  }

  Map<String, Object> call(String operation, Object... keyValues) {
    return door.handle(ALICE, new EngineRequest("ssh", operation, fields(keyValues)));
  }

  static Map<String, Object> fields(Object... keyValues) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      data.put((String) keyValues[i], keyValues[i + 1]);
    }
    return data;
  }

  private void requireMount(String mount) {
    if (!mount.equals("ssh")) {
      throw new DomainException.NotFound("mount " + mount + " not found");
    }
  }

  @Override
  public <Q extends Record, R extends Record> R run(
      Caller caller, String mount, Operation<Q, R> operation, Q request) {
    requireMount(mount);
    return engine.handle(operation, request, caller);
  }

  @Override
  public <Q extends Record, R extends Record> R run(
      Caller caller, String mount, Operation<Q, R> operation, RequestReader data) {
    requireMount(mount);
    return engine.handle(operation, data.read(operation), caller);
  }

  @Override
  public <Q extends Record, R extends Record> R runPublic(
      String mount, Operation<Q, R> operation, Q request, String sourceAddress) {
    requireMount(mount);
    if (!operation.publicRead()) {
      throw new DomainException.Unauthenticated("missing token");
    }
    return engine.handle(operation, request, Caller.anonymous(sourceAddress));
  }

  @Override
  public Record dispatch(Caller caller, String mount, String operation, RequestReader data) {
    for (Operation<?, ?> known : SshCaOperations.ALL) {
      if (known.name().equals(operation)) {
        return run(caller, mount, known, data);
      }
    }
    throw new DomainException.InvalidInput(
        "unknown operation " + operation + " for engine type sshca");
  }
}
