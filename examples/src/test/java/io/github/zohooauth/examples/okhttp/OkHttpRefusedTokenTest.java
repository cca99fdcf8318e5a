package io.github.zohooauth.examples.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The README's example: an app's own OkHttp client that reports a refused token with refreshAccessToken. */
class OkHttpRefusedTokenTest {
  private static final String USER = "user@example.com";

  /** As in the README, "Calling Zoho's APIs". */
  static OkHttpClient zohoHttp(ZohoOAuthClient zoho, String user) {
    return new OkHttpClient.Builder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
            .header("Authorization", "Zoho-oauthtoken " + zoho.getAccessToken(user)).build()))
        .authenticator((route, response) -> {   // OkHttp calls this on a 401
          String body = response.peekBody(64 * 1024).string();
          if (response.priorResponse() != null || !body.matches("(?s).*\"(INVALID_TOKEN|INVALID_OAUTHTOKEN|AUTHENTICATION_FAILURE)\".*")) {
            return null; // tried once already, or a 401 no refresh can fix (a scope, say): give it to the caller
          }
          String refused = response.request().header("Authorization").substring("Zoho-oauthtoken ".length());
          return response.request().newBuilder()
              .header("Authorization", "Zoho-oauthtoken " + zoho.refreshAccessToken(user, refused)).build();
        })
        .build();
  }

  @Test
  void aTokenZohoKilledIsReplacedOnceAndTheCallGoesThrough() throws Exception {
    try (FakeZohoAccountsServer fake = FakeZohoAccountsServer.start();
        ZohoOAuthClient zoho = ZohoOAuthClient.builder().clientId(fake.clientId()).clientSecret(fake.clientSecret())
            .redirectUri(fake.redirectUri()).accountsUrl(fake.accountsUrl())
            .tokenStore(new InMemoryTokenPersistenceHandler()).build()) {
      zoho.generateAccessToken(fake.issueGrantCode(USER), USER);
      fake.invalidateAccessTokens(USER);
      OkHttpClient http = zohoHttp(zoho, USER);

      try (Response response = http.newCall(new Request.Builder()
          .url(zoho.apiClient().uri(USER, "/crm/v2/Leads").toString()).build()).execute()) {
        assertEquals(200, response.code());
        assertTrue(response.body().string().contains(USER));
      }
      assertEquals(1, fake.refreshRequestCount(USER));
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
