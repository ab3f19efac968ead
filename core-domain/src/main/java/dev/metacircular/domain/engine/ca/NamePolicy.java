package dev.metacircular.domain.engine.ca;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.pki.in.RoleInfo;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A role's rules for the names in a certificate, applied identically to {@code issue}, {@code sign}
 * (the CSR's names, or those given instead), {@code renew} and ACME orders:
 *
 * <ul>
 *   <li>a DNS name equal to one of {@code allowed_domains} needs {@code allow_bare_domains};
 *   <li>a name below one ({@code www.example.com} under {@code example.com}) needs {@code
 *       allow_subdomains};
 *   <li>a wildcard {@code *.D} (only as the whole leftmost label) needs {@code allow_wildcard} and
 *       stands for the subdomains of {@code D}, so it needs what {@code x.D} needs;
 *   <li>{@code localhost} and {@code localhost.localdomain} are allowed with {@code
 *       allow_localhost};
 *   <li>IP addresses (literals only, never resolved) need {@code allow_ip_sans};
 *   <li>URIs must match one of {@code allowed_uri_sans} ({@code *} matches any run of characters);
 *   <li>a CN is required when {@code require_cn}; a CN that is an IP literal is checked as an IP,
 *       any other CN as a DNS name (and is added to the DNS names).
 * </ul>
 *
 * Names are compared in lower case; a DNS name must be syntactically valid (letters, digits and
 * hyphens, labels of 1-63 characters not starting or ending with a hyphen, at most 253 characters).
 * Every refusal is {@code InvalidInput} naming the name and the role.
 */
final class NamePolicy {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

  private NamePolicy() {}

  /**
   * The names {@code role} allows for this request, or {@code InvalidInput} for the first one it
   * refuses.
   */
  static RequestedNames check(
      RoleInfo role,
      String commonName,
      List<String> altNames,
      List<String> ipSans,
      List<String> uriSans) {
    String cn = commonName == null || commonName.isBlank() ? null : commonName.strip();
    if (cn == null && role.requireCn()) {
      throw new DomainException.InvalidInput("common_name is required by role " + role.name());
    }
    Set<String> dns = new LinkedHashSet<>();
    Set<InetAddress> ips = new LinkedHashSet<>();
    Set<String> uris = new LinkedHashSet<>();
    if (cn != null) {
      InetAddress ip = ipLiteral(cn);
      if (ip != null) {
        ips.add(requireIpAllowed(role, ip, cn));
      } else {
        dns.add(requireDnsAllowed(role, cn));
      }
    }
    for (String name : altNames) {
      dns.add(requireDnsAllowed(role, name.strip()));
    }
    for (String text : ipSans) {
      InetAddress ip = ipLiteral(text.strip());
      if (ip == null) {
        throw new DomainException.InvalidInput("ip_sans: " + text + " is not an IP address");
      }
      ips.add(requireIpAllowed(role, ip, text));
    }
    for (String uri : uriSans) {
      uris.add(requireUriAllowed(role, uri.strip()));
    }
    if (dns.isEmpty() && ips.isEmpty() && uris.isEmpty()) {
      throw new DomainException.InvalidInput(
          "the certificate needs at least one name (common_name, alt_names, ip_sans or uri_sans)");
    }
    String subject = cn == null ? null : (ipLiteral(cn) != null ? cn : cn.toLowerCase(Locale.ROOT));
    return new RequestedNames(
        subject, new ArrayList<>(dns), new ArrayList<>(ips), new ArrayList<>(uris));
  }

  /**
   * Whether {@code role} allows the DNS name {@code name} (no exception; for listings and ACME).
   */
  static boolean allowsDns(RoleInfo role, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean wildcard = lower.startsWith("*.");
    String base = wildcard ? lower.substring(2) : lower;
    if (!validDnsName(base)) {
      return false;
    }
    if (wildcard) {
      return role.allowWildcard() && allowsSubdomainsOf(role, base);
    }
    if (role.allowLocalhost()
        && (lower.equals("localhost") || lower.equals("localhost.localdomain"))) {
      return true;
    }
    for (String domain : role.allowedDomains()) {
      String d = domain.toLowerCase(Locale.ROOT);
      if (lower.equals(d) && role.allowBareDomains()) {
        return true;
      }
      if (lower.endsWith("." + d) && role.allowSubdomains()) {
        return true;
      }
    }
    return false;
  }

  /** {@code x.base} would be allowed: base is, or is under, an allowed domain. */
  private static boolean allowsSubdomainsOf(RoleInfo role, String base) {
    if (!role.allowSubdomains()) {
      return false;
    }
    for (String domain : role.allowedDomains()) {
      String d = domain.toLowerCase(Locale.ROOT);
      if (base.equals(d) || base.endsWith("." + d)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code name} is a syntactically valid DNS name (no wildcard). */
  static boolean validDnsName(String name) {
    if (name.isEmpty() || name.length() > 253) {
      return false;
    }
    for (String label : name.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  /** The IP address {@code text} writes, or null when it is not a literal (never resolved). */
  static InetAddress ipLiteral(String text) {
    boolean v4 = IPV4.matcher(text).matches();
    boolean v6 = !v4 && text.contains(":") && IPV6.matcher(text).matches();
    if (!v4 && !v6) {
      return null;
    }
    try {
      // A literal: getByName parses it without any lookup.
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String requireDnsAllowed(RoleInfo role, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    String base = lower.startsWith("*.") ? lower.substring(2) : lower;
    if (!validDnsName(base)) {
      throw new DomainException.InvalidInput(name + " is not a valid DNS name");
    }
    if (!allowsDns(role, lower)) {
      throw new DomainException.InvalidInput(
          "name " + name + " is not allowed by role " + role.name());
    }
    return lower;
  }

  private static InetAddress requireIpAllowed(RoleInfo role, InetAddress ip, String text) {
    if (!role.allowIpSans()) {
      throw new DomainException.InvalidInput(
          "IP address " + text + " is not allowed by role " + role.name() + " (allow_ip_sans)");
    }
    return ip;
  }

  private static String requireUriAllowed(RoleInfo role, String uri) {
    try {
      URI parsed = new URI(uri);
      if (parsed.getScheme() == null) {
        throw new DomainException.InvalidInput("uri_sans: " + uri + " has no scheme");
      }
    } catch (URISyntaxException e) {
      throw new DomainException.InvalidInput("uri_sans: " + uri + " is not a URI");
    }
    for (String pattern : role.allowedUriSans()) {
      if (glob(pattern, uri)) {
        return uri;
      }
    }
    throw new DomainException.InvalidInput(
        "URI " + uri + " is not allowed by role " + role.name() + " (allowed_uri_sans)");
  }

  /** {@code *} matches any run of characters; everything else matches itself. */
  static boolean glob(String pattern, String text) {
    String[] parts = pattern.split("\\*", -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches();
  }
}
