package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.mcp.v1.BootReport;
import dev.metacircular.grpc.proto.mcp.v1.Component;
import dev.metacircular.grpc.proto.mcp.v1.ComponentStatus;
import dev.metacircular.grpc.proto.mcp.v1.NodeReport;
import dev.metacircular.grpc.proto.mcp.v1.NodeStatus;
import dev.metacircular.grpc.proto.mcp.v1.RecoveryReport;
import dev.metacircular.grpc.proto.mcp.v1.Route;
import dev.metacircular.grpc.proto.mcp.v1.RouteStatus;
import dev.metacircular.grpc.proto.mcp.v1.ServiceDefinition;
import dev.metacircular.grpc.proto.mcp.v1.ServiceEvent;
import dev.metacircular.grpc.proto.mcp.v1.ServiceList;
import dev.metacircular.grpc.proto.mcp.v1.ServiceName;
import dev.metacircular.grpc.proto.mcp.v1.ServiceStatus;
import dev.metacircular.ports.scheduler.Capacity;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.NodeHealth;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.Tier;
import dev.metacircular.ports.scheduler.VolumeMount;
import java.util.List;
import java.util.Locale;

/** The control plane's values to and from {@code metacircular.mcp.v1} messages, both ways. */
final class McpWire {

  private McpWire() {}

  static ServiceDefinition definition(dev.metacircular.ports.scheduler.ServiceDefinition d) {
    ServiceDefinition.Builder b =
        ServiceDefinition.newBuilder()
            .setName(d.name())
            .setNode(d.node())
            .setTier(d.tier().wireName())
            .setVersion(d.version());
    for (dev.metacircular.ports.scheduler.Component c : d.components()) {
      Component.Builder cb =
          Component.newBuilder()
              .setName(c.name())
              .setImage(c.image().value())
              .addAllCmd(c.cmd())
              .addAllEnv(c.env())
              .addAllVolumes(c.volumes().stream().map(VolumeMount::text).toList());
      for (dev.metacircular.ports.scheduler.Route r : c.routes()) {
        cb.addRoutes(
            Route.newBuilder()
                .setName(r.name())
                .setPort(r.port())
                .setMode(r.mode().wireName())
                .setHostname(r.hostname())
                .setHealthPath(r.healthPath()));
      }
      b.addComponents(cb);
    }
    return b.build();
  }

  /** A definition from the wire, validated by the port's records (InvalidInput on bad input). */
  static dev.metacircular.ports.scheduler.ServiceDefinition definition(ServiceDefinition d) {
    List<dev.metacircular.ports.scheduler.Component> components =
        d.getComponentsList().stream()
            .map(
                c ->
                    new dev.metacircular.ports.scheduler.Component(
                        c.getName(),
                        new ImageReference(c.getImage()),
                        c.getCmdList(),
                        c.getEnvList(),
                        c.getVolumesList().stream().map(VolumeMount::parse).toList(),
                        c.getRoutesList().stream()
                            .map(
                                r ->
                                    new dev.metacircular.ports.scheduler.Route(
                                        r.getName(),
                                        r.getPort(),
                                        RouteMode.parse(r.getMode()),
                                        r.getHostname(),
                                        r.getHealthPath()))
                            .toList()))
            .toList();
    return new dev.metacircular.ports.scheduler.ServiceDefinition(
        d.getName(),
        d.getNode(),
        d.getTier().isEmpty() ? Tier.WORKER : Tier.parse(d.getTier()),
        d.getVersion(),
        components);
  }

  static ServiceStatus status(dev.metacircular.ports.scheduler.ServiceStatus s) {
    ServiceStatus.Builder b =
        ServiceStatus.newBuilder().setName(s.name()).setNode(s.node()).setState(s.state());
    for (dev.metacircular.ports.scheduler.ComponentStatus c : s.components()) {
      ComponentStatus.Builder cb =
          ComponentStatus.newBuilder()
              .setName(c.name())
              .setContainer(c.container())
              .setImage(c.image())
              .setState(c.state());
      for (dev.metacircular.ports.scheduler.RouteStatus r : c.routes()) {
        cb.addRoutes(
            RouteStatus.newBuilder()
                .setName(r.name())
                .setPort(r.port())
                .setHostPort(r.hostPort())
                .setMode(r.mode()));
      }
      b.addComponents(cb);
    }
    for (dev.metacircular.ports.scheduler.ServiceEvent e : s.events()) {
      b.addEvents(
          ServiceEvent.newBuilder()
              .setAt(Wire.timestamp(e.at()))
              .setKind(e.kind())
              .setMessage(e.message()));
    }
    return b.build();
  }

