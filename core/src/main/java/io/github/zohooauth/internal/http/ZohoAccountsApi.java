package io.github.zohooauth.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zohooauth.HttpSettings;
import io.github.zohooauth.exception.ZohoErrorResponseException;
import io.github.zohooauth.exception.ZohoNetworkException;
import io.github.zohooauth.internal.Sleeper;
import io.github.zohooauth.internal.http.ZohoAnswers.Call;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls Zoho's accounts server: grant exchange, refresh, revoke and user info. Credentials and tokens travel in
 * form bodies and headers, never in a URL. Thread-safe.
 *
 * <p>Retries are bounded, with exponential backoff and jitter, and only where a retry cannot do harm: a refresh or a
 * user-info read may be retried after any failure to get an answer and after a 5xx; a grant exchange or a revoke
 * (whose effect happens once) only when the connection was never made. A rate-limit answer is never retried.
 */
final class ZohoAccountsApi {
  private static final String USER_AGENT = "zoho-oauth-java";
  private static final long MAX_RETRY_DELAY_MS = 5_000;
  /** Zoho's answers are a few hundred bytes; this leaves ample room and bounds what a broken server can send. */
  static final long MAX_ANSWER_BYTES = 64 * 1024;
  private static final int PROXY_AUTHENTICATION_REQUIRED = 407;

  final HttpSettings settings;
  final HttpClient http;
  private final String clientId;
  private final String clientSecret;
  private final ApiDomains apiDomains;
  private final Sleeper sleeper;

  public ZohoAccountsApi(HttpSettings settings, String clientId, String clientSecret, ApiDomains apiDomains) {
    this(settings, clientId, clientSecret, apiDomains, Sleeper.SYSTEM);
  }

