package dev.metacircular.apps.hardening;

import dev.metacircular.crypto.TlsCertificates;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTP/1.1 client over TLS whose socket is bound to a chosen local address, so a test can come
 * from many loopback addresses (127.0.x.y all reach 127.0.0.1 on Linux). The JDK's HttpClient
 * cannot bind its local address. Keeps one connection alive across requests and reopens it when the
 * server closes it. Trusts only the test server's certificate.
 */
final class BoundHttps implements AutoCloseable {

  /** One answer: status, headers by lower-case name, body as text. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final SSLContext ssl;
  private final String localAddress;
  private final int port;
  private SSLSocket socket;
  private InputStream in;
  private OutputStream out;

  BoundHttps(SSLContext ssl, String localAddress, int port) {
    this.ssl = ssl;
    this.localAddress = localAddress;
    this.port = port;
  }

  /** A context trusting exactly the PEM certificate at {@code cert}. */
  static SSLContext trusting(Path cert) {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(TlsCertificates.trustStoreFromPem(cert));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  Response post(String path, String contentType, String body, Map<String, String> headers) {
    return send("POST", path, contentType, body, headers);
  }

  Response get(String path, Map<String, String> headers) {
    return send("GET", path, null, null, headers);
  }

  private Response send(
      String method, String path, String contentType, String body, Map<String, String> headers) {
    try {
      return exchange(method, path, contentType, body, headers);
    } catch (IOException first) {
      // The server may have closed an idle kept-alive connection: one fresh try.
      closeQuietly();
      try {
        return exchange(method, path, contentType, body, headers);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private Response exchange(
      String method, String path, String contentType, String body, Map<String, String> headers)
      throws IOException {
    if (socket == null) {
      open();
    }
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder()
            .append(method)
            .append(' ')
            .append(path)
            .append(" HTTP/1.1\r\n")
            .append("Host: 127.0.0.1:")
            .append(port)
            .append("\r\n")
            .append("Connection: keep-alive\r\n");
    if (body != null) {
      head.append("Content-Type: ")
          .append(contentType)
          .append("\r\n")
          .append("Content-Length: ")
          .append(payload.length)
          .append("\r\n");
    }
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(payload);
    out.flush();
    return read();
  }

  private void open() throws IOException {
    SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket();
    s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
    s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
    s.setSoTimeout(30_000);
    s.startHandshake();
    socket = s;
    in = new BufferedInputStream(s.getInputStream());
    out = s.getOutputStream();
  }

  private Response read() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("connection closed");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(); h != null && !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      headers.put(
          h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    byte[] content;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line().split(";")[0].trim(), 16);
          size > 0;
          size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
        all.write(in.readNBytes(size));
        line();
      }
      for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
        // trailers are not used here
      }
      content = all.toByteArray();
    } else if (headers.containsKey("content-length")) {
      content = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      content = in.readAllBytes();
      closeQuietly();
    }
    if ("close".equalsIgnoreCase(headers.get("connection"))) {
      closeQuietly();
    }
    return new Response(status, headers, new String(content, StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != -1; c = in.read()) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  private void closeQuietly() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a dead connection: nothing to do
      }
    }
    socket = null;
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
