package dev.metacircular.rest;

import dev.metacircular.ports.client.out.RecordTrees;
import java.util.Map;

/**
 * The JSON door's record mapping ({@link OperationJson}) for clients: the REST client writes its
 * request records and reads the answers with it, and the gRPC client's generic {@code
 * EngineService} call is handed the same one, so a typed operation looks the same on every wire.
 */
public final class OperationTrees implements RecordTrees {

  /** The one mapping; stateless. */
  public static final OperationTrees INSTANCE = new OperationTrees();

  private OperationTrees() {}

  @Override
  public Map<String, Object> tree(Record record) {
    return OperationJson.tree(record);
  }

  @Override
  public <R extends Record> R read(Map<String, Object> tree, Class<R> type) {
    return OperationJson.read(tree, type);
  }
}
