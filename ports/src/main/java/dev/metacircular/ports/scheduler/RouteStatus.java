package dev.metacircular.ports.scheduler;

/** One route in {@code status}: {@code {"name","port","host_port","mode"}}. */
public record RouteStatus(String name, int port, int hostPort, String mode) {}
