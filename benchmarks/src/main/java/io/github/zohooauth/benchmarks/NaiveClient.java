package io.github.zohooauth.benchmarks;

import io.github.zohooauth.HttpSettings;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.internal.http.ApiDomains;
import io.github.zohooauth.internal.http.TokenResponse;
import io.github.zohooauth.internal.http.ZohoAccountsApi;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.time.Instant;
import java.util.List;

/**
 * The baseline: what Zoho's official SDKs do on every call. Read the store, and if the token is expired (their 5 s
 * margin), refresh it right there. There is no cache and no single flight, so every thread that sees an expired
 * token refreshes. It uses our HTTP layer, so only the strategy differs.
 */
final class NaiveClient {
  private final TokenPersistenceHandler store;
  private final ZohoAccountsApi api;
  private final String accountsUrl;

  NaiveClient(TokenPersistenceHandler store, String accountsUrl, String clientId, String clientSecret) {
    this.store = store;
    this.accountsUrl = accountsUrl;
    this.api = new ZohoAccountsApi(HttpSettings.defaults().withMaxRetries(0), clientId, clientSecret,
        ApiDomains.of(accountsUrl, List.of()));
  }

  String getAccessToken(String user) {
    ZohoOAuthTokens tokens = store.load(user).orElseThrow();
    if (tokens.expiresAt().isAfter(Instant.now().plusSeconds(5))) {
      return tokens.accessToken();
    }
    Instant requestedAt = Instant.now();
    TokenResponse answer = api.refresh(accountsUrl, tokens.refreshToken(), user);
    ZohoOAuthTokens refreshed = answer.applyTo(tokens.toBuilder(), requestedAt);
    store.save(refreshed);
    return refreshed.accessToken();
  }
}
