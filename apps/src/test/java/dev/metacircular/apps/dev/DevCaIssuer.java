package dev.metacircular.apps.dev;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * For tests outside this package that take certificates from dev mode's CA: a system account that
 * may {@code issue} under the dev mount and nothing else, and its service token in a 0600 file.
 */
public final class DevCaIssuer {

  /** Dev mode's CA mount. */
  public static final String MOUNT = DevCa.MOUNT;

  /** Dev mode's role: localhost, loopback addresses and names under {@code .test}. */
  public static final String ROLE = DevCa.ROLE;

  private DevCaIssuer() {}

  /** Creates {@code account} with its policy and writes its token for the crypto service. */
  public static Path tokenFile(DevPlatform platform, String account, Path file) throws IOException {
    Account issuer =
        platform
            .identityCore()
            .accounts()
            .create(
                DevPlatform.CALLER,
                new CreateAccountCommand(account, AccountType.SYSTEM, null, Set.of()));
    platform
        .cryptoCore()
        .policy()
        .create(
            DevPlatform.CALLER,
            new PolicyRule(
                account,
                10,
                Effect.ALLOW,
                "l7 routes take their certificates from the dev CA",
                new SubjectMatch(List.of(account), null, null),
                new ResourceMatch(null, null, List.of(DevCa.MOUNT), null),
                List.of("issue")));
    String token =
        platform
            .identityCore()
            .tokenAdmin()
            .issueServiceToken(DevPlatform.CALLER, issuer.id(), Duration.ofHours(1), "metacrypt")
            .token();
    Files.writeString(file, "");
    Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
    return file;
  }
}
