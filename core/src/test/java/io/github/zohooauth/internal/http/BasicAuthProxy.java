package io.github.zohooauth.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A real HTTP proxy on loopback that demands Basic credentials, as corporate proxies do: it forwards absolute-form
 * requests to their server, and answers CONNECT (HTTPS tunnelling) after checking the credentials with 502, so no
 * test reaches the internet. It records the {@code Proxy-Authorization} of every request it received.
 */
final class BasicAuthProxy implements AutoCloseable {
  private final ServerSocket socket;
  private final String expected;
  private final List<String> received = Collections.synchronizedList(new ArrayList<>());
  private final List<String> forwarded = Collections.synchronizedList(new ArrayList<>());

  private BasicAuthProxy(String user, String password) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
    Thread acceptor = new Thread(this::accept, "basic-auth-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static BasicAuthProxy start(String user, String password) throws IOException {
    return new BasicAuthProxy(user, password);
  }

  int port() {
    return socket.getLocalPort();
  }

  /** The Proxy-Authorization header of each request, in order; "" for a request without one. */
  List<String> receivedCredentials() {
    return new ArrayList<>(received);
  }

  /** The request lines of the requests that passed the check and were forwarded (or answered, for CONNECT). */
  List<String> passed() {
    return new ArrayList<>(forwarded);
  }

  /** The header value that the right credentials make. */
  String expectedCredentials() {
    return expected;
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Thread handler = new Thread(() -> handle(client), "basic-auth-proxy-connection");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void handle(Socket client) {
    try (Socket c = client; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
      String requestLine = line(in);
      List<String> headers = new ArrayList<>();
      String authorization = "";
      int length = 0;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        String name = header.substring(0, Math.max(0, header.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(header.indexOf(':') + 1).trim();
        if (name.equals("proxy-authorization")) {
          authorization = value;
        } else if (name.equals("content-length")) {
          length = Integer.parseInt(value);
        }
        if (!name.startsWith("proxy-") && !name.equals("connection")) {
          headers.add(header);
        }
      }
      byte[] body = in.readNBytes(length);
      received.add(authorization);
      if (!authorization.equals(expected)) {
        out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return;
      }
      forwarded.add(requestLine);
      String[] parts = requestLine.split(" ");
      if (parts[0].equals("CONNECT")) {
        out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      forward(URI.create(parts[1]), parts[0], headers, body, out);
    } catch (IOException | RuntimeException e) {
      // the client went away; nothing to report
    }
  }

  /** Sends the request on in origin form, with Connection: close, and copies the answer back likewise. */
  private static void forward(URI target, String method, List<String> headers, byte[] body, OutputStream out)
      throws IOException {
    try (Socket server = new Socket(target.getHost(), target.getPort())) {
      StringBuilder request = new StringBuilder(method).append(' ').append(target.getRawPath())
          .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery()).append(" HTTP/1.1\r\n");
      for (String header : headers) {
        request.append(header).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      OutputStream toServer = server.getOutputStream();
      toServer.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      toServer.write(body);
      toServer.flush();
      InputStream fromServer = server.getInputStream();
      out.write((line(fromServer) + "\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
      fromServer.transferTo(out);
      out.flush();
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed mid-line");
      }
      if (b != '\r') {
        bytes.write(b);
      }
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