  /** {@code sleeper} makes the pauses between retries. */
  public ZohoAccountsApi(HttpSettings settings, String clientId, String clientSecret, ApiDomains apiDomains,
      Sleeper sleeper) {
    this.sleeper = sleeper;
    this.settings = settings;
    this.apiDomains = apiDomains;
    this.http = HttpClients.newClient(settings);
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  /** Exchanges a grant code for tokens at {@code accountsUrl}. */
  public TokenResponse exchangeGrantCode(String accountsUrl, String code, String redirectUri, String user) {
    Map<String, String> form = tokenForm("authorization_code");
    form.put("redirect_uri", redirectUri);
    form.put("code", code);
    HttpResponse<String> answer = send(Call.GRANT, post(accountsUrl, "/oauth/v2/token", form), false, user);
    return ZohoAnswers.token(Call.GRANT, answer.statusCode(), answer.body(), user, apiDomains);
  }

  /** A new access token for {@code refreshToken} at {@code accountsUrl}. */
  public TokenResponse refresh(String accountsUrl, String refreshToken, String user) {
    Map<String, String> form = tokenForm("refresh_token");
    form.put("refresh_token", refreshToken);
    HttpResponse<String> answer = send(Call.REFRESH, post(accountsUrl, "/oauth/v2/token", form), true, user);
    return ZohoAnswers.token(Call.REFRESH, answer.statusCode(), answer.body(), user, apiDomains);
  }

  /**
   * A Self Client's token for the organisation {@code soid} ({@code ZohoCRM.600000434}) with {@code scope}
   * (comma-separated): Zoho's {@code client_credentials} grant, which has no user and no refresh token. Retried
   * where a refresh is: asking again only gives another token.
   */
  public TokenResponse clientCredentials(String accountsUrl, String soid, String scope) {
    Map<String, String> form = tokenForm("client_credentials");
    form.put("scope", scope);
    form.put("soid", soid);
    HttpResponse<String> answer = send(Call.CLIENT_CREDENTIALS, post(accountsUrl, "/oauth/v2/token", form), true,
        soid);
    return ZohoAnswers.token(Call.CLIENT_CREDENTIALS, answer.statusCode(), answer.body(), soid, apiDomains);
  }

  /** Starts the device flow: Zoho's {@code device_request}, which needs no client secret. */
  JsonNode deviceCode(String accountsUrl, String scope, String accessType, boolean consent) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "device_request");
    form.put("client_id", clientId);
    form.put("scope", scope);
    form.put("access_type", accessType);
    if (consent) {
      form.put("prompt", "consent");
    }
    HttpResponse<String> answer = send(Call.DEVICE_CODE, post(accountsUrl, "/oauth/v3/device/code", form), false,
        null);
    return ZohoAnswers.deviceCode(answer.statusCode(), answer.body());
  }

  /** One poll for the device's tokens: a {@link TokenResponse} or a {@link ZohoAnswers.DeviceWait}. */
  Object deviceToken(String accountsUrl, String deviceCode) {
    Map<String, String> form = tokenForm("device_token");
    form.put("code", deviceCode);
    HttpResponse<String> answer = send(Call.DEVICE_TOKEN, post(accountsUrl, "/oauth/v3/device/token", form), false,
        null);
    return ZohoAnswers.devicePoll(answer.statusCode(), answer.body(), apiDomains);
  }

  /** The accounts server of {@code location} as {@code accountsUrl}'s {@code /oauth/serverinfo} lists it, or null. */
  String serverOf(String accountsUrl, String location) {
    HttpRequest request = newRequest(uri(accountsUrl, "/oauth/serverinfo")).GET().build();
    try {
      HttpResponse<String> answer = send(Call.SERVER_INFO, request, true, null);
      return ZohoAnswers.serverOf(answer.statusCode(), answer.body(), location);
    } catch (RuntimeException e) {
      return null; // the data centres' table stands in
    }
  }

  /** Revokes a token; false when Zoho did not know it (already revoked). */
  public boolean revoke(String accountsUrl, String token, String user) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", token);
    HttpResponse<String> answer = send(Call.REVOKE, post(accountsUrl, "/oauth/v2/token/revoke", form), false, user);
    return ZohoAnswers.revoked(answer.statusCode(), answer.body(), user);
  }

  /** The email of the user an access token belongs to; needs scope {@code AaaServer.profile.READ}. */
  public String userEmail(String accountsUrl, String accessToken) {
    HttpRequest request = newRequest(uri(accountsUrl, "/oauth/user/info"))
        .header("Authorization", "Zoho-oauthtoken " + accessToken)
        .GET()
        .build();
    HttpResponse<String> answer = send(Call.USER_INFO, request, true, null);
    return ZohoAnswers.email(answer.statusCode(), answer.body(), null);
  }

  /** The token endpoint's form with the client's credentials: in the body, where no proxy or server log sees them. */
  private Map<String, String> tokenForm(String grantType) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", grantType);
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    return form;
  }

  private HttpRequest post(String accountsUrl, String path, Map<String, String> form) {
    return newRequest(uri(accountsUrl, path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(FormEncoding.encode(form), StandardCharsets.UTF_8))
        .build();
  }

  private HttpRequest.Builder newRequest(URI uri) {
    return HttpClients.withProxyAuthorization(settings, HttpRequest.newBuilder(uri)
        .timeout(settings.requestTimeout())
        .header("User-Agent", USER_AGENT)
        .header("Accept", "application/json"));
  }

  /**
   * Sends with retries where safe. Each attempt, body included, gets at most the request timeout, and the whole
   * call at most {@code (1 + retries)} times it: {@link HttpRequest#timeout} alone ends only the wait for the
   * headers, so a server that stalls mid-body would otherwise hold the caller forever.
   */
  private HttpResponse<String> send(Call call, HttpRequest request, boolean repeatable, String user) {
    long attemptNanos = settings.requestTimeout().toNanos();
    long deadline = System.nanoTime() + attemptNanos * (settings.maxRetries() + 1);
    for (int attempt = 0; ; attempt++) {
      boolean mayRetry = attempt < settings.maxRetries();
      CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request, BoundedBody.handler(MAX_ANSWER_BYTES));
      try {
        long left = Math.min(attemptNanos, deadline - System.nanoTime());
        HttpResponse<String> answer = exchange.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        if (answer.statusCode() == PROXY_AUTHENTICATION_REQUIRED) {
          throw proxyRefused(call, request, user);
        }
        if (answer.statusCode() >= 500 && repeatable && mayRetry && pause(attempt, call, user, deadline)) {
          continue;
        }
        return answer;
      } catch (TimeoutException e) {
        exchange.cancel(true);
        if (mayRetry && repeatable && pause(attempt, call, user, deadline)) {
          continue;
        }
        throw networkError(call, request, user, new HttpTimeoutException("no whole answer in time"), attempt + 1);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof BoundedBody.TooLargeException) {
          throw new ZohoErrorResponseException("Zoho's accounts server sent an answer larger than "
              + MAX_ANSWER_BYTES / 1024 + " KiB when asked to " + call.purpose + ZohoAnswers.forUser(user)
              + "; Zoho's answers are a few hundred bytes. A proxy or a wrong accounts_url may be in the way: check "
              + "accounts_url/dc and the proxy settings.", user, 200, null);
        }
        IOException failure = cause instanceof IOException ? (IOException) cause : new IOException(cause);
        boolean neverSent = failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException;
        if (mayRetry && (repeatable || neverSent) && pause(attempt, call, user, deadline)) {
          continue;
        }
        throw networkError(call, request, user, failure, attempt + 1);
      } catch (InterruptedException e) {
        exchange.cancel(true);
        Thread.currentThread().interrupt();
        throw new ZohoNetworkException("Interrupted while waiting for Zoho's accounts server to " + call.purpose
            + ZohoAnswers.forUser(user) + ".", user, e);
      }
    }
  }

  /** Waits before a retry; false when the retry could not start before the call's deadline. */
  private boolean pause(int attempt, Call call, String user, long deadline) {
    long ceiling = Math.min(MAX_RETRY_DELAY_MS, settings.retryBaseDelay().toMillis() << attempt);
    long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay) - deadline >= 0) {
      return false;
    }
    pause(delay, call, user);
    return true;
  }

  private void pause(long delay, Call call, String user) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZohoNetworkException("Interrupted while waiting to retry a call to Zoho's accounts server to "
          + call.purpose + ZohoAnswers.forUser(user) + ".", user, e);
    }
  }

  /**
   * The proxy's 407: there were no credentials, they were wrong, or the JVM would not send them. Never retried: the
   * answer would be the same.
   */
  private ZohoNetworkException proxyRefused(Call call, HttpRequest request, String user) {
    String advice;
    if (settings.proxyUser().isEmpty()) {
      advice = "it asks for credentials: set proxyUser and proxyPassword (HttpSettings.withProxyCredentials in code)";
    } else {
      advice = ProxyAuthentication.basicRefusedFor(request.uri().getScheme()).map(why -> "the credentials were not "
          + "sent: " + why).orElse("it refused proxyUser and proxyPassword: check them with the proxy's owner");
    }
    return new ZohoNetworkException("Could not " + call.purpose + ZohoAnswers.forUser(user) + ": the proxy answered "
        + "HTTP 407 (proxy authentication required); " + advice + ".", user, null);
  }

  private static ZohoNetworkException networkError(Call call, HttpRequest request, String user, IOException cause,
      int attempts) {
    String what;
    if (cause instanceof HttpConnectTimeoutException) {
      what = "the connection timed out";
    } else if (cause instanceof HttpTimeoutException) {
      what = "no whole answer came within the request timeout";
    } else if (cause instanceof ConnectException) {
      what = "the connection was refused or could not be made";
    } else {
      what = "the connection failed (" + cause.getClass().getSimpleName() + ")";
    }
    URI target = request.uri();
    return new ZohoNetworkException("Could not " + call.purpose + ZohoAnswers.forUser(user) + ": " + what
        + " talking to " + target.getScheme() + "://" + target.getAuthority() + " (" + attempts
        + (attempts == 1 ? " attempt" : " attempts") + "). Check the network, the proxy settings (proxyHost, "
        + "proxyPort) and accounts_url/dc; raise http_request_timeout_ms (each attempt, body included) if Zoho is "
        + "only slow.", user, cause);
  }

  private static URI uri(String accountsUrl, String path) {
    String base = accountsUrl.endsWith("/") ? accountsUrl.substring(0, accountsUrl.length() - 1) : accountsUrl;
    return URI.create(base + path);
  }
}
