package dev.metacircular.rest;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.EngineRequest;
import dev.metacircular.ports.engine.in.EngineRequestUseCase;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.in.RequestReader;
import dev.metacircular.ports.engine.spi.Operation;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one generic engine dispatcher for doors that carry JSON-shaped data ({@code POST
 * /v1/engine/request}, gRPC's {@code EngineService.Request}, the shell): the core finds the
 * operation by name in the mount's engine type and runs it like any typed call, reading the request
 * record from {@code data} through {@link OperationJson} and answering the response record as a
 * tree. A new engine type needs nothing here.
 *
 * <p>The binary values decoded from the request ({@code byte[]} components: plaintexts, inputs) are
 * wiped once the operation has run.
 */
public final class EngineDispatcher implements EngineRequestUseCase {

  /**
   * The accessors of each request record's {@code byte[]} components, found once per type: {@code
   * getRecordComponents} costs microseconds, far more than the wipe.
   */
  private static final ClassValue<List<Method>> BINARY =
      new ClassValue<>() {
        @Override
        protected List<Method> computeValue(Class<?> type) {
          List<Method> accessors = new ArrayList<>();
          for (RecordComponent c : type.getRecordComponents()) {
            if (c.getType() == byte[].class) {
              accessors.add(c.getAccessor());
            }
          }
          return List.copyOf(accessors);
        }
      };

  private final EngineUseCase operations;

  public EngineDispatcher(EngineUseCase operations) {
    this.operations = Objects.requireNonNull(operations, "operations");
  }

  @Override
  public Map<String, Object> handle(Caller caller, EngineRequest request) {
    Objects.requireNonNull(request, "request");
    DataReader data = new DataReader(request.data());
    try {
      Record response = operations.dispatch(caller, request.mount(), request.operation(), data);
      return OperationJson.tree(response);
    } finally {
      data.wipe();
    }
  }

  /** Reads the request record on the core's demand and remembers it for wiping. */
  private static final class DataReader implements RequestReader {
    private final Map<String, Object> data;
    private Record read;

    DataReader(Map<String, Object> data) {
      this.data = data;
    }

    @Override
    public <Q extends Record> Q read(Operation<Q, ?> operation) {
      Q request = OperationJson.read(data, operation.request());
      read = request;
      return request;
    }

    @Override
    public Object peek(String field) {
      return data.get(field);
    }

    void wipe() {
      if (read == null) {
        return;
      }
      for (Method accessor : BINARY.get(read.getClass())) {
        try {
          byte[] bytes = (byte[]) accessor.invoke(read);
          if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
          }
        } catch (ReflectiveOperationException e) {
          // A record's accessor: cannot fail. Nothing to wipe then.
        }
      }
    }
  }
}
