package io.github.zohooauth.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One injected misbehaviour, played in place of the fake's real answer to the next request to an endpoint.
 * See {@link FakeZohoAccountsServer#failNext(Endpoint, Failure)}.
 */
public abstract class Failure {
  private final String description;

  private Failure(String description) {
    this.description = description;
  }

  /** A Zoho error answer, HTTP 200 with {@code {"error":"<code>"}}, as Zoho sends {@code invalid_client} and others. */
  public static Failure zohoError(String errorCode) {
    Objects.requireNonNull(errorCode, "errorCode");
    return respond("zoho error " + errorCode, 200, "application/json;charset=UTF-8",
        "{\"error\":\"" + errorCode + "\"}");
  }

  /** A plain answer with the given status, content type and body. */
  public static Failure respond(int status, String contentType, String body) {
    return respond("HTTP " + status, status, contentType, body);
  }

  /** An HTML error page, as a proxy or a load balancer in front of Zoho sends. */
  public static Failure htmlPage(int status) {
    return respond("HTML page " + status, status, "text/html",
        "<html><head><title>" + status + "</title></head><body><h1>Service unavailable</h1></body></html>");
  }

  /** A 200 answer whose JSON stops half-way. */
  public static Failure truncatedJson() {
    return respond("truncated JSON", 200, "application/json;charset=UTF-8", "{\"access_token\":\"1000.ab");
  }

  /** The connection is closed after the headers promised a body that never comes. */
  public static Failure dropConnection() {
    return new Failure("dropped connection") {
      @Override
      void play(Exchange exchange) throws java.io.IOException {
        exchange.dropConnection();
      }
    };
  }

  /**
   * The status line and headers are sent, promising a small JSON body, and then nothing more for {@code stall}: a
   * server or proxy that hangs mid-answer. The connection is closed afterwards.
   */
  public static Failure stallAfterHeaders(Duration stall) {
    Objects.requireNonNull(stall, "stall");
    return new Failure("stall after headers for " + stall) {
      @Override
      void play(Exchange exchange) throws Exception {
        exchange.stream(200, 64, out -> Thread.sleep(stall.toMillis()));
      }
    };
  }

  /** A JSON body of {@code bytes} bytes sent one byte every {@code perByte}: an answer that never quite stalls. */
  public static Failure trickle(int bytes, Duration perByte) {
    Objects.requireNonNull(perByte, "perByte");
    return new Failure("trickle of " + bytes + " bytes") {
      @Override
      void play(Exchange exchange) throws Exception {
        exchange.stream(200, bytes, out -> {
          for (int i = 0; i < bytes; i++) {
            out.write(i == 0 ? '{' : ' ');
            out.flush();
            Thread.sleep(perByte.toMillis());
          }
        });
      }
    };
  }

  /**
   * A 200 answer of {@code bytes} bytes that starts like a token answer and never ends its string: far more than any
   * Zoho answer, to check that a client caps what it reads. Streamed, so the fake itself holds none of it.
   */
  public static Failure hugeBody(long bytes) {
    return new Failure("huge body of " + bytes + " bytes") {
      @Override
      void play(Exchange exchange) throws Exception {
        exchange.stream(200, bytes, out -> {
          byte[] chunk = new byte[64 * 1024];
          java.util.Arrays.fill(chunk, (byte) 'a');
          byte[] start = "{\"access_token\":\"".getBytes(StandardCharsets.UTF_8);
          out.write(start);
          for (long left = bytes - start.length; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
          }
        });
      }
    };
  }

  /** The answer is held for {@code delay} and then the real answer is sent (use with a short client timeout). */
  public static Failure delay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    return new Failure("delay " + delay) {
      @Override
      void play(Exchange exchange) throws Exception {
        Thread.sleep(delay.toMillis());
        exchange.answerNormally();
      }
    };
  }

  private static Failure respond(String description, int status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new Failure(description) {
      @Override
      void play(Exchange exchange) throws java.io.IOException {
        exchange.respond(status, contentType, bytes);
      }
    };
  }

  abstract void play(Exchange exchange) throws Exception;

  @Override
  public String toString() {
    return "Failure(" + description + ")";
  }

  /** What a failure may do with the request it replaces. */
  interface Exchange {
    void respond(int status, String contentType, byte[] body) throws java.io.IOException;

    void dropConnection() throws java.io.IOException;

    void answerNormally() throws Exception;

    /** Sends the status and a Content-Length of {@code length}, then lets {@code body} write (or not) to the stream. */
    void stream(int status, long length, BodyWriter body) throws Exception;
  }

  /** Writes a body, however slowly or partly. */
  interface BodyWriter {
    void write(java.io.OutputStream out) throws Exception;
  }
}
