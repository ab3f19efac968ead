package dev.metacircular.domain.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.scheduler.PortRange;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Host ports: unique on a node, inside the range, kept across redeploys. */
class PortAllocationProperties {

  private static List<Route> routes(int count) {
    if (count == 1) {
      return List.of(new Route("", 8080, RouteMode.L4, ""));
    }
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> new Route("r" + i, 8000 + i, RouteMode.L7, ""))
        .toList();
  }

  @Property
  void servicesOfANodeNeverShareAPortAndStayInTheRange(
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 4) Integer> routeCounts,
      @ForAll @IntRange(min = 10000, max = 10040) int low,
      @ForAll @Size(max = 10) Set<@IntRange(min = 10000, max = 10100) Integer> busyOnHost) {
    PortRange range = new PortRange(low, low + 60);
    Set<Integer> held = new HashSet<>();
    for (int count : routeCounts) {
      Map<String, Integer> ports;
      try {
        ports =
            PortAllocator.allocate(
                range, routes(count), Map.of(), held, p -> !busyOnHost.contains(p));
      } catch (DomainException.Conflict exhausted) {
        assertThat(exhausted.getMessage()).contains("no free host port");
        return;
      }
      assertThat(ports).hasSize(count);
      for (int port : ports.values()) {
        assertThat(range.contains(port)).isTrue();
        assertThat(busyOnHost).doesNotContain(port);
        assertThat(held.add(port)).as("port %d given twice", port).isTrue();
      }
    }
  }

  @Property
  void aRedeployKeepsItsPorts(
      @ForAll @IntRange(min = 1, max = 4) int count,
      @ForAll @Size(max = 10) Set<@IntRange(min = 10000, max = 10030) Integer> others) {
    PortRange range = new PortRange(10000, 10100);
    Map<String, Integer> first =
        PortAllocator.allocate(range, routes(count), Map.of(), others, p -> true);
    // The service's own ports are busy on the host now (its containers hold them): still kept.
    Set<Integer> busy = new HashSet<>(first.values());
    Map<String, Integer> again =
        PortAllocator.allocate(range, routes(count), first, others, p -> !busy.contains(p));
    assertThat(again).isEqualTo(first);
  }

  @Example
  void oneUnnamedRouteIsPortAndNamedRoutesAreUpperCased() {
    assertThat(new Route("", 80, RouteMode.L4, "").portVariable()).isEqualTo("PORT");
    assertThat(new Route("grpc", 80, RouteMode.L4, "").portVariable()).isEqualTo("PORT_GRPC");
    assertThat(new Route("admin-api", 80, RouteMode.L4, "").portVariable())
        .isEqualTo("PORT_ADMIN_API");
  }

  @Example
  void aFullRangeIsRefusedWithTheRange() {
    PortRange range = new PortRange(10000, 10001);
    assertThatThrownBy(
            () -> PortAllocator.allocate(range, routes(3), Map.of(), Set.of(), p -> true))
        .isInstanceOf(DomainException.Conflict.class)
        .hasMessage("no free host port left in the node's range 10000-10001");
  }

  @Example
  void aKeptPortOutsideANarrowedRangeMoves() {
    Map<String, Integer> kept = new HashMap<>(Map.of("PORT", 20000));
    assertThat(
            PortAllocator.allocate(
                new PortRange(10000, 10010), routes(1), kept, Set.of(), p -> true))
        .isEqualTo(Map.of("PORT", 10000));
  }
}
