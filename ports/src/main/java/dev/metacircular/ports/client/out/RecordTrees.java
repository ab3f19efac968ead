package dev.metacircular.ports.client.out;

import java.util.Map;

/**
 * The JSON-shaped form of engine operation records, the one the JSON door reads and writes ({@code
 * POST /v1/engine/request}): components in snake_case, null ones left out, {@code byte[]} as
 * canonical base64, text values as their text, nested records as objects. A client that carries
 * typed operations over a tree-shaped wire (the REST JSON door, gRPC's {@code EngineService}
 * struct) writes its request records and reads the answers with it, so every client and the server
 * agree on one mapping. Implemented in adapters-rest (Jackson) and handed to the other clients by
 * the composition root.
 */
public interface RecordTrees {

  /** {@code record} as a JSON-shaped tree (a batch's valid items as their values). */
  Map<String, Object> tree(Record record);

  /**
   * {@code tree} as a {@code type} record; {@code InvalidInput} naming the field when it does not
   * make one (unknown field, wrong type, missing value).
   */
  <R extends Record> R read(Map<String, Object> tree, Class<R> type);
}
