package dev.metacircular.ports.engine;

import dev.metacircular.ports.auth.Caller;
import java.util.Map;

/**
 * Inbound port: every engine operation. The ACL policy decides first (subject: the caller;
 * resource: the mount; action: the operation name; admins bypass): a denied request is {@code
 * Forbidden}. Then {@code NotFound} for an unknown mount, {@code InvalidInput} for an unknown
 * operation or bad data, {@code Unavailable("sealed")} while sealed.
 */
public interface EngineRequests {

  /** The operation's result, a JSON-shaped tree answered as {@code {"data": ...}}. */
  Map<String, Object> handle(Caller caller, EngineRequest request);
}
