package io.github.zohooauth;

import io.github.zohooauth.config.Setting;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Timeouts, retries and proxy for calls to Zoho's accounts server. Immutable. */
public final class HttpSettings {
  public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(250);

  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final Duration retryBaseDelay;
  private final String proxyHost;
  private final int proxyPort;
  private final String proxyUser;
  private final char[] proxyPassword;

  private HttpSettings(Duration connectTimeout, Duration requestTimeout, int maxRetries, Duration retryBaseDelay,
      String proxyHost, int proxyPort, String proxyUser, char[] proxyPassword) {
    this.connectTimeout = Setting.HTTP_CONNECT_TIMEOUT.checked(connectTimeout);
    this.requestTimeout = Setting.HTTP_REQUEST_TIMEOUT.checked(requestTimeout);
    this.maxRetries = (int) Setting.HTTP_MAX_RETRIES.checked(maxRetries);
    this.retryBaseDelay = Objects.requireNonNull(retryBaseDelay, "retry base delay");
    this.proxyHost = proxyHost;
    this.proxyPort = proxyPort;
    this.proxyUser = proxyUser;
    this.proxyPassword = proxyPassword;
  }

  public static HttpSettings defaults() {
    return new HttpSettings(Setting.HTTP_CONNECT_TIMEOUT.defaultDuration(),
        Setting.HTTP_REQUEST_TIMEOUT.defaultDuration(), (int) Setting.HTTP_MAX_RETRIES.defaultValue(),
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

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Each attempt at a call, the whole answer included. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  public int maxRetries() {
    return maxRetries;
  }

  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  /** The proxy's host, or empty when calls go direct. */
  public Optional<String> proxyHost() {
    return Optional.ofNullable(proxyHost);
  }

  /** The proxy's port; 0 when there is no proxy. */
  public int proxyPort() {
    return proxyPort;
  }

  /** The proxy user, or empty when the proxy needs no credentials. */
  public Optional<String> proxyUser() {
    return Optional.ofNullable(proxyHost == null ? null : proxyUser);
  }

  /** A copy of the proxy password (empty when none); {@link #toString()} never shows it. */
  public char[] proxyPassword() {
    return proxyPassword == null ? new char[0] : proxyPassword.clone();
  }

  @Override
  public String toString() {
    return "HttpSettings{connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
        + ", maxRetries=" + maxRetries + (proxyHost == null ? "" : ", proxy=" + proxyHost + ":" + proxyPort) + "}";
  }
}
