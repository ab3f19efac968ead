package dev.metacircular.domain.scheduler;

import static dev.metacircular.domain.scheduler.SchedulerFixtures.node;
import static dev.metacircular.domain.scheduler.SchedulerFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.scheduler.Node;
import dev.metacircular.ports.scheduler.NodeHealth;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.Placement;
import dev.metacircular.ports.scheduler.Tier;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Placement (DESIGN.md §3.4) over any fleet of nodes. */
class PlacementProperties {

  @Provide
  Arbitrary<List<Node>> fleets() {
    Arbitrary<Node> one =
        Combinators.combine(
                Arbitraries.of(NodeRole.class),
                Arbitraries.of(NodeHealth.class),
                Arbitraries.integers().between(0, 6))
            .as((role, health, free) -> node("x", role, health, free));
    return one.list()
        .ofMinSize(0)
        .ofMaxSize(8)
        .map(
            nodes -> {
              List<Node> named = new ArrayList<>();
              for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                named.add(new Node("n" + i, n.role(), n.health(), n.capacity(), n.used()));
              }
              return named;
            });
  }

  @Property
  void aWorkerServiceGoesToTheHealthyWorkerWithTheMostFreeRoomOrIsRefused(
      @ForAll("fleets") List<Node> nodes, @ForAll @IntRange(min = 1, max = 3) int components) {
    Placement placement = Placer.place(service("web", "", Tier.WORKER, components), nodes, "");
    List<Node> candidates =
        nodes.stream()
            .filter(n -> n.role() == NodeRole.WORKER && n.health() == NodeHealth.HEALTHY)
            .filter(n -> n.free().containers() >= components)
            .toList();
    if (candidates.isEmpty()) {
      assertThat(placement).isInstanceOf(Placement.Refused.class);
      return;
    }
    assertThat(placement).isInstanceOf(Placement.Placed.class);
    Node chosen =
        nodes.stream()
            .filter(n -> n.name().equals(((Placement.Placed) placement).node()))
            .findFirst()
            .orElseThrow();
    assertThat(chosen.role()).isEqualTo(NodeRole.WORKER);
    assertThat(chosen.health()).isEqualTo(NodeHealth.HEALTHY);
    int most = candidates.stream().mapToInt(n -> n.free().containers()).max().orElseThrow();
    assertThat(chosen.free().containers()).isEqualTo(most);
  }

  @Property
  void noServiceIsEverPlacedOnAnEdgeOrUnhealthyNode(
      @ForAll("fleets") List<Node> nodes,
      @ForAll Tier tier,
      @ForAll @IntRange(min = 0, max = 8) int pin) {
    String pinned = pin < nodes.size() ? nodes.get(pin).name() : "";
    Placement placement = Placer.place(service("web", pinned, tier, 1), nodes, "");
    if (placement instanceof Placement.Placed placed) {
      Node chosen = nodes.stream().filter(n -> n.name().equals(placed.node())).findFirst().get();
      assertThat(chosen.role()).isNotEqualTo(NodeRole.EDGE);
      assertThat(chosen.health()).isEqualTo(NodeHealth.HEALTHY);
      if (!pinned.isEmpty()) {
        assertThat(chosen.name()).isEqualTo(pinned);
      } else if (tier == Tier.CORE) {
        assertThat(chosen.role()).isEqualTo(NodeRole.MASTER);
      }
    }
  }

  @Example
  void anExplicitNodeWinsOverTheTier() {
    List<Node> nodes =
        List.of(
            node("master", NodeRole.MASTER, NodeHealth.HEALTHY, 5),
            node("small", NodeRole.WORKER, NodeHealth.HEALTHY, 1),
            node("big", NodeRole.WORKER, NodeHealth.HEALTHY, 9));
    assertThat(Placer.place(service("web", "small", Tier.WORKER, 1), nodes, ""))
        .isEqualTo(new Placement.Placed("small"));
    assertThat(Placer.place(service("web", "", Tier.CORE, 1), nodes, ""))
        .isEqualTo(new Placement.Placed("master"));
    assertThat(Placer.place(service("web", "", Tier.WORKER, 1), nodes, ""))
        .isEqualTo(new Placement.Placed("big"));
  }

  @Example
  void refusalsNameTheirReason() {
    List<Node> nodes =
        List.of(
            node("edge", NodeRole.EDGE, NodeHealth.HEALTHY, 5),
            node("down", NodeRole.WORKER, NodeHealth.UNHEALTHY, 5),
            node("full", NodeRole.WORKER, NodeHealth.HEALTHY, 0));
    assertThat(Placer.place(service("web", "nope", Tier.WORKER, 1), nodes, ""))
        .isEqualTo(new Placement.Refused("node nope is unknown"));
    assertThat(Placer.place(service("web", "edge", Tier.WORKER, 1), nodes, ""))
        .isEqualTo(new Placement.Refused("node edge is an edge node and runs no containers"));
    assertThat(Placer.place(service("web", "down", Tier.WORKER, 1), nodes, ""))
        .isEqualTo(new Placement.Refused("node down is unhealthy"));
    assertThat(Placer.place(service("web", "full", Tier.WORKER, 1), nodes, ""))
        .isEqualTo(new Placement.Refused("node full is full (1 containers needed, 0 free)"));
    assertThat(Placer.place(service("web", "", Tier.WORKER, 1), nodes, ""))
        .isEqualTo(new Placement.Refused("every healthy worker is full (1 containers needed)"));
    assertThat(Placer.place(service("web", "", Tier.WORKER, 1), nodes.subList(0, 2), ""))
        .isEqualTo(new Placement.Refused("no healthy worker node"));
    assertThat(Placer.place(service("web", "", Tier.CORE, 1), nodes, ""))
        .isEqualTo(new Placement.Refused("no node has the master role for a core-tier service"));
  }

  @Example
  void aRedeployStaysOnItsNodeEvenWhenAnotherHasMoreRoom() {
    List<Node> nodes =
        List.of(
            node("a", NodeRole.WORKER, NodeHealth.HEALTHY, 0),
            node("b", NodeRole.WORKER, NodeHealth.HEALTHY, 9));
    assertThat(Placer.place(service("web", "", Tier.WORKER, 1), nodes, "a"))
        .isEqualTo(new Placement.Placed("a"));
    assertThat(Placer.place(service("web", "a", Tier.WORKER, 1), nodes, "a"))
        .isEqualTo(new Placement.Placed("a"));
  }
}
