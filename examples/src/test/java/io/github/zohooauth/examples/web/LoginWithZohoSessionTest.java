package io.github.zohooauth.examples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web example's sessions, as an attacker would try them over plain HTTP (cookies set by hand): a chosen or
 * planted session id never becomes signed in, sign-out ends the session, and sessions and pending sign-ins are
 * bounded in number.
 */
class LoginWithZohoSessionTest {
  private static final String USER = "victim@example.com";
  private static final int MAX_SESSIONS = 50;
  private static final Pattern SET_SESSION = Pattern.compile("zoho_demo_session=([A-Za-z0-9_-]+)");
  private static final Pattern STATE = Pattern.compile("state=([A-Za-z0-9_-]+)");

  private final HttpClient http = HttpClient.newHttpClient();
  private FakeZohoAccountsServer zoho;
  private ZohoOAuthClient client;
  private LoginWithZohoApp app;

  @BeforeEach
  void start() throws Exception {
    HttpServer server = LoginWithZohoApp.bind(0);
    zoho = FakeZohoAccountsServer.builder().redirectUri(LoginWithZohoApp.callbackUrl(server)).start();
    client = ZohoOAuthClient.builder().clientId(zoho.clientId()).clientSecret(zoho.clientSecret())
        .redirectUri(zoho.redirectUri()).accountsUrl(zoho.accountsUrl())
        .scope("ZohoCRM.modules.ALL,AaaServer.profile.READ").tokenStore(new InMemoryTokenPersistenceHandler()).build();
    app = LoginWithZohoApp.start(server, client, MAX_SESSIONS);
  }

  @AfterEach
  void stop() {
    app.close();
    client.close();
    zoho.close();
  }

  private HttpResponse<String> get(String path, String session) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url() + path.substring(1)));
    if (session != null) {
      request.header("Cookie", "zoho_demo_session=" + session);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String issued(HttpResponse<?> response) {
    Matcher cookie = SET_SESSION.matcher(String.join(";", response.headers().allValues("Set-Cookie")));
    return cookie.find() ? cookie.group(1) : null;
  }

  @Test
  void aPlantedSessionIdNeverBecomesSignedInAndSignOutEndsTheSession() throws Exception {
    HttpResponse<String> chosen = get("/", "attacker-chosen-id");
    assertNotEquals("attacker-chosen-id", issued(chosen), "an id the server did not issue is never adopted");
    assertNotNull(issued(chosen));

    String planted = issued(get("/", null)); // issued to the attacker, then planted in the victim's browser
    HttpResponse<String> home = get("/", planted);
    Matcher state = STATE.matcher(home.body());
    assertTrue(state.find(), home.body());
    HttpResponse<String> callback = get("/oauth/callback?state=" + state.group(1) + "&code="
        + zoho.issueGrantCode(USER) + "&location=us", planted);
    assertEquals(200, callback.statusCode(), callback.body());
    String signedIn = issued(callback);
    assertNotNull(signedIn, "a new session id at sign-in");
    assertNotEquals(planted, signedIn);

    assertEquals(401, get("/api", planted).statusCode(), "the planted id got nothing of the victim's");
    assertEquals(200, get("/api", signedIn).statusCode());

    HttpResponse<String> logout = http.send(HttpRequest.newBuilder(URI.create(app.url() + "logout"))
        .header("Cookie", "zoho_demo_session=" + signedIn).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(303, logout.statusCode());
    assertTrue(String.join(";", logout.headers().allValues("Set-Cookie")).contains("Max-Age=0"));
    assertEquals(401, get("/api", signedIn).statusCode(), "the ended session is not accepted again");
  }

  @Test
  void cookielessVisitsKeepABoundedNumberOfSessionsAndPendingSignIns() throws Exception {
    for (int i = 0; i < MAX_SESSIONS * 4; i++) {
      assertEquals(200, get("/", null).statusCode());
    }
    long[] kept = app.kept();
    assertTrue(kept[0] <= MAX_SESSIONS && kept[1] <= MAX_SESSIONS, "sessions " + kept[0] + ", pending "
        + kept[1]);
  }
}
