package dev.metacircular.web.common;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One browser's server-side session: its CSRF token, whom it is signed in as (if anyone), one-shot
 * messages for the next page, and attributes a flow keeps between requests (an SSO state, a login
 * waiting for its TOTP code). The browser holds only the random session id, in a cookie.
 *
 * <p>Sessions are created and ended by {@link SessionStore}; a new sign-in always starts a new
 * session (new id, new CSRF token), so an id planted before login is worthless after it.
 */
public final class WebSession {
  private final String key;
  private final String csrfToken;
  private final Instant createdAt;
  private volatile Instant lastSeen;
  private SignedIn signedIn;
  private final List<Flash> flashes = new ArrayList<>();
  private final Map<String, Object> attributes = new HashMap<>();

  WebSession(String key, String csrfToken, Instant createdAt) {
    this.key = key;
    this.csrfToken = csrfToken;
    this.createdAt = createdAt;
    this.lastSeen = createdAt;
  }

  /** The store's key for this session (a hash of the cookie value, never the value itself). */
  String key() {
    return key;
  }

  /** The synchronizer token every mutating request of this session must carry. */
  public String csrfToken() {
    return csrfToken;
  }

  public Instant createdAt() {
    return createdAt;
  }

  Instant lastSeen() {
    return lastSeen;
  }

  void touch(Instant now) {
    lastSeen = now;
  }

  /** Whom the session is signed in as, while the token has not expired. */
  public synchronized Optional<SignedIn> signedIn(Instant now) {
    if (signedIn != null && !now.isBefore(signedIn.expiresAt())) {
      signedIn = null;
    }
    return Optional.ofNullable(signedIn);
  }

  synchronized void signIn(SignedIn who) {
    signedIn = who;
  }

  /** Forgets the sign-in (the token was refused, or expired) but keeps the session. */
  public synchronized void signOut() {
    signedIn = null;
  }

  /** A message shown once, on the next page this session renders. */
  public synchronized void flash(Flash.Kind kind, String message) {
    if (flashes.size() < 10) {
      flashes.add(new Flash(kind, message));
    }
  }

  /** The pending messages, removed from the session. */
  public synchronized List<Flash> takeFlashes() {
    List<Flash> out = List.copyOf(flashes);
    flashes.clear();
    return out;
  }

  /** An attribute a flow stored in this session. */
  public synchronized <T> Optional<T> attribute(String name, Class<T> type) {
    Object value = attributes.get(name);
    return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
  }

  public synchronized void setAttribute(String name, Object value) {
    attributes.put(name, value);
  }

  /** Removes and returns an attribute (for one-shot values such as an SSO state). */
  public synchronized <T> Optional<T> removeAttribute(String name, Class<T> type) {
    Object value = attributes.remove(name);
    return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "WebSession[createdAt=" + createdAt + "]";
  }
}
