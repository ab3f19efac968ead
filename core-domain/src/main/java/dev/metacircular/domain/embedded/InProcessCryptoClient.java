package dev.metacircular.domain.embedded;

import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.client.out.CryptoClient;
import dev.metacircular.ports.client.out.RuleClient;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.SealState;
import java.util.List;
import java.util.Map;

/**
 * The crypto client contract over a crypto core in this process: the shell's {@code --offline} mode
 * over the database file, or an {@link EmbeddedPlatform}. Opened over a file it starts sealed like
 * a server does; {@code unseal} with the seal password opens it, and closing the shell seals it
 * again (wiping the keys). Every call runs as the offline tool {@code caller}, which the ACL treats
 * as an admin, and is audited with that actor.
 */
public final class InProcessCryptoClient implements CryptoClient {
  private final CryptoCore core;
  private final Caller caller;
  private final RuleClient acl;

  public InProcessCryptoClient(CryptoCore core, Caller caller) {
    this.core = core;
    this.caller = caller;
    this.acl = new InProcessRuleClient(core.policy(), caller);
  }

  @Override
  public SealState status() {
    return core.seal().state();
  }

  @Override
  public void init(char[] password) {
    core.seal().initialize(password);
  }

  @Override
  public void unseal(char[] password) {
    core.seal().unseal(password, "");
  }

  @Override
  public void seal() {
    core.seal().seal(caller);
  }

  @Override
  public void rekey(char[] oldPassword, char[] newPassword) {
    core.seal().rekey(caller, oldPassword, newPassword);
  }

  @Override
  public KeyRotation rotate() {
    return core.seal().rotateMasterKey(caller);
  }

  @Override
  public KeyRotation keyStatus() {
    return core.seal().keyStatus(caller);
  }

  @Override
  public List<Mount> mounts() {
    return core.mounts().list(caller);
  }

  @Override
  public Mount mount(String name, String type, Map<String, Object> config) {
    return core.mounts().mount(caller, name, type, config);
  }

  @Override
  public void unmount(String name) {
    core.mounts().unmount(caller, name);
  }

  @Override
  public <Q extends Record, R extends Record> R run(
      String mount, Operation<Q, R> operation, Q request) {
    return core.operations().run(caller, mount, operation, request);
  }

  @Override
  public RuleClient acl() {
    return acl;
  }

  @Override
  public List<AuditEvent> audit(AuditFilter filter) {
    return core.audit().query(caller, filter);
  }
}
