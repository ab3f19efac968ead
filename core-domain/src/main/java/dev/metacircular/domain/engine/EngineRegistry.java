package dev.metacircular.domain.engine;

import dev.metacircular.domain.access.Admins;
import dev.metacircular.domain.codec.TreeCodec;
import dev.metacircular.domain.seal.Barrier;
import dev.metacircular.domain.seal.SealLifecycle;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.CryptoAuditTypes;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.in.MountAdminUseCase;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.EngineType;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine registry: the mount table (in the barrier, at {@code sys/mounts/<name>}) and the open
 * engines. A mount is opened on first use after each unseal and closed on seal (its keys wiped) and
 * on unmount. Engine types are given at construction: adding one changes nothing here.
 */
public final class EngineRegistry implements MountAdminUseCase {

  static final String MOUNTS = "sys/mounts/";

  private final SealLifecycle seal;
  private final Barrier barrier;
  private final Map<String, EngineType> types;
  private final Map<String, Map<String, Operation<?, ?>>> catalogues;
  private final Clock clock;
  private final AuditLog audit;
  private final ConcurrentHashMap<String, OpenMount> open = new ConcurrentHashMap<>();
  private final Object changes = new Object();

  public EngineRegistry(
      SealLifecycle seal, List<EngineType> engineTypes, Clock clock, AuditLog audit) {
    this.seal = Objects.requireNonNull(seal, "seal");
    this.barrier = seal.barrier();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.audit = Objects.requireNonNull(audit, "audit");
    Map<String, EngineType> byName = new TreeMap<>();
    for (EngineType t : engineTypes) {
      if (byName.put(t.type(), t) != null) {
        throw new IllegalArgumentException("engine type " + t.type() + " registered twice");
      }
    }
    this.types = Map.copyOf(byName);
    Map<String, Map<String, Operation<?, ?>>> catalogues = new TreeMap<>();
    for (EngineType t : byName.values()) {
      catalogues.put(t.type(), catalogue(t));
    }
    this.catalogues = Map.copyOf(catalogues);
    seal.onSeal(this::closeAll);
  }

  /**
   * An open mount: its engine and its type's operations by name.
   *
   * @param type the engine type's name
   * @param engine the open engine
   * @param operations the type's catalogue, by operation name
   */
  public record OpenMount(String type, Engine engine, Map<String, Operation<?, ?>> operations) {}

  private static Map<String, Operation<?, ?>> catalogue(EngineType type) {
    Map<String, Operation<?, ?>> byName = new TreeMap<>();
    for (Operation<?, ?> operation : type.operations()) {
      if (!operation.engineType().equals(type.type())) {
        throw new IllegalArgumentException(
            operation + " is declared for engine type " + type.type());
      }
      if (byName.put(operation.name(), operation) != null) {
        throw new IllegalArgumentException(operation + " is declared twice");
      }
    }
    return Map.copyOf(byName);
  }

  @Override
  public Mount mount(Caller caller, String name, String type, Map<String, Object> config) {
    Admins.require(caller);
    Mount.requireValidName(name);
    if (type == null || type.isBlank()) {
      throw new DomainException.InvalidInput("type is required");
    }
    EngineType engineType = types.get(type);
    if (engineType == null) {
      throw new DomainException.InvalidInput(
          "unknown engine type " + type + " (known: " + String.join(", ", types()) + ")");
    }
    Map<String, Object> validated = engineType.validateConfig(config == null ? Map.of() : config);
    Mount mount = new Mount(name, type, validated);
    synchronized (changes) {
      seal.whileUnsealed(
          () -> {
            if (barrier.get(MOUNTS + name).isPresent()) {
              throw new DomainException.Conflict("mount " + name + " already exists");
            }
            audit.append(
                AuditEvent.of(
                    clock.instant(),
                    CryptoAuditTypes.MOUNT_CREATED,
                    caller.auditActor(),
                    name,
                    caller.sourceAddress(),
                    Map.of("type", type)));
            barrier.put(MOUNTS + name, encode(mount));
            return engine(name);
          });
    }
    return mount;
  }

  @Override
  public List<Mount> list(Caller caller) {
    Admins.require(caller);
    return seal.whileUnsealed(
        () -> {
          List<Mount> mounts = new ArrayList<>();
          for (String path : barrier.list(MOUNTS)) {
            barrier.get(path).map(EngineRegistry::decode).ifPresent(mounts::add);
          }
          return mounts;
        });
  }

  @Override
  public void unmount(Caller caller, String name) {
    Admins.require(caller);
    Mount.requireValidName(name);
    synchronized (changes) {
      seal.whileUnsealed(
          () -> {
            if (barrier.get(MOUNTS + name).isEmpty()) {
              throw new DomainException.NotFound("mount " + name + " not found");
            }
            audit.append(
                AuditEvent.of(
                    clock.instant(),
                    CryptoAuditTypes.MOUNT_DELETED,
                    caller.auditActor(),
                    name,
                    caller.sourceAddress(),
                    Map.of()));
            OpenMount mount = open.remove(name);
            if (mount != null) {
              mount.engine().close();
            }
            barrier.destroyMount(name, MOUNTS + name);
            return null;
          });
    }
  }

  @Override
  public List<String> types() {
    return List.copyOf(types.keySet());
  }

  /** The mount's description, or empty when there is no such mount. Needs an unsealed barrier. */
  public Optional<Mount> find(String name) {
    return seal.whileUnsealed(() -> barrier.get(MOUNTS + name).map(EngineRegistry::decode));
  }

  /**
   * The open engine of a mount, opening it on first use after unseal. {@code NotFound} when there
   * is no such mount. Call while unsealed (under {@link SealLifecycle#whileUnsealed}).
   */
  public Engine engine(String name) {
    return opened(name).engine();
  }

  /** The open mount {@code name} with its type's operations; as {@link #engine}. */
  public OpenMount opened(String name) {
    OpenMount mount = open.get(name);
    if (mount != null) {
      return mount;
    }
    synchronized (open) {
      mount = open.get(name);
      if (mount != null) {
        return mount;
      }
      Mount stored =
          find(name)
              .orElseThrow(() -> new DomainException.NotFound("mount " + name + " not found"));
      EngineType type = types.get(stored.type());
      if (type == null) {
        throw new IllegalStateException(
            "mount " + name + " has engine type " + stored.type() + ", which this build lacks");
      }
      Engine engine =
          type.open(new EngineContext(name, stored.config(), barrier.mountStorage(name), clock));
      mount = new OpenMount(type.type(), engine, catalogues.get(type.type()));
      open.put(name, mount);
      return mount;
    }
  }

  /** The engine type of a mount, for error messages. */
  public String typeOf(String name) {
    return find(name).map(Mount::type).orElse("unknown");
  }

  private void closeAll() {
    synchronized (open) {
      for (OpenMount mount : open.values()) {
        mount.engine().close();
      }
      open.clear();
    }
  }

  private static byte[] encode(Mount mount) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("name", mount.name());
    tree.put("type", mount.type());
    tree.put("config", mount.config());
    return TreeCodec.encode(tree);
  }

  @SuppressWarnings("unchecked")
  private static Mount decode(byte[] bytes) {
    Map<String, Object> tree = TreeCodec.decode(bytes);
    return new Mount(
        (String) tree.get("name"),
        (String) tree.get("type"),
        (Map<String, Object>) tree.get("config"));
  }
}