  static dev.metacircular.ports.scheduler.ServiceStatus status(ServiceStatus s) {
    return new dev.metacircular.ports.scheduler.ServiceStatus(
        s.getName(),
        s.getNode(),
        s.getState(),
        s.getComponentsList().stream()
            .map(
                c ->
                    new dev.metacircular.ports.scheduler.ComponentStatus(
                        c.getName(),
                        c.getContainer(),
                        c.getImage(),
                        c.getState(),
                        c.getRoutesList().stream()
                            .map(
                                r ->
                                    new dev.metacircular.ports.scheduler.RouteStatus(
                                        r.getName(), r.getPort(), r.getHostPort(), r.getMode()))
                            .toList()))
            .toList(),
        s.getEventsList().stream()
            .map(
                e ->
                    new dev.metacircular.ports.scheduler.ServiceEvent(
                        Wire.instant(e.getAt()), e.getKind(), e.getMessage()))
            .toList());
  }

  static ServiceList list(List<dev.metacircular.ports.scheduler.ServiceStatus> all) {
    ServiceList.Builder b = ServiceList.newBuilder();
    all.forEach(s -> b.addServices(status(s)));
    return b.build();
  }

  static List<dev.metacircular.ports.scheduler.ServiceStatus> list(ServiceList list) {
    return list.getServicesList().stream().map(McpWire::status).toList();
  }

  static NodeReport report(dev.metacircular.ports.scheduler.NodeReport r) {
    return NodeReport.newBuilder()
        .setName(r.name())
        .setRole(r.role().wireName())
        .setCapacityContainers(r.capacity().containers())
        .setCapacityMemoryMb(r.capacity().memoryMb())
        .setUsedContainers(r.used().containers())
        .setUsedMemoryMb(r.used().memoryMb())
        .setRuntimeVersion(r.runtimeVersion())
        .build();
  }

  static dev.metacircular.ports.scheduler.NodeReport report(NodeReport r) {
    return new dev.metacircular.ports.scheduler.NodeReport(
        r.getName(),
        NodeRole.parse(r.getRole()),
        new Capacity(r.getCapacityContainers(), r.getCapacityMemoryMb()),
        new Capacity(r.getUsedContainers(), r.getUsedMemoryMb()),
        r.getRuntimeVersion());
  }

  static RecoveryReport recovery(dev.metacircular.ports.scheduler.RecoveryReport r) {
    return RecoveryReport.newBuilder()
        .setNode(r.node())
        .addAllApplied(r.applied())
        .addAllFailed(r.failed())
        .build();
  }

  static dev.metacircular.ports.scheduler.RecoveryReport recovery(RecoveryReport r) {
    return new dev.metacircular.ports.scheduler.RecoveryReport(
        r.getNode(), r.getAppliedList(), r.getFailedList());
  }

  static NodeStatus node(dev.metacircular.ports.scheduler.NodeStatus n) {
    NodeStatus.Builder b =
        NodeStatus.newBuilder()
            .setName(n.name())
            .setAddress(n.address())
            .setRole(n.role().wireName())
            .setHealth(n.health().wireName());
    if (n.lastSeen() != null) {
      b.setLastSeen(Wire.timestamp(n.lastSeen()));
    }
    return b.build();
  }

  static dev.metacircular.ports.scheduler.NodeStatus node(NodeStatus n) {
    return new dev.metacircular.ports.scheduler.NodeStatus(
        n.getName(),
        n.getAddress(),
        NodeRole.parse(n.getRole()),
        NodeHealth.valueOf(n.getHealth().toUpperCase(Locale.ROOT)),
        n.hasLastSeen() ? Wire.instant(n.getLastSeen()) : null);
  }

  static BootReport boot(dev.metacircular.ports.scheduler.BootReport r) {
    if (r instanceof dev.metacircular.ports.scheduler.BootReport.Completed done) {
      return BootReport.newBuilder().setCompleted(true).addAllStages(done.stages()).build();
    }
    dev.metacircular.ports.scheduler.BootReport.Failed f =
        (dev.metacircular.ports.scheduler.BootReport.Failed) r;
    return BootReport.newBuilder()
        .setCompleted(false)
        .addAllStages(f.completed())
        .setFailedStage(f.stage())
        .setFailedService(f.service())
        .setFailedCheck(f.check())
        .setReason(f.reason())
        .build();
  }

  static dev.metacircular.ports.scheduler.BootReport boot(BootReport r) {
    if (r.getCompleted()) {
      return new dev.metacircular.ports.scheduler.BootReport.Completed(r.getStagesList());
    }
    return new dev.metacircular.ports.scheduler.BootReport.Failed(
        r.getStagesList(),
        r.getFailedStage(),
        r.getFailedService(),
        r.getFailedCheck(),
        r.getReason());
  }

  /** The request naming one service, as every per-service call of both clients sends it. */
  static ServiceName serviceName(String service) {
    return ServiceName.newBuilder().setName(service).build();
  }
}
