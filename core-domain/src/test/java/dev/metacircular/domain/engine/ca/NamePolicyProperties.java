package dev.metacircular.domain.engine.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.pki.in.RoleInfo;
import dev.metacircular.ports.pki.in.Ttl;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The role's name rules, as properties over generated names and role flags. */
class NamePolicyProperties {

  record Flags(
      boolean subdomains, boolean bare, boolean wildcard, boolean localhost, boolean ips) {}

  static RoleInfo role(Flags f, List<String> domains) {
    return new RoleInfo(
        "r",
        "infra",
        domains,
        f.subdomains(),
        f.bare(),
        f.wildcard(),
        f.localhost(),
        f.ips(),
        List.of("spiffe://cluster/*"),
        "ec",
        256,
        Ttl.of(Duration.ofHours(1)),
        Ttl.of(Duration.ofHours(2)),
        true,
        false,
        false);
  }

  @Provide
  Arbitrary<String> label() {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789")
        .ofMinLength(1)
        .ofMaxLength(12);
  }

  @Provide
  Arbitrary<Flags> flags() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false))
        .as(Flags::new);
  }

  @Property
  void aBareDomainNeedsAllowBareDomains(@ForAll("label") String a, @ForAll("flags") Flags f) {
    String domain = a + ".test";
    assertThat(NamePolicy.allowsDns(role(f, List.of(domain)), domain)).isEqualTo(f.bare());
  }

  @Property
  void aSubdomainNeedsAllowSubdomainsAtAnyDepth(
      @ForAll("label") String a,
      @ForAll("label") String b,
      @ForAll("label") String c,
      @ForAll("flags") Flags f) {
    String domain = a + ".test";
    RoleInfo role = role(f, List.of(domain));
    assertThat(NamePolicy.allowsDns(role, b + "." + domain)).isEqualTo(f.subdomains());
    assertThat(NamePolicy.allowsDns(role, c + "." + b + "." + domain)).isEqualTo(f.subdomains());
  }

  @Property
  void aWildcardNeedsAllowWildcardAndAllowSubdomains(
      @ForAll("label") String a, @ForAll("flags") Flags f) {
    String domain = a + ".test";
    assertThat(NamePolicy.allowsDns(role(f, List.of(domain)), "*." + domain))
        .isEqualTo(f.wildcard() && f.subdomains());
  }

  @Property
  void aNameThatOnlyEndsLikeTheDomainIsNotUnderIt(
      @ForAll("label") String a, @ForAll("label") String b, @ForAll("flags") Flags f) {
    // "evilexample.test" is not a subdomain of "example.test".
    String domain = a + ".test";
    assertThat(NamePolicy.allowsDns(role(f, List.of(domain)), b + a + ".test"))
        .isEqualTo(false || (f.bare() && (b + a).equals(a)));
  }

  @Property
  void localhostNeedsAllowLocalhostWhenNotAnAllowedDomain(@ForAll("flags") Flags f) {
    assertThat(NamePolicy.allowsDns(role(f, List.of("example.test")), "localhost"))
        .isEqualTo(f.localhost());
  }

  @Property
  void ipSansNeedAllowIpSans(
      @ForAll("flags") Flags f,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 255) int x,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 255) int y) {
    String ip = "10." + x + "." + y + ".1";
    RoleInfo role = role(f, List.of("example.test"));
    if (f.ips()) {
      RequestedNames names = NamePolicy.check(role, null, List.of(), List.of(ip), List.of());
      assertThat(names.ipAddresses()).extracting(a -> a.getHostAddress()).containsExactly(ip);
    } else {
      assertThatThrownBy(() -> NamePolicy.check(role, null, List.of(), List.of(ip), List.of()))
          .isInstanceOf(DomainException.InvalidInput.class)
          .hasMessageContaining("allow_ip_sans");
    }
  }

  @Property
  void malformedNamesAreRefusedWhateverTheFlags(
      @ForAll("flags") Flags f, @ForAll("badName") String name) {
    RoleInfo role = role(f, List.of("example.test"));
    assertThat(NamePolicy.allowsDns(role, name)).isFalse();
  }

  @Provide
  Arbitrary<String> badName() {
    return Arbitraries.of(
        "-a.example.test",
        "a-.example.test",
        "a..example.test",
        "a_b.example.test",
        "a.*.example.test",
        "f*.example.test",
        "",
        ".example.test",
        "a.example.test.",
        "a".repeat(64) + ".example.test",
        "**.example.test",
        "*");
  }

  @Property
  void namesAreCaseInsensitiveAndComeOutLowerCase(@ForAll("label") String a) {
    RoleInfo role = role(new Flags(true, true, false, false, false), List.of("example.test"));
    String upper = (a + ".Example.TEST").toUpperCase();
    RequestedNames names = NamePolicy.check(role, upper, List.of(), List.of(), List.of());
    assertThat(names.dnsNames()).containsExactly(upper.toLowerCase());
  }

  @Example
  void uriSansMatchTheRoleGlobs() {
    RoleInfo role = role(new Flags(false, false, false, false, false), List.of());
    assertThat(
            NamePolicy.check(role, null, List.of(), List.of(), List.of("spiffe://cluster/ns/a"))
                .uris())
        .containsExactly("spiffe://cluster/ns/a");
    assertThatThrownBy(
            () -> NamePolicy.check(role, null, List.of(), List.of(), List.of("spiffe://other/a")))
        .hasMessageContaining("allowed_uri_sans");
    assertThatThrownBy(() -> NamePolicy.check(role, null, List.of(), List.of(), List.of()))
        .hasMessageStartingWith("the certificate needs at least one name");
  }

  @Example
  void anIpCommonNameIsCheckedAsAnIp() {
    RoleInfo noIps = role(new Flags(true, true, true, true, false), List.of("example.test"));
    assertThatThrownBy(
            () -> NamePolicy.check(noIps, "192.168.1.1", List.of(), List.of(), List.of()))
        .hasMessageContaining("allow_ip_sans");
    assertThat(NamePolicy.ipLiteral("::1")).isNotNull();
    assertThat(NamePolicy.ipLiteral("example.test")).isNull();
    assertThat(NamePolicy.ipLiteral("256.1.1.1")).isNull();
  }

  @Example
  void requireCnRefusesAMissingCommonName() {
    RoleInfo role =
        new RoleInfo(
            "r",
            "infra",
            List.of("example.test"),
            true,
            true,
            false,
            false,
            false,
            List.of(),
            "ec",
            256,
            Ttl.of(Duration.ofHours(1)),
            Ttl.of(Duration.ofHours(1)),
            true,
            false,
            true);
    assertThatThrownBy(
            () -> NamePolicy.check(role, null, List.of("a.example.test"), List.of(), List.of()))
        .hasMessage("common_name is required by role r");
  }
}
