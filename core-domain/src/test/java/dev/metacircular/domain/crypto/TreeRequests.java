package dev.metacircular.domain.crypto;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.EngineRequest;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.in.RequestReader;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Core tests' stand-in for a door that carries untyped data: runs {@link EngineRequest}s through
 * {@link EngineUseCase#dispatch} with records of string-valued components read from the map by
 * name, and answers the response record's components as a map. (The real JSON door, with its types,
 * base64 and messages, is adapters-rest's {@code EngineDispatcher}, tested there.)
 */
final class TreeRequests {
  private final EngineUseCase operations;

  private TreeRequests(EngineUseCase operations) {
    this.operations = operations;
  }

  static TreeRequests of(CryptoCore core) {
    return new TreeRequests(core.operations());
  }

  Map<String, Object> handle(Caller caller, EngineRequest request) {
    Record answer =
        operations.dispatch(
            caller, request.mount(), request.operation(), new MapReader(request.data()));
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : answer.getClass().getRecordComponents()) {
      try {
        out.put(c.getName(), c.getAccessor().invoke(answer));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  private record MapReader(Map<String, Object> data) implements RequestReader {
    @Override
    public <Q extends Record> Q read(Operation<Q, ?> operation) {
      RecordComponent[] components = operation.request().getRecordComponents();
      for (String field : data.keySet()) {
        if (Arrays.stream(components).noneMatch(c -> c.getName().equals(field))) {
          throw new DomainException.InvalidInput("unknown field " + field);
        }
      }
      Object[] args = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        args[i] = data.get(components[i].getName());
        types[i] = components[i].getType();
      }
      try {
        Constructor<Q> canonical = operation.request().getDeclaredConstructor(types);
        canonical.setAccessible(true);
        return canonical.newInstance(args);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      } catch (ReflectiveOperationException | ClassCastException | IllegalArgumentException e) {
        throw new DomainException.InvalidInput("data does not fit " + operation);
      }
    }

    @Override
    public Object peek(String field) {
      return data.get(field);
    }
  }
}
