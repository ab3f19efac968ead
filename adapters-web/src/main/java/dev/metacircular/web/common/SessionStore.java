package dev.metacircular.web.common;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Server-side sessions, in memory (a restart signs everyone out, as a restart seals the crypto
 * service). The browser gets only a random 256-bit id in a {@code __Host-} cookie that is Secure,
 * HttpOnly and SameSite=Strict; the store keys sessions by the SHA-256 of that id, so neither a
 * heap dump nor a timing difference in the lookup hands out a live cookie.
 *
 * <p>A session ends after {@link WebSettings#idleTimeout()} without a request, after {@link
 * WebSettings#maxLifetime()} in any case, and at logout. At most {@link WebSettings#maxSessions()}
 * are kept: past that, expired ones are purged and then the least recently used is dropped, so
 * anonymous page views cannot exhaust memory.
 */
final class SessionStore {
  private static final int ID_BYTES = 32;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final WebSettings settings;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, WebSession> sessions = new ConcurrentHashMap<>();

  SessionStore(WebSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  WebSettings settings() {
    return settings;
  }

  /** The request's live session, if its cookie names one; refreshes its idle timer. */
  Optional<WebSession> find(Context ctx) {
    String id = ctx.cookie(settings.cookieName());
    if (id == null || !ID.matcher(id).matches()) {
      return Optional.empty();
    }
    String key = hash(id);
    WebSession session = sessions.get(key);
    if (session == null) {
      return Optional.empty();
    }
    Instant now = now();
    if (expired(session, now)) {
      sessions.remove(key, session);
      return Optional.empty();
    }
    session.touch(now);
    return Optional.of(session);
  }

  /** The request's session, or a new anonymous one (its cookie set on the response). */
  WebSession findOrCreate(Context ctx) {
    return find(ctx).orElseGet(() -> create(ctx));
  }

  /**
   * Signs {@code who} in on a brand-new session (new id, new CSRF token) and ends {@code old}: a
   * session id known before login (planted, or seen on a shared machine) is worthless after it.
   */
  WebSession signIn(Context ctx, WebSession old, SignedIn who) {
    Objects.requireNonNull(who, "who");
    if (old != null) {
      sessions.remove(old.key(), old);
    }
    WebSession fresh = create(ctx);
    fresh.signIn(who);
    return fresh;
  }

  /** Ends the session on the server and tells the browser to drop the cookie. */
  void end(Context ctx, WebSession session) {
    if (session != null) {
      sessions.remove(session.key(), session);
      session.signOut();
    }
    ctx.res()
        .addHeader(
            "Set-Cookie",
            settings.cookieName() + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
  }

  /** How many sessions are kept (expired ones may still count until the next purge). */
  int size() {
    return sessions.size();
  }

  /** The current time on the settings' clock. */
  Instant now() {
    return settings.clock().instant();
  }

  private WebSession create(Context ctx) {
    makeRoom();
    byte[] raw = new byte[ID_BYTES];
    random.nextBytes(raw);
    String id = B64.encodeToString(raw);
    random.nextBytes(raw);
    String csrf = B64.encodeToString(raw);
    WebSession session = new WebSession(hash(id), csrf, now());
    sessions.put(session.key(), session);
    // No Max-Age: the browser forgets the cookie when it closes; the server forgets the session
    // at its timeouts either way.
    ctx.res()
        .addHeader(
            "Set-Cookie",
            settings.cookieName() + "=" + id + "; Path=/; Secure; HttpOnly; SameSite=Strict");
    return session;
  }

  private void makeRoom() {
    if (sessions.size() < settings.maxSessions()) {
      return;
    }
    Instant now = now();
    sessions.values().removeIf(s -> expired(s, now));
    while (sessions.size() >= settings.maxSessions()) {
      sessions.values().stream()
          .min(Comparator.comparing(WebSession::lastSeen))
          .ifPresent(oldest -> sessions.remove(oldest.key(), oldest));
    }
  }

  private boolean expired(WebSession session, Instant now) {
    return !now.isBefore(session.lastSeen().plus(settings.idleTimeout()))
        || !now.isBefore(session.createdAt().plus(settings.maxLifetime()));
  }

  private static String hash(String id) {
    try {
      return B64.encodeToString(
          MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
