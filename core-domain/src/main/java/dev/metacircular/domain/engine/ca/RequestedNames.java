package dev.metacircular.domain.engine.ca;

import java.net.InetAddress;
import java.util.List;

/**
 * The names a certificate will carry once a role allowed them: the subject CN (or null), DNS names
 * (lower case, the CN among them when it is a DNS name), IP addresses and URIs.
 */
record RequestedNames(
    String commonName, List<String> dnsNames, List<InetAddress> ipAddresses, List<String> uris) {
  RequestedNames {
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    uris = List.copyOf(uris);
  }

  /** Every name as text, for records and listings: DNS names, then IPs, then URIs. */
  List<String> all() {
    java.util.ArrayList<String> out = new java.util.ArrayList<>(dnsNames);
    ipAddresses.forEach(ip -> out.add(ip.getHostAddress()));
    out.addAll(uris);
    return out;
  }
}
