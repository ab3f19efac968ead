package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TokenStore} must show. Tokens belong to accounts that exist in the
 * same database (stores may enforce that with a foreign key).
 */
public abstract class TokenStoreContract extends StorageContract {

  private static final Duration HOUR = Duration.ofHours(1);

  private TokenStore store() {
    return fixture().tokens();
  }

  private UUID givenAccount(String username) {
    StoredAccount a = account(username);
    fixture().accounts().insert(a);
    return a.id();
  }

  private static TokenRecord token(String jti, UUID accountId, Instant issuedAt) {
    return new TokenRecord(
        jti, accountId, TokenRecord.Kind.LOGIN, issuedAt, issuedAt.plus(HOUR), null, null);
  }

  private static void assertSameToken(TokenRecord actual, TokenRecord expected) {
    assertThat(actual.jti()).as("jti").isEqualTo(expected.jti());
    assertThat(actual.accountId()).as("accountId").isEqualTo(expected.accountId());
    assertThat(actual.kind()).as("kind").isEqualTo(expected.kind());
    assertThat(millis(actual.issuedAt())).as("issuedAt").isEqualTo(millis(expected.issuedAt()));
    assertThat(millis(actual.expiresAt())).as("expiresAt").isEqualTo(millis(expected.expiresAt()));
    assertThat(millis(actual.revokedAt())).as("revokedAt").isEqualTo(millis(expected.revokedAt()));
    assertThat(actual.revokeReason()).as("revokeReason").isEqualTo(expected.revokeReason());
  }

  @Test
  void anInsertedTokenIsFoundUnrevoked() {
    UUID alice = givenAccount("alice");
    TokenRecord login = token("jti-login", alice, T0);
    TokenRecord service =
        new TokenRecord(
            "jti-service",
            alice,
            TokenRecord.Kind.SERVICE,
            T0,
            T0.plus(Duration.ofDays(365)),
            null,
            null);
    store().insert(login);
    store().insert(service);

    TokenRecord foundLogin = store().find("jti-login").orElseThrow();
    assertSameToken(foundLogin, login);
    assertThat(foundLogin.revoked()).isFalse();
    assertThat(foundLogin.revokedAt()).isNull();
    assertThat(foundLogin.revokeReason()).isEmpty();
    assertSameToken(store().find("jti-service").orElseThrow(), service);
  }

  @Test
  void aRevokedRecordRoundTrips() {
    UUID alice = givenAccount("alice");
    TokenRecord revoked =
        new TokenRecord(
            "jti-1", alice, TokenRecord.Kind.LOGIN, T0, T0.plus(HOUR), T0.plusSeconds(5), "logout");
    store().insert(revoked);

    TokenRecord found = store().find("jti-1").orElseThrow();
    assertSameToken(found, revoked);
    assertThat(found.revoked()).isTrue();
  }

  @Test
  void anUnknownJtiIsNotFound() {
    UUID alice = givenAccount("alice");
    store().insert(token("jti-1", alice, T0));

    assertThat(store().find("jti-2")).isEmpty();
    assertThat(store().find("JTI-1")).isEmpty();
  }

  @Test
  void aDuplicateJtiConflictsAndLeavesTheFirstRecordAlone() {
    UUID alice = givenAccount("alice");
    UUID bob = givenAccount("bob");
    TokenRecord first = token("jti-1", alice, T0);
    store().insert(first);

    assertThatThrownBy(() -> store().insert(token("jti-1", bob, T0.plus(HOUR))))
        .isInstanceOf(DomainException.Conflict.class);

    assertSameToken(store().find("jti-1").orElseThrow(), first);
    assertThat(store().listForAccount(bob)).isEmpty();
  }

  @Test
  void revokeMarksTheTokenRevokedWithTimeAndReason() {
    UUID alice = givenAccount("alice");
    store().insert(token("jti-1", alice, T0));
    Instant when = T0.plus(Duration.ofMinutes(10));

    assertThat(store().revoke("jti-1", when, "logout")).isTrue();

    TokenRecord found = store().find("jti-1").orElseThrow();
    assertThat(found.revoked()).isTrue();
    assertThat(millis(found.revokedAt())).isEqualTo(millis(when));
    assertThat(found.revokeReason()).isEqualTo("logout");
  }

