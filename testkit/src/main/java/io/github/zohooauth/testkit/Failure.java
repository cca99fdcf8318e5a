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
  }
}
