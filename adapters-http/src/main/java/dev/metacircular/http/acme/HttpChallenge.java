package dev.metacircular.http.acme;

import dev.metacircular.ports.acme.AcmeProblem;
import dev.metacircular.ports.acme.AcmeProblemType;
import dev.metacircular.ports.acme.ValidationTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP-01 (RFC 8555 §8.3): {@code GET
 * http://<name>:<http01_port>/.well-known/acme-challenge/<token>} over a socket to an address the
 * name resolves to, with the name as {@code Host}; the body (at most {@value #MAX_BODY} bytes,
 * trailing whitespace ignored) must be the key authorization. Redirects (at most {@value
 * #MAX_REDIRECTS}) are followed only to the same name, over http on port 80 or the configured port,
 * or over https on port 443 (certificate not checked, as RFC 8555 allows); anything else fails the
 * challenge. Connect and read time out after {@value #TIMEOUT_MILLIS} ms.
 */
final class HttpChallenge {
  static final int MAX_BODY = 1024;
  static final int MAX_HEADERS = 16 * 1024;
  static final int MAX_REDIRECTS = 3;
  static final int TIMEOUT_MILLIS = 5000;

  private final ValidationNames names;

  HttpChallenge(ValidationNames names) {
    this.names = names;
  }

  Optional<AcmeProblem> validate(ValidationTarget target) {
    String scheme = "http";
    int port = target.http01Port();
    String path = "/.well-known/acme-challenge/" + target.token();
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Response response;
      try {
        response = get(target.name(), scheme, port, path);
      } catch (UnknownHostException e) {
        return problem(
            AcmeProblemType.DNS, "cannot resolve " + target.name() + ": " + e.getMessage());
      } catch (IOException e) {
        return problem(
            AcmeProblemType.CONNECTION,
            "fetching "
                + scheme
                + "://"
                + target.name()
                + ":"
                + port
                + path
                + ": "
                + e.getMessage());
      }
      if (response.status() >= 300 && response.status() < 400 && response.location() != null) {
        URI next;
        try {
          next =
              URI.create(scheme + "://" + target.name() + ":" + port + path)
                  .resolve(new URI(response.location()));
        } catch (URISyntaxException | IllegalArgumentException e) {
          return problem(AcmeProblemType.CONNECTION, "a redirect to a malformed location");
        }
        String nextScheme =
            next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        int nextPort =
            next.getPort() != -1 ? next.getPort() : nextScheme.equals("https") ? 443 : 80;
        boolean sameName = target.name().equalsIgnoreCase(next.getHost());
        boolean allowedPort =
            (nextScheme.equals("http") && (nextPort == 80 || nextPort == target.http01Port()))
                || (nextScheme.equals("https") && nextPort == 443);
        if (!sameName || !allowedPort) {
          return problem(
              AcmeProblemType.CONNECTION,
              "refused to follow a redirect to "
                  + next
                  + " (only to "
                  + target.name()
                  + " over http on port 80 or "
                  + target.http01Port()
                  + ", or https on 443)");
        }
        scheme = nextScheme;
        port = nextPort;
        path = next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath();
        if (next.getRawQuery() != null) {
          path += "?" + next.getRawQuery();
        }
        continue;
      }
      if (response.status() != 200) {
        return problem(
            AcmeProblemType.UNAUTHORIZED,
            "the challenge URL answered HTTP " + response.status() + " instead of 200");
      }
      String body = new String(response.body(), StandardCharsets.UTF_8).stripTrailing();
      if (!body.equals(target.keyAuthorization())) {
        return problem(
            AcmeProblemType.INCORRECT_RESPONSE,
            "the challenge URL's body is not the key authorization");
      }
      return Optional.empty();
    }
    return problem(AcmeProblemType.CONNECTION, "too many redirects");
  }

  private record Response(int status, String location, byte[] body) {}

  private Response get(String name, String scheme, int port, String path) throws IOException {
    List<InetAddress> addresses = names.addresses(name);
    IOException last = null;
    for (InetAddress address : addresses) {
      try (Socket socket = open(address, port, scheme.equals("https"), name)) {
        return exchange(socket, name, port, path, scheme);
      } catch (IOException e) {
        last = e;
      }
    }
    throw last != null ? last : new IOException("no address");
  }

  private static Socket open(InetAddress address, int port, boolean tls, String name)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      if (!tls) {
        return socket;
      }
      SSLSocket ssl =
          (SSLSocket)
              TrustAnyCertificate.context()
                  .getSocketFactory()
                  .createSocket(socket, name, port, true);
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(name)));
      ssl.setSSLParameters(parameters);
      ssl.startHandshake();
      return ssl;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static Response exchange(Socket socket, String name, int port, String path, String scheme)
      throws IOException {
    boolean defaultPort =
        (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    String host = name.contains(":") ? "[" + name + "]" : name;
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\n"
            + "Host: "
            + host
            + (defaultPort ? "" : ":" + port)
            + "\r\n"
            + "User-Agent: metacircular-acme-validator\r\n"
            + "Accept: */*\r\n"
            + "Connection: close\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    String head = readHead(in);
    String[] lines = head.split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer");
    }
    int code;
    try {
      code = Integer.parseInt(status[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status");
    }
    String location = null;
    long length = -1;
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      switch (key) {
        case "location" -> location = value;
        case "content-length" -> {
          try {
            length = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length");
          }
        }
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        default -> {}
      }
    }
    byte[] body = chunked ? readChunked(in) : readBody(in, length);
    return new Response(code, location, body);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection closed before the headers ended");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > MAX_HEADERS) {
        throw new IOException("headers too large");
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static byte[] readBody(InputStream in, long length) throws IOException {
    if (length > MAX_BODY) {
      throw new IOException("the body is larger than " + MAX_BODY + " bytes");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[512];
    long want = length < 0 ? MAX_BODY + 1 : length;
    while (body.size() < want) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, want - body.size()));
      if (n < 0) {
        break;
      }
      body.write(buffer, 0, n);
    }
    if (body.size() > MAX_BODY) {
      throw new IOException("the body is larger than " + MAX_BODY + " bytes");
    }
    return body.toByteArray();
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      int semicolon = sizeLine.indexOf(';');
      int size;
      try {
        size =
            Integer.parseInt(
                (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size");
      }
      if (size == 0) {
        return body.toByteArray();
      }
      if (size < 0 || body.size() + size > MAX_BODY) {
        throw new IOException("the body is larger than " + MAX_BODY + " bytes");
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size) {
        throw new IOException("the body ended early");
      }
      body.write(chunk);
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.append((char) b);
      }
      if (line.length() > 256) {
        throw new IOException("line too long");
      }
    }
    return line.toString();
  }

  static Optional<AcmeProblem> problem(AcmeProblemType type, String detail) {
    return Optional.of(new AcmeProblem(type, detail));
  }
}