  @Test
  void revokingTwiceAnswersFalseAndKeepsTheFirstRevocation() {
    UUID alice = givenAccount("alice");
    store().insert(token("jti-1", alice, T0));
    Instant first = T0.plusSeconds(1);
    store().revoke("jti-1", first, "logout");

    assertThat(store().revoke("jti-1", T0.plusSeconds(2), "admin")).isFalse();

    TokenRecord found = store().find("jti-1").orElseThrow();
    assertThat(millis(found.revokedAt())).isEqualTo(millis(first));
    assertThat(found.revokeReason()).isEqualTo("logout");
  }

  @Test
  void revokingAnUnknownJtiAnswersFalse() {
    assertThat(store().revoke("nope", T0, "admin")).isFalse();
    assertThat(store().find("nope")).isEmpty();
  }

  @Test
  void revokeAllCountsOnlyUnrevokedTokensOfThatAccount() {
    UUID alice = givenAccount("alice");
    UUID bob = givenAccount("bob");
    store().insert(token("a1", alice, T0));
    store().insert(token("a2", alice, T0.plusSeconds(1)));
    store().insert(token("a3", alice, T0.plusSeconds(2)));
    store().insert(token("b1", bob, T0));
    Instant earlier = T0.plusSeconds(3);
    store().revoke("a3", earlier, "logout");
    Instant now = T0.plusSeconds(10);

    assertThat(store().revokeAllForAccount(alice, now, "account deleted")).isEqualTo(2);

    for (String jti : new String[] {"a1", "a2"}) {
      TokenRecord r = store().find(jti).orElseThrow();
      assertThat(millis(r.revokedAt())).as(jti).isEqualTo(millis(now));
      assertThat(r.revokeReason()).as(jti).isEqualTo("account deleted");
    }
    TokenRecord alreadyRevoked = store().find("a3").orElseThrow();
    assertThat(millis(alreadyRevoked.revokedAt())).isEqualTo(millis(earlier));
    assertThat(alreadyRevoked.revokeReason()).isEqualTo("logout");
    assertThat(store().find("b1").orElseThrow().revoked()).isFalse();

    assertThat(store().revokeAllForAccount(alice, now.plusSeconds(1), "again")).isZero();
  }

  @Test
  void audienceSessionStartAndTagsRoundTripThroughRevocation() {
    UUID alice = givenAccount("alice");
    Instant started = T0.minusSeconds(3600);
    List<String> tags = List.of("env:prod", "", "two\nlines", "back\\slash\\n", "ünïcode");
    TokenRecord renewed =
        new TokenRecord(
            "jti-1",
            alice,
            TokenRecord.Kind.LOGIN,
            T0,
            T0.plus(HOUR),
            null,
            null,
            "metacrypt",
            started,
            tags);
    store().insert(renewed);

    TokenRecord found = store().find("jti-1").orElseThrow();
    assertThat(found.audience()).isEqualTo("metacrypt");
    assertThat(millis(found.sessionStartedAt())).isEqualTo(millis(started));
    assertThat(found.tags()).containsExactlyElementsOf(tags);

    store().revoke("jti-1", T0.plusSeconds(1), "renewed");
    TokenRecord revoked = store().find("jti-1").orElseThrow();
    assertThat(revoked.audience()).isEqualTo("metacrypt");
    assertThat(millis(revoked.sessionStartedAt())).isEqualTo(millis(started));
    assertThat(revoked.tags()).containsExactlyElementsOf(tags);
    assertThat(store().listForAccount(alice).get(0).audience()).isEqualTo("metacrypt");
  }

  @Test
  void aRecordWithoutSessionDetailsStartsItsSessionAtIssueWithNoTags() {
    UUID alice = givenAccount("alice");
    store().insert(token("jti-1", alice, T0));

    TokenRecord found = store().find("jti-1").orElseThrow();
    assertThat(millis(found.sessionStartedAt())).isEqualTo(millis(T0));
    assertThat(found.tags()).isEmpty();
    assertThat(found.audience()).isEmpty();
  }

