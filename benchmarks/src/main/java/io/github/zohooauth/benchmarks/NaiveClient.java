package io.github.zohooauth.benchmarks;

import io.github.zohooauth.HttpSettings;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.internal.Sleeper;
import io.github.zohooauth.internal.http.TokenExchanges;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The baseline: what Zoho's official SDKs do on every call. Read the store, and if the token is expired (their 5 s
 * margin), refresh it right there. There is no cache and no single flight, so every thread that sees an expired
 * token refreshes. It uses our HTTP layer, so only the strategy differs.
 */
final class NaiveClient {
  private final TokenPersistenceHandler store;
  private final TokenExchanges zoho;

  NaiveClient(TokenPersistenceHandler store, String accountsUrl, String clientId, String clientSecret) {
    this.store = store;
    this.zoho = new TokenExchanges(HttpSettings.defaults().withMaxRetries(0), clientId, clientSecret,
        List.of(accountsUrl), List.of(), null, Clock.systemUTC(), Duration.ofSeconds(5), Sleeper.SYSTEM);
  }

  String getAccessToken(String user) {
    ZohoOAuthTokens tokens = store.load(user).orElseThrow();
    if (tokens.expiresAt().isAfter(Instant.now().plusSeconds(5))) {
      return tokens.accessToken();
    }
    ZohoOAuthTokens refreshed = zoho.refresh(tokens);
    store.save(refreshed);
    return refreshed.accessToken();
  }
}
