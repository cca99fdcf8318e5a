package io.github.zohooauth;

import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.time.Duration;

/** A client wired to a fake, the way the tests need it: fast retries, the fake's clock as clock and ticker. */
final class ClientFixture {
  private ClientFixture() {}

  static ZohoOAuthClientBuilder clientFor(FakeZohoAccountsServer zoho, FakeClock clock,
      TokenPersistenceHandler store) {
    return ZohoOAuthClient.builder()
        .clientId(zoho.clientId())
        .clientSecret(zoho.clientSecret())
        .redirectUri(zoho.redirectUri())
        .accountsUrl(zoho.accountsUrl())
        .clock(clock)
        .ticker(clock::nanoTime)
        .tokenStore(store)
        .http(HttpSettings.defaults().withRetryBaseDelay(Duration.ofMillis(5)).withRequestTimeout(Duration.ofSeconds(5)));
  }
}
