package io.github.zohooauth.http;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Timeouts, retries and proxy for calls to Zoho's accounts server. Immutable. */
public final class HttpSettings {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(250);
  private static final int COMPLETION_THREADS = 4;

  final Duration connectTimeout;
  final Duration requestTimeout;
  final int maxRetries;
  final Duration retryBaseDelay;
  private final String proxyHost;
  private final int proxyPort;
  private final String proxyUser;
  private final char[] proxyPassword;

  private HttpSettings(Duration connectTimeout, Duration requestTimeout, int maxRetries, Duration retryBaseDelay,
      String proxyHost, int proxyPort, String proxyUser, char[] proxyPassword) {
    this.connectTimeout = positive(connectTimeout, "connect timeout");
    this.requestTimeout = positive(requestTimeout, "request timeout");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("max retries must be 0 or more, was " + maxRetries);
    }
    this.maxRetries = maxRetries;
    this.retryBaseDelay = Objects.requireNonNull(retryBaseDelay, "retry base delay");
    this.proxyHost = proxyHost;
    this.proxyPort = proxyPort;
    this.proxyUser = proxyUser;
    this.proxyPassword = proxyPassword;
  }

  public static HttpSettings defaults() {
    return new HttpSettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RETRIES,
        DEFAULT_RETRY_BASE_DELAY, null, 0, null, null);
  }

  public HttpSettings withConnectTimeout(Duration timeout) {
    return new HttpSettings(timeout, requestTimeout, maxRetries, retryBaseDelay, proxyHost, proxyPort, proxyUser,
        proxyPassword);
  }

  public HttpSettings withRequestTimeout(Duration timeout) {
    return new HttpSettings(connectTimeout, timeout, maxRetries, retryBaseDelay, proxyHost, proxyPort, proxyUser,
        proxyPassword);
  }

  /** Retries after a failure where a retry is safe; 0 disables them. */
  public HttpSettings withMaxRetries(int retries) {
    return new HttpSettings(connectTimeout, requestTimeout, retries, retryBaseDelay, proxyHost, proxyPort, proxyUser,
        proxyPassword);
  }

  /** The first retry waits about this long; each next one about twice as long, with jitter. */
  public HttpSettings withRetryBaseDelay(Duration delay) {
    return new HttpSettings(connectTimeout, requestTimeout, maxRetries, delay, proxyHost, proxyPort, proxyUser,
        proxyPassword);
  }

  public HttpSettings withProxy(String host, int port) {
    return new HttpSettings(connectTimeout, requestTimeout, maxRetries, retryBaseDelay, host, port, proxyUser,
        proxyPassword);
  }

  public HttpSettings withProxyCredentials(String user, char[] password) {
    return new HttpSettings(connectTimeout, requestTimeout, maxRetries, retryBaseDelay, proxyHost, proxyPort, user,
        password == null ? null : password.clone());
  }

  /**
   * Why this JVM would not send the proxy credentials to the proxy for a server at {@code scheme} ("https" or
   * "http"), as a sentence that says what to set; empty when it would, or when there are none.
   */
  public Optional<String> proxyCredentialsRefused(String scheme) {
    return proxyHost == null || proxyUser == null ? Optional.empty() : ProxyAuthentication.basicRefusedFor(scheme);
  }

  /** Whether calls go through a proxy with credentials. */
  boolean hasProxyCredentials() {
    return proxyHost != null && proxyUser != null;
  }

  /**
   * Sends the proxy credentials with every request, rather than through an {@code Authenticator}: the JDK's client
   * asks an authenticator again after each 407 until its retry limit and then fails with a bare IOException, while a
   * header set here is sent once and a refusal comes back as the proxy's 407, which the caller can explain. (The
   * JDK forwards only Proxy-* headers to the proxy, and applies the same disabled-schemes rules to them.)
   */
  HttpRequest.Builder withProxyAuthorization(HttpRequest.Builder request) {
    if (hasProxyCredentials()) {
      String pair = proxyUser + ":" + new String(proxyPassword == null ? new char[0] : proxyPassword);
      request.header("Proxy-Authorization", "Basic "
          + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return request;
  }

  /** A JDK client with these settings; redirects are not followed (a redirect would re-send the form). */
  HttpClient newClient() {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .executor(completionThreads())
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (proxyHost != null) {
      builder.proxy(ProxySelector.of(new InetSocketAddress(proxyHost, proxyPort)));
    }
    return builder.build();
  }

  /**
   * The JDK client's own default executor is an unbounded cached pool, one thread per exchange in flight. Its tasks
   * only deliver answers (the callers and the refresh pool do the waiting), so a few threads, ended when idle, keep
   * the client's thread count fixed however many exchanges run.
   */
  private static Executor completionThreads() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(COMPLETION_THREADS, COMPLETION_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "zoho-oauth-http-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static Duration positive(Duration duration, String name) {
    if (duration == null || duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
    return duration;
  }

  @Override
  public String toString() {
    return "HttpSettings{connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
        + ", maxRetries=" + maxRetries + (proxyHost == null ? "" : ", proxy=" + proxyHost + ":" + proxyPort) + "}";
  }
}
