package io.github.zohooauth.internal.http;

import io.github.zohooauth.HttpSettings;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK HTTP client and request headers that {@link HttpSettings} call for. */
final class HttpClients {
  private static final int COMPLETION_THREADS = 4;

  private HttpClients() {}

  /** A JDK client with these settings; redirects are not followed (a redirect would re-send the form). */
  static HttpClient newClient(HttpSettings settings) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .executor(completionThreads())
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER);
    settings.proxyHost().ifPresent(host ->
        builder.proxy(ProxySelector.of(new InetSocketAddress(host, settings.proxyPort()))));
    return builder.build();
  }

  /**
   * Sends the proxy credentials with every request, rather than through an {@code Authenticator}: the JDK's client
   * asks an authenticator again after each 407 until its retry limit and then fails with a bare IOException, while a
   * header set here is sent once and a refusal comes back as the proxy's 407, which the caller can explain. (The
   * JDK forwards only Proxy-* headers to the proxy, and applies the same disabled-schemes rules to them.)
   */
  static HttpRequest.Builder withProxyAuthorization(HttpSettings settings, HttpRequest.Builder request) {
    settings.proxyUser().ifPresent(user -> {
      String pair = user + ":" + new String(settings.proxyPassword());
      request.header("Proxy-Authorization", "Basic "
          + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    });
    return request;
  }

  /**
   * The JDK client's own default executor is an unbounded cached pool, one thread per exchange in flight. Its tasks
   * only deliver answers (the callers and the refresh pool do the waiting), so a few threads, ended when idle, keep
   * the client's thread count fixed however many exchanges run.
   */
  private static Executor completionThreads() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(COMPLETION_THREADS, COMPLETION_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, "zoho-oauth-http-" + count.incrementAndGet());
          thread.setDaemon(true); // as the JDK client's own: a client never keeps an application from exiting
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
