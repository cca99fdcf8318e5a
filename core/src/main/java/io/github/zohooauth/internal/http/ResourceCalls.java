package io.github.zohooauth.internal.http;

import io.github.zohooauth.HttpSettings;
import io.github.zohooauth.exception.UntrustedDestinationException;
import io.github.zohooauth.exception.ZohoNetworkException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSession;

/**
 * Sends calls to Zoho's resource APIs with an access token, over the client's HTTP settings (proxy, timeouts).
 * Thread-safe.
 *
 * <p>A 401's body is read (up to 64 KiB) before the caller's body handler sees it, to tell a refused token, which a
 * refresh fixes, from a scope problem, which it does not. When the call is then sent again, the first answer is
 * dropped unseen; otherwise its bytes are handed to the caller's handler as if they had just arrived.
 */
public final class ResourceCalls {
  private static final int UNAUTHORIZED = 401;

  private final HttpSettings settings;
  private final HttpClient http;
  private final ApiDomains apiDomains;

  /** Calls over the same HTTP client as {@code accounts}: one connection pool, one set of threads. */
  ResourceCalls(ZohoAccountsApi accounts, ApiDomains apiDomains) {
    this.settings = accounts.settings;
    this.http = accounts.http;
    this.apiDomains = apiDomains;
  }

  /**
   * {@code apiDomain}, stored for {@code user}, when the user's token may be sent there: one of Zoho's API hosts or
   * of {@code api_domain_allowlist}.
   *
   * @throws UntrustedDestinationException otherwise
   */
  public String checkedApiDomain(String user, String apiDomain) {
    if (!apiDomains.accepts(apiDomain)) {
      throw new UntrustedDestinationException("The api_domain stored for user '" + user + "', '"
          + AccountsServers.shown(apiDomain) + "', is not one of Zoho's API hosts, and the user's token would be "
          + "sent there. Nothing was sent. If it is a host of yours, add it to api_domain_allowlist "
          + "(ZohoOAuthClientBuilder.allowApiDomains); otherwise someone wrote it into the token store: authorize "
          + "the user again.", user, AccountsServers.shown(apiDomain));
    }
    return apiDomain;
  }

  /**
   * Checks that {@code target} may carry the token of a user whose API domain is {@code apiDomain}: that domain's
   * origin, Zoho's hosts of its data centre over https, or a host of {@code api_domain_allowlist}.
   *
   * @throws UntrustedDestinationException otherwise, before anything is sent
   */
  public void checkDestination(String user, URI target, String apiDomain) {
    if (!apiDomains.carriesTokenTo(target, apiDomain)) {
      String host = target.getHost() == null ? String.valueOf(target) : target.getHost();
      throw new UntrustedDestinationException("Refusing to send the access token of user '" + user + "' to '"
          + AccountsServers.shown(target.getScheme() + "://" + host + (target.getPort() < 0 ? "" : ":"
          + target.getPort())) + "': it is not the user's API domain (" + apiDomain + "), nor one of "
          + "Zoho's hosts of the user's data centre over https. Nothing was sent. Build the request with "
          + "uri(user, path); if the host is yours and must get Zoho tokens, add it to api_domain_allowlist "
          + "(ZohoOAuthClientBuilder.allowApiDomains).", user, host);
    }
  }

  /**
   * Sends {@code request} with {@code Authorization: Zoho-oauthtoken <accessToken>}. The request's own timeout
   * applies, else {@code http_request_timeout_ms}; it bounds the wait for the answer, and for its body where the
   * handler reads it whole. A failure to get an answer completes with {@link ZohoNetworkException}; it is never
   * retried, as the call may not be safe to repeat.
   */
  public <T> CompletableFuture<Answer<T>> send(HttpRequest.Builder request, String accessToken,
      BodyHandler<T> handler, String user) {
    HttpRequest.Builder builder = HttpClients.withProxyAuthorization(settings, request.copy())
        .setHeader("Authorization", "Zoho-oauthtoken " + accessToken);
    HttpRequest built = builder.build();
    if (built.timeout().isEmpty()) {
      built = builder.timeout(settings.requestTimeout()).build();
    }
    HttpRequest sent = built;
    long timeout = sent.timeout().orElseThrow().toNanos();
    BodyHandler<Object> capturing = info -> info.statusCode() == UNAUTHORIZED
        ? HttpResponse.BodySubscribers.mapping(BoundedBody.bytes(ZohoAccountsApi.MAX_ANSWER_BYTES, info),
            bytes -> new Refusal(info, bytes))
        : widen(handler.apply(info));
    return http.sendAsync(sent, capturing).orTimeout(timeout, TimeUnit.NANOSECONDS).handle((response, failure) -> {
      if (failure != null) {
        throw networkError(sent, unwrap(failure), user);
      }
      return new Answer<>(response, handler);
    });
  }

