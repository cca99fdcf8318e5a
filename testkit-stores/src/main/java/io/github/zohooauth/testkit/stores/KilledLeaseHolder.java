package io.github.zohooauth.testkit.stores;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.spi.TokenPersistenceHandler;
import io.github.zohooauth.testkit.ChildJvm;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.Gate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * An instance killed mid-refresh while it holds a user's lease, and a survivor asking for the user's token: the
 * survivor must wait only until the lease runs out (two seconds here), then refresh once. A store's multi-process
 * test passes its store, which the survivor closes, and the keys a child needs to open the same store.
 */
public final class KilledLeaseHolder {
  /** The lease time the child and the survivor use. */
  public static final Duration LEASE = Duration.ofSeconds(2);
  /** The access token stored, expired, before the child starts. */
  public static final String EXPIRED_TOKEN = "1000.expired";

  private KilledLeaseHolder() {}

  /** What the survivor got, what the store then held, and how many refresh requests reached Zoho in all. */
  public static final class Result {
    public final String survivorToken;
    public final String storedToken;
    public final int refreshRequests;

    Result(String survivorToken, String storedToken, int refreshRequests) {
      this.survivorToken = survivorToken;
      this.storedToken = storedToken;
      this.refreshRequests = refreshRequests;
    }
  }

  public static Result run(FakeZohoAccountsServer zoho, TokenPersistenceHandler store, String user,
      Map<String, String> config) throws Exception {
    store.save(ZohoOAuthTokens.builder().userIdentifier(user).accessToken(EXPIRED_TOKEN)
        .refreshToken(zoho.issueRefreshToken(user)).expiresAt(Instant.now().minusSeconds(60)).build());
    Map<String, String> childConfig = new HashMap<>(config);
    childConfig.put("refresh_lease_ms", String.valueOf(LEASE.toMillis()));
    Gate refreshes = zoho.holdRefreshes();
    try (ChildJvm holder = ChildJvm.start(RefreshStorm.class, RefreshStorm.childArgs(childConfig, "1", user))) {
      if (!"READY".equals(holder.readLine())) {
        throw new IllegalStateException("the child did not start its client");
      }
      holder.send("GO");
      if (!refreshes.awaitArrivals(1, Duration.ofSeconds(30))) {
        throw new IllegalStateException("the child's refresh did not reach Zoho within 30 s");
      }
      holder.kill(); // mid-refresh, holding the lease
      holder.waitForExit();
    } finally {
      refreshes.release();
    }
    try (ZohoOAuthClient survivor = ZohoOAuthClient.builder().clientId(zoho.clientId())
        .clientSecret(zoho.clientSecret()).accountsUrl(zoho.accountsUrl()).tokenStore(store)
        .refreshLeaseTime(LEASE).build()) {
      String token = survivor.getAccessToken(user);
      return new Result(token, store.load(user).orElseThrow().accessToken(), zoho.refreshRequestCount(user));
    }
  }
}
