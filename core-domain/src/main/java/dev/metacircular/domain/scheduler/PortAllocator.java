package dev.metacircular.domain.scheduler;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.scheduler.PortRange;
import dev.metacircular.ports.scheduler.Route;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Host ports for routes: one per route from the node's range, never a port another service of the
 * node holds, and a route keeps the port it had (restarts and redeploys do not move it). A new
 * route takes the lowest port that is neither held nor busy on the host ({@code hostFree}, a bind
 * probe in the agent: something outside the registry may hold a port).
 */
public final class PortAllocator {

  private PortAllocator() {}

  /**
   * The host port of each route, keyed by the route's variable ({@code PORT}, {@code PORT_GRPC}).
   *
   * @param kept what this service's routes held before, by variable
   * @param heldByOthers the ports other services of the node hold
   */
  public static Map<String, Integer> allocate(
      PortRange range,
      List<Route> routes,
      Map<String, Integer> kept,
      Set<Integer> heldByOthers,
      IntPredicate hostFree) {
    Map<String, Integer> result = new LinkedHashMap<>();
    Set<Integer> taken = new HashSet<>(heldByOthers);
    for (Route route : routes) {
      Integer previous = kept.get(route.portVariable());
      if (previous != null && range.contains(previous) && !taken.contains(previous)) {
        result.put(route.portVariable(), previous);
        taken.add(previous);
      }
    }
    for (Route route : routes) {
      if (result.containsKey(route.portVariable())) {
        continue;
      }
      int port = lowestFree(range, taken, hostFree);
      result.put(route.portVariable(), port);
      taken.add(port);
    }
    return result;
  }

  private static int lowestFree(PortRange range, Set<Integer> taken, IntPredicate hostFree) {
    for (int port = range.low(); port <= range.high(); port++) {
      if (!taken.contains(port) && hostFree.test(port)) {
        return port;
      }
    }
    throw new DomainException.Conflict("no free host port left in the node's range " + range);
  }
}
