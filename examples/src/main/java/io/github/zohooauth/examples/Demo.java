package io.github.zohooauth.examples;

import io.github.zohooauth.ZohoOAuth;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * The README's demo: runs on embedded defaults, no Zoho account needed. It starts the testkit's fake Zoho accounts
 * server in this process, configures the client as an application would, generates tokens from a grant, and lets
 * the token go stale and then expire so the transparent refresh can be seen. Tokens live seconds here instead of an
 * hour.
 */
public final class Demo {
  private static final String USER = "jane@example.com";
  private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(6);

  private final PrintStream out;
  private final FakeZohoAccountsServer zoho;
  private final Instant start = Instant.now();

  Demo(PrintStream out, FakeZohoAccountsServer zoho) {
    this.out = out;
    this.zoho = zoho;
  }

  public static void main(String[] args) throws InterruptedException {
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.builder().accessTokenLifetime(TOKEN_LIFETIME).start()) {
      new Demo(System.out, zoho).run();
    }
  }

  void run() throws InterruptedException {
    step("Started a fake Zoho accounts server at " + zoho.accountsUrl() + " (the testkit's FakeZohoAccountsServer).");

    Properties config = new Properties();
    config.setProperty("client_id", zoho.clientId());
    config.setProperty("client_secret", zoho.clientSecret());
    config.setProperty("redirect_uri", zoho.redirectUri());
    config.setProperty("accounts_url", zoho.accountsUrl());
    config.setProperty("persistence", "memory");
    // Zoho's tokens live 60 minutes and the defaults are a 5-minute refresh window and a 1-minute safety margin;
    // scaled down here so the demo takes seconds.
    config.setProperty("refresh_window_seconds", "3");
    config.setProperty("expiry_margin_seconds", "1");
    ZohoOAuthClient client = ZohoOAuth.initialize(config);
    step("ZohoOAuth.initialize(...) read the configuration and picked the 'memory' token store.");

    String grantToken = zoho.issueGrantCode(USER);
    step("A user consented in the browser; Zoho handed the app a one-time grant token.");

    ZohoOAuthTokens tokens = client.generateAccessToken(grantToken);
    step("generateAccessToken(grant) exchanged it, asked /oauth/user/info whose it is, and stored the tokens:");
    out.println("        user " + tokens.userIdentifier() + ", api domain " + tokens.apiDomain() + ", expires in "
        + Duration.between(Instant.now(), tokens.expiresAt()).toMillis() / 1000 + " s");
    out.println("        " + tokens + "   (toString masks every token)");

    int before = zoho.requestCount(Endpoint.TOKEN);
    String first = null;
    for (int i = 0; i < 100_000; i++) {
      first = client.getAccessToken(USER);
    }
    step("100,000 getAccessToken(\"" + USER + "\") calls: token " + fingerprint(first) + ", "
        + (zoho.requestCount(Endpoint.TOKEN) - before) + " requests to Zoho (served from memory).");

    // the refresh window opens 3 s before expiry; the client walks its cache every second of it
    sleepUntil(tokens.expiresAt().minusMillis(1_500));
    waitForRefreshes(1);
    ZohoOAuthTokens refreshed = client.getTokens(USER);
    step("The token entered its refresh window 3 s before expiry, and the client refreshed it in the background "
        + "before any caller saw it stale (the user had called during its life): new token "
        + fingerprint(refreshed.accessToken()) + ", same refresh token kept (Zoho's refresh answer has none), "
        + "refreshes so far: " + zoho.refreshRequestCount(USER) + ".");

    sleepUntil(refreshed.expiresAt().minusMillis(500));
    step("Nobody called during the new token's life, so it was not refreshed ahead (a user who stops calling costs "
        + "nothing). It is now " + client.getTokenState(USER) + " (inside the 1 s safety margin): it is no longer "
        + "handed out.");
    String renewed = client.getAccessToken(USER);
    step("getAccessToken waited for one refresh and returned " + fingerprint(renewed) + "; refreshes so far: "
        + zoho.refreshRequestCount(USER) + ". The caller never handled an expiry.");
    client.close();
    step("Done. In an application: ZohoOAuth.initialize() once, then getAccessToken(user) before each API call.");
  }

  private void waitForRefreshes(int count) throws InterruptedException {
    for (int i = 0; i < 500 && zoho.refreshRequestCount(USER) < count; i++) {
      Thread.sleep(10);
    }
    Thread.sleep(50); // let the refreshed token reach the store and the cache
  }

  private void sleepUntil(Instant moment) throws InterruptedException {
    long millis = Duration.between(Instant.now(), moment).toMillis();
    if (millis > 0) {
      out.printf("  ... waiting %.1f s%n", millis / 1000.0);
      Thread.sleep(millis);
    }
  }

  private void step(String text) {
    out.printf("[%5.1f s] %s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0, text);
  }

  /** Enough to tell tokens apart without printing one. */
  private static String fingerprint(String token) {
    return "#" + Integer.toHexString(token.hashCode());
  }
}
