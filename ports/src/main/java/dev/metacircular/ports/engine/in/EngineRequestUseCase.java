package dev.metacircular.ports.engine.in;

import dev.metacircular.ports.auth.Caller;
import java.util.Map;

/**
 * Inbound port: an engine operation with JSON-shaped data in and out, for the doors that carry
 * untyped data (the REST JSON door, gRPC's {@code EngineService.Request}, the shell). It is {@link
 * EngineUseCase#dispatch} plus the mapping between the tree and the operation's records (strict:
 * unknown fields, wrong types and missing values are {@code InvalidInput} naming the field), so the
 * same rules apply: the ACL first, then {@code NotFound}, {@code InvalidInput}, {@code
 * Unavailable("sealed")} as there.
 */
public interface EngineRequestUseCase {

  /** The operation's response record as a JSON-shaped tree, answered as {@code {"data": ...}}. */
  Map<String, Object> handle(Caller caller, EngineRequest request);
}
