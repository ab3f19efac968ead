package dev.metacircular.http.acme;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * DNS lookups for challenge validation: through the mount's {@code dns_resolver} ("host:port",
 * asked with the JDK's JNDI DNS provider) when one is set, else the system's resolver. {@code
 * localhost} and names under {@code .localhost} are the loopback address without asking (RFC 6761).
 */
final class ValidationNames {
  private final String resolver;

  ValidationNames(String resolver) {
    this.resolver = resolver == null ? "" : resolver;
  }

  /** The addresses of {@code name}; {@link UnknownHostException} when it has none. */
  List<InetAddress> addresses(String name) throws UnknownHostException {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("localhost") || lower.endsWith(".localhost")) {
      return List.of(InetAddress.getLoopbackAddress());
    }
    if (resolver.isEmpty()) {
      return List.of(InetAddress.getAllByName(name));
    }
    List<InetAddress> out = new ArrayList<>();
    for (String type : new String[] {"A", "AAAA"}) {
      for (String value : records(name, type)) {
        out.add(InetAddress.getByName(value));
      }
    }
    if (out.isEmpty()) {
      throw new UnknownHostException(name + " has no A or AAAA record");
    }
    return out;
  }

  /** The TXT records of {@code name} (empty when there are none). */
  List<String> txt(String name) throws UnknownHostException {
    List<String> out = new ArrayList<>();
    for (String value : records(name, "TXT")) {
      // JNDI answers a TXT record's strings space-separated and quoted when they hold spaces.
      out.add(
          value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2
              ? value.substring(1, value.length() - 1)
              : value);
    }
    return out;
  }

  private List<String> records(String name, String type) throws UnknownHostException {
    Hashtable<String, String> env = new Hashtable<>();
    env.put(DirContext.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
    env.put(DirContext.PROVIDER_URL, resolver.isEmpty() ? "dns:" : "dns://" + resolver);
    env.put("com.sun.jndi.dns.timeout.initial", "2000");
    env.put("com.sun.jndi.dns.timeout.retries", "2");
    List<String> out = new ArrayList<>();
    DirContext context = null;
    try {
      context = new InitialDirContext(env);
      Attributes attributes = context.getAttributes(name, new String[] {type});
      Attribute attribute = attributes.get(type);
      if (attribute != null) {
        NamingEnumeration<?> values = attribute.getAll();
        while (values.hasMore()) {
          out.add(String.valueOf(values.next()));
        }
      }
    } catch (javax.naming.NameNotFoundException e) {
      return out;
    } catch (NamingException e) {
      throw new UnknownHostException(name + ": " + e.getMessage());
    } finally {
      if (context != null) {
        try {
          context.close();
        } catch (NamingException e) {
          // nothing left to release
        }
      }
    }
    return out;
  }
}
