package io.github.zohooauth;

import io.github.zohooauth.http.HttpSettings;
import io.github.zohooauth.spi.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.time.Duration;

/** A client wired to a fake, the way the tests need it: fast retries, the fake's clock. */
final class ClientFixture {
  private ClientFixture() {}

  static ZohoOAuthClient.Builder clientFor(FakeZohoAccountsServer zoho, MutableClock clock,
      InMemoryTokenPersistenceHandler store) {
    return ZohoOAuthClient.builder()
        .clientId(zoho.clientId())
        .clientSecret(zoho.clientSecret())
        .redirectUri(zoho.redirectUri())
        .accountsUrl(zoho.accountsUrl())
        .clock(clock)
        .tokenStore(store)
        .http(HttpSettings.defaults().withRetryBaseDelay(Duration.ofMillis(5)).withRequestTimeout(Duration.ofSeconds(5)));
  }
}
