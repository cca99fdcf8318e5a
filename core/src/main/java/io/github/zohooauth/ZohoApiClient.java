package io.github.zohooauth;

import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.exception.ZohoOAuthInterruptedException;
import io.github.zohooauth.internal.http.ApiDomains;
import io.github.zohooauth.internal.http.ResourceCalls;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Calls Zoho's APIs for a user, with the user's access token, and recovers by itself when Zoho refuses the token
 * early: on a 401 that says the token is invalid or expired, it asks {@link ZohoOAuthClient#refreshAccessToken} for
 * a new one and sends the request again, once, with the same method, headers and body. Obtain it from
 * {@link ZohoOAuthClient#apiClient()}; it uses the client's HTTP settings (proxy, timeouts). Thread-safe.
 *
 * <pre>{@code
 * ZohoApiClient api = client.apiClient();
 * HttpResponse<String> leads = api.send(user,
 *     HttpRequest.newBuilder(api.uri(user, "/crm/v2/Leads?per_page=10")), HttpResponse.BodyHandlers.ofString());
 * }</pre>
 *
 * <p>What it does not retry: a 401 about scope ({@code OAUTH_SCOPE_MISMATCH}, {@code INVALID_OAUTHSCOPE}), which
 * a refresh cannot fix, is returned as it is; so is any other status. A call that got no answer fails with
 * {@link io.github.zohooauth.exception.ZohoNetworkException} and is not sent again, as it may not be safe to repeat.
 * A body is sent twice only after a token refusal, so its publisher must be able to publish twice (every
 * {@code BodyPublishers} method does, except {@code ofInputStream} with a one-shot stream).
 */
public final class ZohoApiClient {
  private final ZohoOAuthClient client;
  private final ResourceCalls calls;
  private final ApiDomains apiDomains;
  private final String defaultApiDomain;

  ZohoApiClient(ZohoOAuthClient client, ResourceCalls calls, ApiDomains apiDomains, String defaultApiDomain) {
    this.client = client;
    this.calls = calls;
    this.apiDomains = apiDomains;
    this.defaultApiDomain = defaultApiDomain;
  }

  /**
   * {@code pathAndQuery} (such as {@code /crm/v2/Leads?page=2}) at the user's API domain: the {@code api_domain}
   * stored with the user's tokens, else the configured data centre's.
   *
   * @throws ConfigurationException when neither is known, or the stored one is not one of Zoho's API hosts
   */
  public URI uri(String userIdentifier, String pathAndQuery) {
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    if (!pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("The path must start with '/', such as /crm/v2/Leads; was '"
          + pathAndQuery + "'.");
    }
    String domain = client.getTokens(userIdentifier).apiDomain();
    if (domain == null) {
      domain = defaultApiDomain;
    }
    if (domain == null) {
      throw new ConfigurationException("No api_domain is stored for user '" + userIdentifier + "', and the accounts "
          + "server " + client.accountsUrl() + " is not one of Zoho's data centres, whose API domain could stand in. "
          + "Store the tokens with their api_domain (as Zoho's token answers carry it).");
    }
    if (!apiDomains.accepts(domain)) {
      throw new ConfigurationException("The api_domain stored for user '" + userIdentifier + "' (" + domain
          + ") is not one of Zoho's API hosts; the user's token would be sent there. If it is a host of yours, add it "
          + "to api_domain_allowlist.");
    }
    return URI.create(domain.replaceAll("/+$", "") + pathAndQuery);
  }

  /**
   * Sends {@code request} for the user with {@code Authorization: Zoho-oauthtoken <token>}, and once more with a new
   * token when Zoho refuses the first one.
   *
   * @throws io.github.zohooauth.exception.ZohoNetworkException when no answer came (not retried)
   * @throws io.github.zohooauth.exception.RefreshTokenRevokedException and the other refresh errors, when the
   *     token was refused and could not be replaced
   * @throws io.github.zohooauth.exception.NewTokenRefusedException when Zoho refuses even new tokens
   */
  public <T> HttpResponse<T> send(String userIdentifier, HttpRequest.Builder request, BodyHandler<T> handler) {
    CompletableFuture<HttpResponse<T>> call = sendAsync(userIdentifier, request, handler);
    try {
      return call.get();
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new ZohoOAuthInterruptedException("Interrupted while calling Zoho's API for user '" + userIdentifier
          + "'. The call may or may not have reached Zoho.", userIdentifier, e);
    } catch (ExecutionException e) {
      throw rethrown(e.getCause(), userIdentifier);
    }
  }

  /**
   * {@link #send} without blocking. Each step is bounded: the token (the refresh wait), each exchange (the request
   * timeout). The future fails with the same exceptions {@code send} throws.
   */
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(String userIdentifier, HttpRequest.Builder request,
      BodyHandler<T> handler) {
    String user = UserIdentifiers.check(userIdentifier);
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(handler, "handler");
    CompletableFuture<String> firstToken;
    try {
      firstToken = client.accessTokenAsync(user);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e); // an unknown user, a store failure: reported through the future
    }
    return firstToken.thenCompose(token -> calls.send(request, token, handler, user)
        .thenCompose(first -> {
          if (!first.tokenRefused()) {
            return first.response();
          }
          return client.refreshAccessTokenAsync(user, token)
              .thenCompose(replacement -> calls.send(request, replacement, handler, user))
              .thenCompose(ResourceCalls.Answer::response);
        }));
  }

  private static RuntimeException rethrown(Throwable cause, String user) {
    if (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RuntimeException) {
      return (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    return new ZohoOAuthException("The call for user '" + user + "' failed: " + cause, user, cause);
  }

  @Override
  public String toString() {
    return "ZohoApiClient{accountsUrl=" + client.accountsUrl() + "}";
  }
}
