package io.github.zohooauth;

import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.exception.ZohoOAuthInterruptedException;
import io.github.zohooauth.exception.UntrustedDestinationException;
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
  private final ApiTokens tokens;
  private final String accountsUrl;
  private final ResourceCalls calls;
  private final String defaultApiDomain;

  ZohoApiClient(ApiTokens tokens, String accountsUrl, ResourceCalls calls, String defaultApiDomain) {
    this.tokens = tokens;
    this.accountsUrl = accountsUrl;
    this.calls = calls;
    this.defaultApiDomain = defaultApiDomain;
  }

  /**
   * {@code pathAndQuery} (such as {@code /crm/v2/Leads?page=2}) at the user's API domain: the {@code api_domain}
   * stored with the user's tokens, else the configured data centre's.
   *
   * @throws ConfigurationException when neither is known
   * @throws UntrustedDestinationException when the stored one is not one of Zoho's API hosts nor allowed
   */
  public URI uri(String userIdentifier, String pathAndQuery) {
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    if (!pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("The path must start with '/', such as /crm/v2/Leads; was '"
          + pathAndQuery + "'.");
    }
    return URI.create(apiDomainOf(userIdentifier).replaceAll("/+$", "") + pathAndQuery);
  }

  /** The user's API domain, checked: the one stored with the tokens, else the configured data centre's. */
  private String apiDomainOf(String userIdentifier) {
    String domain = tokens.held(UserIdentifiers.check(userIdentifier)).apiDomain();
    if (domain == null) {
      domain = defaultApiDomain;
    }
    if (domain == null) {
      throw new ConfigurationException("No api_domain is stored for user '" + userIdentifier + "', and the accounts "
          + "server " + accountsUrl + " is not one of Zoho's data centres, whose API domain could stand in. "
          + "Store the tokens with their api_domain (as Zoho's token answers carry it).");
    }
    return calls.checkedApiDomain(userIdentifier, domain);
  }

  /**
   * Refuses a request the user's token must not go with, before anything is sent: see
   * {@link ApiDomains#carriesTokenTo}.
   */
  private void checkDestination(String user, HttpRequest.Builder request) {
    URI target = request.build().uri(); // building leaves the builder (our own copy) as it was
    calls.checkDestination(user, target, apiDomainOf(user));
  }

  /**
   * Sends {@code request} for the user with {@code Authorization: Zoho-oauthtoken <token>}, and once more with a new
   * token when Zoho refuses the first one.
   *
   * @throws io.github.zohooauth.exception.ZohoNetworkException when no answer came (not retried)
   * @throws io.github.zohooauth.exception.RefreshTokenRevokedException and the other refresh errors, when the
   *     token was refused and could not be replaced
   * @throws io.github.zohooauth.exception.NewTokenRefusedException when Zoho refuses even new tokens
   * @throws UntrustedDestinationException when the request's host may not get the user's token (see
   *     {@link #sendAsync}); nothing is sent and no refresh is spent
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
   *
   * <p>The token goes only to the user's API domain (as {@link #uri} gives it), to Zoho's own hosts of the user's
   * data centre over https, and to hosts on {@code api_domain_allowlist}; a request for any other host fails with
   * {@link UntrustedDestinationException} before anything is sent or refreshed.
   */
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(String userIdentifier, HttpRequest.Builder callersRequest,
      BodyHandler<T> handler) {
    String user = UserIdentifiers.check(userIdentifier);
    // A copy, checked once and sent as checked: the caller may change its builder while the call runs.
    HttpRequest.Builder request = Objects.requireNonNull(callersRequest, "request").copy();
    Objects.requireNonNull(handler, "handler");
    CompletableFuture<String> firstToken;
    try {
      checkDestination(user, request);
      firstToken = tokens.accessToken(user);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e); // an unknown user, a store failure: reported through the future
    }
    return firstToken.thenCompose(token -> calls.send(request, token, handler, user)
        .thenCompose(first -> {
          if (!first.tokenRefused()) {
            return first.response();
          }
          return tokens.replacing(user, token)
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
    return "ZohoApiClient{accountsUrl=" + accountsUrl + "}";
  }
}
