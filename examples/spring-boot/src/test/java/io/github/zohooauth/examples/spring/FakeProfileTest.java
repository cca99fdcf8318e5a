package io.github.zohooauth.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.testkit.ChildJvm;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's path, as a newcomer walks it: the fake as its own process ({@code java -jar} of the testkit), the
 * application with the {@code fake} profile, then the browser: the start page, sign-in through the consent screen,
 * the CRM users, sign-out. Only the ports differ from the documented ones, so that the test never collides with
 * anything on 9000 or 8080.
 */
class FakeProfileTest {
  private static final Pattern HIDDEN = Pattern.compile("<input type='hidden' name='([^']*)' value='([^']*)'");
  private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void theFakeProfileSignsAUserInAgainstTheFakeRunAsDocumented() throws Exception {
    Properties profile = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/application-fake.properties")) {
      profile.load(in);
    }
    URI documented = URI.create(profile.getProperty("zoho.oauth.accounts-url"));
    int appPort = freePort();
    String redirect = "http://localhost:" + appPort + "/oauth/callback";
    try (ChildJvm fake = ChildJvm.start(FakeZohoAccountsServer.class, "--port", "0", "--redirect-uri", redirect)) {
      URI printed = null;
      for (String line = fake.readLine(); printed == null; line = fake.readLine()) {
        if (line.startsWith("accounts_url=")) {
          printed = URI.create(line.substring("accounts_url=".length()));
        }
      }
      assertEquals(printed.getScheme() + "://" + printed.getHost(), documented.getScheme() + "://"
          + documented.getHost(), "the profile names the fake as the fake names itself in its redirects");
      assertEquals(9000, documented.getPort(), "the fake's default port");
      String accountsUrl = documented.toString().replace(":9000", ":" + printed.getPort());
      try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CrmUsersApplication.class)
          .profiles("fake").run("--server.port=" + appPort, "--zoho.oauth.accounts-url=" + accountsUrl,
              "--zoho.oauth.redirect-uri=" + redirect, "--logging.level.root=WARN", "--spring.main.banner-mode=off")) {
        String home = "http://localhost:" + appPort;
        HttpResponse<String> start = get(home + "/");
        assertEquals(200, start.statusCode());
        assertTrue(start.body().contains("href='/login'"), start.body());

        HttpResponse<String> consent = get(get(home + "/login").headers().firstValue("Location").orElseThrow());
        assertEquals(200, consent.statusCode(), consent.body());
        StringJoiner form = new StringJoiner("&");
        Matcher hidden = HIDDEN.matcher(consent.body());
        while (hidden.find()) {
          form.add(hidden.group(1) + "=" + URLEncoder.encode(hidden.group(2).replace("&amp;", "&"),
              StandardCharsets.UTF_8));
        }
        form.add("decision=accept");
        HttpResponse<String> accepted = browser.send(HttpRequest.newBuilder(URI.create(accountsUrl
            + "/oauth/v2/auth")).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> callback = get(accepted.headers().firstValue("Location").orElseThrow());
        assertEquals(302, callback.statusCode(), "the grant is exchanged, not refused: " + callback.body());

        HttpResponse<String> users = get(home + "/crm-users");
        assertEquals(200, users.statusCode(), users.body());
        HttpResponse<String> signedIn = get(home + "/");
        assertTrue(signedIn.body().contains("Signed in as") && signedIn.body().contains("action='/logout'"),
            signedIn.body());
        HttpResponse<String> out = browser.send(HttpRequest.newBuilder(URI.create(home + "/logout"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, out.statusCode());
        assertTrue(out.body().contains("You are signed out"), out.body());
      }
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return browser.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
