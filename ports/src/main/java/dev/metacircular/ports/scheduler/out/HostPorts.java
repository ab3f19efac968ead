package dev.metacircular.ports.scheduler.out;

/** Outbound port: whether a host port is free on the node's publish address (a bind probe). */
public interface HostPorts {

  boolean isFree(String address, int port);
}
