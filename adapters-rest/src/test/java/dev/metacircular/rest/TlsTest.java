package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The listener speaks TLS 1.2 and 1.3 only, and there is no plain HTTP at all. */
class TlsTest {
  private static Javalin app;

  @BeforeAll
  static void start() {
    app =
        SecureJavalin.create(
                TestTls.settings(),
                config ->
                    config.routes.get(
                        "/ok", ctx -> JsonBodies.write(ctx, 200, Map.of("status", "ok"))))
            .start();
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void modernProtocolsAreAccepted(String protocol) {
    var reply = new TestClient(app.port(), new String[] {protocol}).get("/ok", null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.tlsProtocol()).isEqualTo(protocol);
  }

  @Test
  void aClientOfferingOnlyTls11IsRefused() {
    TestClient old = new TestClient(app.port(), new String[] {"TLSv1.1"});
    assertThatThrownBy(() -> old.get("/ok", null)).isInstanceOf(RuntimeException.class);
  }

  /**
   * The JDK client will not even offer TLS 1.1, so speak it by hand: a TLS 1.1 ClientHello is
   * answered with an alert (or a closed connection), the same hello as TLS 1.2 with a ServerHello.
   */
  @Test
  void aHandWrittenTls11HelloGetsNoServerHello() throws IOException {
    assertThat(firstHandshakeReply(0x0302)).isNotEqualTo(SERVER_HELLO);
    assertThat(firstHandshakeReply(0x0301)).isNotEqualTo(SERVER_HELLO);
    assertThat(firstHandshakeReply(0x0303)).isEqualTo(SERVER_HELLO);
  }

  @Test
  void theServerEnablesOnlyTls12And13WhateverTheJdkAllows() {
    Connector[] connectors = app.jettyServer().server().getConnectors();
    assertThat(connectors).hasSize(1);
    ServerConnector connector = (ServerConnector) connectors[0];
    SslConnectionFactory tls = connector.getConnectionFactory(SslConnectionFactory.class);
    assertThat(tls).as("the only connector is a TLS connector").isNotNull();
    SSLEngine engine = tls.getSslContextFactory().newSSLEngine();
    assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
    assertThat(connector.getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void plainHttpGetsNoHttpAnswer() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] answer = readUpTo(socket.getInputStream(), 64);
      assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/");
    }
  }

  private static final String SERVER_HELLO = "server_hello";

  /** Sends a minimal ClientHello with {@code version} and names the first thing the server says. */
  private static String firstHandshakeReply(int version) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(clientHello(version));
      socket.getOutputStream().flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int contentType;
      try {
        contentType = in.readUnsignedByte();
        in.readUnsignedShort(); // record version
        in.readUnsignedShort(); // record length
        int first = in.readUnsignedByte();
        if (contentType == 22 && first == 2) {
          return SERVER_HELLO;
        }
        return contentType == 21 ? "alert " + in.readUnsignedByte() : "record " + contentType;
      } catch (EOFException | java.net.SocketException closed) {
        return "closed";
      }
    }
  }

  private static byte[] clientHello(int version) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    u16(body, version);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    body.writeBytes(random);
    body.write(0); // no session id
    int[] suites = {0xC02B, 0xC02F, 0xC009, 0xC013, 0x002F, 0x0035};
    u16(body, suites.length * 2);
    for (int suite : suites) {
      u16(body, suite);
    }
    body.write(1); // one compression method
    body.write(0); // null
    ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    // supported_groups: secp256r1, x25519
    extension(extensions, 0x000a, new byte[] {0, 4, 0, 0x17, 0, 0x1d});
    // ec_point_formats: uncompressed
    extension(extensions, 0x000b, new byte[] {1, 0});
    // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256
    extension(extensions, 0x000d, new byte[] {0, 6, 4, 3, 8, 4, 4, 1});
    u16(body, extensions.size());
    body.writeBytes(extensions.toByteArray());

    byte[] hello = body.toByteArray();
    ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    handshake.write(1); // client_hello
    handshake.write((hello.length >> 16) & 0xff);
    u16(handshake, hello.length & 0xffff);
    handshake.writeBytes(hello);

    byte[] message = handshake.toByteArray();
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(22); // handshake
    u16(record, 0x0301);
    u16(record, message.length);
    record.writeBytes(message);
    return record.toByteArray();
  }

  private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
    u16(out, type);
    u16(out, data.length);
    out.writeBytes(data);
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write((value >> 8) & 0xff);
    out.write(value & 0xff);
  }

  private static byte[] readUpTo(InputStream in, int max) {
    byte[] buffer = new byte[max];
    int size = 0;
    try {
      for (int n; size < max && (n = in.read(buffer, size, max - size)) >= 0; ) {
        size += n;
      }
    } catch (IOException closed) {
      // A TLS server closing on plain text is the expected outcome.
    }
    return Arrays.copyOf(buffer, size);
  }
}
