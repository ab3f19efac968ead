package dev.metacircular.apps.mcp;

import dev.metacircular.ports.scheduler.out.HostPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A host port is free when a socket can bind it on the publish address right now. */
final class SocketHostPorts implements HostPorts {

  @Override
  public boolean isFree(String address, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
