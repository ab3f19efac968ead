package dev.metacircular.ports.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The operation values an engine declares: names, paths, handlers and batch items. */
class EngineSpiTest {

  static final Caller ALICE =
      new Caller(UUID.randomUUID(), "alice", Set.of(Role.USER), AccountType.HUMAN, "j", "");

  record Echo(String key) {}

  record Answer(String value) {}

  static final Operation<Echo, Answer> READ =
      Operation.reading(
          "demo",
          "read-it",
          Echo.class,
          Answer.class,
          ResourcePath.named("things/", "key", Echo::key));

  static final Operation<Echo, Answer> WRITE =
      Operation.changing(
          "demo", "write-it", Echo.class, Answer.class, ResourcePath.fixed("things/"));

  @Test
  void anOperationNameIsLowerCaseWordsJoinedByDashes() {
    assertThat(READ.changesState()).isFalse();
    assertThat(WRITE.changesState()).isTrue();
    assertThat(READ).hasToString("demo.read-it");
    for (String bad :
        new String[] {"", "Read", "read_it", "-read", "read-", "a b", "x".repeat(65)}) {
      assertThatThrownBy(
              () -> Operation.reading("demo", bad, Echo.class, Answer.class, ResourcePath.none()))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aResourcePathComesFromTheTypedRequestOrFromRawDataWithoutThrowing() {
    assertThat(READ.resource().of(new Echo("a"))).isEqualTo("things/a");
    assertThat(READ.resource().of(new Echo(""))).isNull();
    assertThat(READ.resource().of(new Echo(null))).isNull();
    assertThat(READ.resource().ofRaw(Map.of("key", "a")::get)).isEqualTo("things/a");
    assertThat(READ.resource().ofRaw(Map.of("key", 7)::get)).isNull();
    assertThat(WRITE.resource().of(new Echo("a"))).isEqualTo("things/");
    assertThat(WRITE.resource().ofRaw(Map.of()::get)).isEqualTo("things/");
    assertThat(ResourcePath.<Echo>none().of(new Echo("a"))).isNull();
    assertThatThrownBy(() -> new ResourcePath<Echo>(null, "key", Echo::key))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A request naming its resource by one of two fields. */
  record ByEither(String serial, String keyId) {}

  @Test
  void aPathWithAnAlternativeTakesItWhenTheRequestDoesNotGiveTheFirstField() {
    ResourcePath<ByEither> path =
        ResourcePath.<ByEither>named("certs/", "serial_number", ByEither::serial)
            .orElse(ResourcePath.named("certs/key-id/", "key_id", ByEither::keyId));
    assertThat(path.of(new ByEither("12", null))).isEqualTo("certs/12");
    assertThat(path.of(new ByEither(null, "alice-1"))).isEqualTo("certs/key-id/alice-1");
    assertThat(path.of(new ByEither(null, null))).isNull();
    assertThat(path.ofRaw(Map.of("serial_number", "12")::get)).isEqualTo("certs/12");
    assertThat(path.ofRaw(Map.of("key_id", "alice-1")::get)).isEqualTo("certs/key-id/alice-1");
    // A first field of the wrong type is not "absent": no path, and the data's check refuses it.
    assertThat(path.ofRaw(Map.of("serial_number", 12, "key_id", "alice-1")::get)).isNull();
    assertThatThrownBy(() -> ResourcePath.<ByEither>fixed("certs/").orElse(path))
        .isInstanceOf(IllegalArgumentException.class);
    // The SSH CA's revoke by key id is one: an ACL rule on certs/** covers both ways in.
    assertThat(
            dev.metacircular.ports.ssh.in.SshCaOperations.REVOKE
                .resource()
                .of(new dev.metacircular.ports.ssh.in.RevokeCertificate(null, "alice-1")))
        .isEqualTo("certs/key-id/alice-1");
    assertThat(
            dev.metacircular.ports.ssh.in.SshCaOperations.REVOKE
                .resource()
                .ofRaw(Map.of("key_id", "alice-1")::get))
        .isEqualTo("certs/key-id/alice-1");
  }

  @Test
  void handlersBindEveryOperationOnceAndRunTheBoundOne() {
    Handlers handlers =
        Handlers.of(List.of(READ, WRITE))
            .on(READ, e -> new Answer("read " + e.key()))
            .on(WRITE, e -> new Answer("wrote " + e.key()))
            .bound();
    assertThat(handlers.handle(READ, new Echo("a"), ALICE)).isEqualTo(new Answer("read a"));
    assertThat(handlers.handle(WRITE, new Echo("b"), ALICE)).isEqualTo(new Answer("wrote b"));

    assertThatThrownBy(() -> Handlers.of(List.of(READ, WRITE)).on(READ, e -> null).bound())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("write-it has no handler");
    assertThatThrownBy(() -> Handlers.of(List.of(READ)).on(READ, e -> null).on(READ, e -> null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Handlers.of(List.of(READ)).on(WRITE, e -> null))
        .isInstanceOf(IllegalArgumentException.class);
    Handlers onlyRead = Handlers.of(List.of(READ)).on(READ, e -> new Answer("")).bound();
    assertThatThrownBy(() -> onlyRead.handle(WRITE, new Echo("a"), ALICE))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("unknown operation write-it for engine type demo");
    assertThatThrownBy(() -> onlyRead.on(READ, e -> null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aHandlerBoundWithOnCallIsGivenWhoAsked() {
    Handlers handlers =
        Handlers.of(List.of(READ, WRITE))
            .onCall(READ, (e, caller) -> new Answer(caller.name() + " read " + e.key()))
            .on(WRITE, e -> new Answer("wrote " + e.key()))
            .bound();
    assertThat(handlers.handle(READ, new Echo("a"), ALICE)).isEqualTo(new Answer("alice read a"));
    assertThat(handlers.handle(READ, new Echo("a"), Caller.anonymous("192.0.2.1")))
        .isEqualTo(new Answer("(anonymous) read a"));
    assertThatThrownBy(() -> handlers.handle(READ, new Echo("a"), null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aPublicReadIsMarkedAndCannotChangeState() {
    Operation<Echo, Answer> ca =
        Operation.publicReading("demo", "get-ca", Echo.class, Answer.class, ResourcePath.none());
    assertThat(ca.publicRead()).isTrue();
    assertThat(ca.changesState()).isFalse();
    assertThat(READ.publicRead()).isFalse();
    assertThat(WRITE.publicRead()).isFalse();
    assertThatThrownBy(
            () ->
                new Operation<>(
                    "demo", "put-ca", Echo.class, Answer.class, true, ResourcePath.none(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot change state");
    Caller anonymous = Caller.anonymous("192.0.2.1");
    assertThat(anonymous.isAnonymous()).isTrue();
    assertThat(anonymous.isAdmin()).isFalse();
    assertThat(anonymous.roles()).isEmpty();
    assertThat(anonymous.sourceAddress()).isEqualTo("192.0.2.1");
    assertThat(ALICE.isAnonymous()).isFalse();
    assertThat(Caller.offlineTool("mc").isAnonymous()).isFalse();
  }

  @Test
  void aBatchAnswersEveryItemAndARefusedItemNeverFailsIt() {
    List<BatchItem<Echo>> items =
        List.of(
            BatchItem.of(() -> new Echo("a")),
            BatchItem.of(
                () -> {
                  throw new DomainException.InvalidInput("key is required");
                }),
            BatchItem.of(() -> new Echo("boom")));
    assertThat(items.get(1)).isEqualTo(new BatchItem.Refused<Echo>("key is required"));

    List<String> answers =
        BatchItem.answerEach(
            items,
            e -> {
              if (e.key().equals("boom")) {
                throw new DomainException.NotFound("no boom");
              }
              return "ok " + e.key();
            },
            reason -> "error " + reason);
    assertThat(answers).containsExactly("ok a", "error key is required", "error no boom");
  }
}