  @SuppressWarnings("unchecked")
  private static BodySubscriber<Object> widen(BodySubscriber<?> subscriber) {
    return (BodySubscriber<Object>) subscriber;
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  private ZohoNetworkException networkError(HttpRequest request, Throwable cause, String user) {
    String what;
    if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException
        && !(cause instanceof HttpConnectTimeoutException)) {
      what = "no answer came within " + TimeUnit.NANOSECONDS.toMillis(request.timeout().orElseThrow().toNanos())
          + " ms (the request's timeout, else http_request_timeout_ms)";
    } else if (cause instanceof HttpConnectTimeoutException) {
      what = "the connection timed out (http_connect_timeout_ms)";
    } else if (cause instanceof ConnectException) {
      what = "the connection was refused or could not be made";
    } else if (cause instanceof BoundedBody.TooLargeException) {
      what = "its 401 answer was larger than " + ZohoAccountsApi.MAX_ANSWER_BYTES / 1024 + " KiB";
    } else if (cause instanceof IOException) {
      what = "the connection failed (" + cause.getClass().getSimpleName() + ")";
    } else {
      what = "the call failed (" + cause + ")";
    }
    URI target = request.uri();
    return new ZohoNetworkException("Could not call " + request.method() + " " + target.getScheme() + "://"
        + target.getAuthority() + target.getRawPath() + ZohoAnswers.forUser(user) + ": " + what + ". It was not "
        + "retried: the call may not be safe to repeat. Check the network and the proxy settings (proxyHost, "
        + "proxyPort).", user, cause);
  }

  /** The answer to one call: the caller's response, or a refusal of the access token. */
  public static final class Answer<T> {
    private final HttpResponse<Object> response;
    private final BodyHandler<T> handler;

    Answer(HttpResponse<Object> response, BodyHandler<T> handler) {
      this.response = response;
      this.handler = handler;
    }

    /** Whether Zoho refused the access token as invalid or expired (a 401 that a refresh can fix). */
    public boolean tokenRefused() {
      return response.body() instanceof Refusal && ZohoAnswers.saysTokenInvalid(((Refusal) response.body()).bytes);
    }

    /** The response with its body as the caller's handler makes it; a 401 is handed to the handler now. */
    @SuppressWarnings("unchecked")
    public CompletableFuture<HttpResponse<T>> response() {
      if (!(response.body() instanceof Refusal)) {
        return CompletableFuture.completedFuture((HttpResponse<T>) (HttpResponse<?>) response);
      }
      Refusal refusal = (Refusal) response.body();
      BodySubscriber<T> subscriber = handler.apply(refusal.info);
      subscriber.onSubscribe(new Replay(subscriber, refusal.bytes));
      return subscriber.getBody().toCompletableFuture().thenApply(body -> new Replayed<>(response, body));
    }
  }

  /** A 401's status, headers and bytes, held until it is known whether the caller sees it. */
  private static final class Refusal {
    final ResponseInfo info;
    final byte[] bytes;

    Refusal(ResponseInfo info, byte[] bytes) {
      this.info = info;
      this.bytes = bytes;
    }
  }

  /** Hands held bytes to a subscriber as one item, honouring its demand. */
  private static final class Replay implements Flow.Subscription {
    private final BodySubscriber<?> subscriber;
    private byte[] bytes;
    private boolean done;

    Replay(BodySubscriber<?> subscriber, byte[] bytes) {
      this.subscriber = subscriber;
      this.bytes = bytes;
    }

    @Override
    public synchronized void request(long n) {
      if (done || n <= 0) {
        return;
      }
      done = true;
      if (bytes.length > 0) {
        subscriber.onNext(List.of(ByteBuffer.wrap(bytes)));
      }
      bytes = null;
      subscriber.onComplete();
    }

    @Override
    public synchronized void cancel() {
      done = true;
      bytes = null;
    }
  }

  /** The original response with the body the caller's handler made of the held bytes. */
  private static final class Replayed<T> implements HttpResponse<T> {
    private final HttpResponse<?> original;
    private final T body;

    Replayed(HttpResponse<?> original, T body) {
      this.original = original;
      this.body = body;
    }

    @Override
    public int statusCode() {
      return original.statusCode();
    }

    @Override
    public HttpRequest request() {
      return original.request();
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
      return original.headers();
    }

    @Override
    public T body() {
      return body;
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return original.sslSession();
    }

    @Override
    public URI uri() {
      return original.uri();
    }

    @Override
    public HttpClient.Version version() {
      return original.version();
    }
  }
}
