package io.github.zohooauth.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample on a real HTTP port against the fake Zoho, as a browser goes through it: login, Zoho's consent screen,
 * the callback, then the signed-in user's CRM users, also after Zoho killed the token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {"logging.level.root=WARN", "spring.main.banner-mode=off"})
class CrmUsersApplicationTest {
  private static final int PORT = freePort();
  private static final String USER = "jane@example.com";
  private static final FakeZohoAccountsServer ZOHO = FakeZohoAccountsServer.builder()
      .redirectUri("http://localhost:" + PORT + "/oauth/callback").signedInUser(USER).start();
  private static final Pattern HIDDEN = Pattern.compile("<input type='hidden' name='([^']*)' value='([^']*)'");

  @Autowired
  ZohoOAuthClient zoho;

  private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry properties) {
    properties.add("server.port", () -> PORT);
    properties.add("zoho.oauth.client-id", ZOHO::clientId);
    properties.add("zoho.oauth.client-secret", ZOHO::clientSecret);
    properties.add("zoho.oauth.redirect-uri", ZOHO::redirectUri);
    properties.add("zoho.oauth.accounts-url", ZOHO::accountsUrl);
    properties.add("zoho.oauth.persistence", () -> "memory");
  }

  @AfterAll
  static void stop() {
    ZOHO.close();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return browser.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String app(String path) {
    return "http://localhost:" + PORT + path;
  }

  /**
   * Login, Accept on the fake's consent screen (shown only until the user has consented once), and the callback;
   * returns where the callback sends the browser.
   */
  private String signIn() throws Exception {
    HttpResponse<String> login = get(app("/login"));
    assertEquals(302, login.statusCode());
    HttpResponse<String> consent = get(login.headers().firstValue("Location").orElseThrow());
    if (consent.statusCode() == 302) { // consent given before (another test signed the user in): Zoho skips the page
      HttpResponse<String> callback = get(consent.headers().firstValue("Location").orElseThrow());
      assertEquals(302, callback.statusCode(), callback.body());
      return callback.headers().firstValue("Location").orElseThrow();
    }
    assertEquals(200, consent.statusCode(), consent.body());
    StringJoiner form = new StringJoiner("&");
    Matcher hidden = HIDDEN.matcher(consent.body());
    while (hidden.find()) {
      form.add(hidden.group(1) + "=" + URLEncoder.encode(unescape(hidden.group(2)), StandardCharsets.UTF_8));
    }
    form.add("decision=accept");
    HttpResponse<String> accepted = browser.send(HttpRequest.newBuilder(URI.create(ZOHO.accountsUrl()
        + "/oauth/v2/auth")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(302, accepted.statusCode(), accepted.body());
    HttpResponse<String> callback = get(accepted.headers().firstValue("Location").orElseThrow());
    assertEquals(302, callback.statusCode(), callback.body());
    return callback.headers().firstValue("Location").orElseThrow();
  }

  private static String unescape(String html) {
    return html.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  @Test
  void theSignedInUserSeesTheirCrmUsersAlsoAfterZohoKilledTheToken() throws Exception {
    assertEquals(401, get(app("/crm-users")).statusCode(), "not signed in yet");

    String next = signIn();
    HttpResponse<String> first = get(app(URI.create(next).getPath()));
    ZOHO.invalidateAccessTokens(USER);
    HttpResponse<String> second = get(app("/crm-users"));

    assertEquals("/crm-users", URI.create(next).getPath());
    assertEquals(200, first.statusCode(), first.body());
    assertTrue(first.body().contains(USER), first.body());
    assertEquals(200, second.statusCode(), second.body());
    assertEquals(1, ZOHO.refreshRequestCount(USER), "one refresh replaced the killed token");
    assertEquals(zoho.getTokens(USER).accessToken(), zoho.getAccessToken(USER));
  }

  @Test
  void aCallbackWhoseStateThisSessionWasNotGivenIsRefusedAndStoresNothing() throws Exception {
    get(app("/login"));
    HttpResponse<String> forged = get(app("/oauth/callback?state=forged&code=" + ZOHO.issueGrantCode(
        "mallory@example.com")));
    assertEquals(400, forged.statusCode());
    assertTrue(forged.body().contains("/login"), forged.body());
    assertTrue(zoho.getUserIdentifiers().stream().noneMatch("mallory@example.com"::equals));
  }

  private String sessionCookie() {
    return ((CookieManager) browser.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
        .filter(cookie -> cookie.getName().equals("JSESSIONID")).map(java.net.HttpCookie::getValue).findFirst()
        .orElse(null);
  }

  private static HttpResponse<String> getWithSession(String url, String session) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .header("Cookie", "JSESSIONID=" + session).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void signingInChangesTheSessionIdSoAPlantedOneGetsNothingAndSignOutEndsIt() throws Exception {
    HttpResponse<String> chosen = getWithSession(app("/login"), "ATTACKERCHOSEN");
    assertTrue(chosen.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.contains("ATTACKERCHOSEN")),
        "an id the server did not issue is never adopted: " + chosen.headers().allValues("Set-Cookie"));

    get(app("/login"));
    String planted = sessionCookie(); // the id an attacker could have planted before the victim signs in
    signIn();
    String signedIn = sessionCookie();

    assertTrue(planted != null && !planted.equals(signedIn), planted + " then " + signedIn);
    assertEquals(401, getWithSession(app("/crm-users"), planted).statusCode(), "the planted id got nothing");
    assertEquals(200, get(app("/crm-users")).statusCode());
    HttpResponse<String> logout = browser.send(HttpRequest.newBuilder(URI.create(app("/logout")))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, logout.statusCode());
    assertTrue(logout.body().contains("You are signed out"), logout.body());
    assertEquals(401, getWithSession(app("/crm-users"), signedIn).statusCode(), "the ended session is gone");
  }
}