  @Test
  void revokeAllExceptKeepsOnlyTheNamedTokenOfThatAccount() {
    UUID alice = givenAccount("alice");
    UUID bob = givenAccount("bob");
    store().insert(token("a1", alice, T0));
    store().insert(token("a2", alice, T0.plusSeconds(1)));
    store().insert(token("keep", alice, T0.plusSeconds(2)));
    store().insert(token("b1", bob, T0));
    Instant now = T0.plusSeconds(10);

    assertThat(store().revokeAllForAccountExcept(alice, "keep", now, "password changed"))
        .isEqualTo(2);

    assertThat(store().find("a1").orElseThrow().revokeReason()).isEqualTo("password changed");
    assertThat(store().find("a2").orElseThrow().revoked()).isTrue();
    assertThat(store().find("keep").orElseThrow().revoked()).isFalse();
    assertThat(store().find("b1").orElseThrow().revoked()).isFalse();
    assertThat(store().revokeAllForAccountExcept(alice, null, now, "all")).isEqualTo(1);
    assertThat(store().find("keep").orElseThrow().revoked()).isTrue();
  }

  @Test
  void revokeAllForAnAccountWithoutTokensAnswersZero() {
    UUID alice = givenAccount("alice");
    UUID bob = givenAccount("bob");
    store().insert(token("b1", bob, T0));

    assertThat(store().revokeAllForAccount(alice, T0, "x")).isZero();
    assertThat(store().revokeAllForAccount(UUID.randomUUID(), T0, "x")).isZero();
    assertThat(store().find("b1").orElseThrow().revoked()).isFalse();
  }

  @Test
  void listForAccountHoldsOnlyThatAccountsTokensNewestFirst() {
    UUID alice = givenAccount("alice");
    UUID bob = givenAccount("bob");
    store().insert(token("a-middle", alice, T0.plusSeconds(60)));
    store().insert(token("a-oldest", alice, T0));
    store().insert(token("b-1", bob, T0.plusSeconds(30)));
    store().insert(token("a-newest", alice, T0.plusSeconds(120)));
    store().revoke("a-middle", T0.plusSeconds(90), "logout");

    assertThat(store().listForAccount(alice))
        .extracting(TokenRecord::jti)
        .containsExactly("a-newest", "a-middle", "a-oldest");
    assertThat(store().listForAccount(bob)).extracting(TokenRecord::jti).containsExactly("b-1");
    assertThat(store().listForAccount(UUID.randomUUID())).isEmpty();
  }

  @Test
  void listForAccountReturnsCompleteRecords() {
    UUID alice = givenAccount("alice");
    TokenRecord t = token("a-1", alice, T0);
    store().insert(t);
    store().revoke("a-1", T0.plusSeconds(1), "logout");

    TokenRecord listed = store().listForAccount(alice).get(0);
    assertSameToken(
        listed,
        new TokenRecord(
            "a-1", alice, TokenRecord.Kind.LOGIN, T0, T0.plus(HOUR), T0.plusSeconds(1), "logout"));
  }

  @Test
  void deleteExpiredRemovesOnlyRecordsThatExpiredBeforeNow() {
    UUID alice = givenAccount("alice");
    // Whole milliseconds: below a millisecond a store may round, so the boundary would blur.
    Instant now = millis(T0.plus(Duration.ofDays(1)));
    store().insert(expiring("long-gone", alice, now.minus(Duration.ofHours(5))));
    store().insert(expiring("just-gone", alice, now.minusMillis(1)));
    store().insert(expiring("revoked-gone", alice, now.minusSeconds(10)));
    store().revoke("revoked-gone", T0, "logout");
    store().insert(expiring("expires-now", alice, now));
    store().insert(expiring("still-valid", alice, now.plus(HOUR)));

    assertThat(store().deleteExpired(now)).isEqualTo(3);

    assertThat(store().find("long-gone")).isEmpty();
    assertThat(store().find("just-gone")).isEmpty();
    assertThat(store().find("revoked-gone")).isEmpty();
    assertThat(store().find("expires-now")).isPresent();
    assertThat(store().find("still-valid")).isPresent();
    assertThat(store().listForAccount(alice))
        .extracting(TokenRecord::jti)
        .containsExactlyInAnyOrder("expires-now", "still-valid");
    assertThat(store().deleteExpired(now)).isZero();
  }

  @Test
  void deleteExpiredOnAnEmptyStoreAnswersZero() {
    assertThat(store().deleteExpired(T0)).isZero();
  }

  private static TokenRecord expiring(String jti, UUID accountId, Instant expiresAt) {
    return new TokenRecord(
        jti,
        accountId,
        TokenRecord.Kind.LOGIN,
        T0.minus(Duration.ofDays(2)),
        expiresAt,
        null,
        null);
  }
}
