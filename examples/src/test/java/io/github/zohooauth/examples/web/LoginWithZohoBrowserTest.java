package io.github.zohooauth.examples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The login flow in a real headless Chromium: the app, the testkit's authorization page and the redirect back. Needs
 * Debian's chromium and chromium-driver (.ci/run installs them); without them it fails saying so, it never skips.
 */
class LoginWithZohoBrowserTest {
  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
  private static final String USER = "jane@example.com";
  /**
   * Selenium warns on every start that it has no CDP support for this Chromium version, which these tests do not
   * use. Held here, as java.util.logging keeps loggers only weakly.
   */
  private static final java.util.logging.Logger SELENIUM = quiet("org.openqa.selenium");

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.SEVERE);
    return logger;
  }

  @TempDir
  Path profile;
  private FakeZohoAccountsServer zoho;
  private ZohoOAuthClient client;
  private LoginWithZohoApp app;
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError("This test drives Chromium: install it with "
          + "'apt-get install -y chromium chromium-driver' (.ci/run does), expected at " + CHROMIUM + " and "
          + CHROMEDRIVER + ".");
    }
    HttpServer server = LoginWithZohoApp.bind(0);
    zoho = FakeZohoAccountsServer.builder().redirectUri(LoginWithZohoApp.callbackUrl(server)).signedInUser(USER)
        .location("eu").start();
    client = ZohoOAuthClient.builder().clientId(zoho.clientId()).clientSecret(zoho.clientSecret())
        .redirectUri(zoho.redirectUri()).accountsUrl(zoho.accountsUrl())
        .scope("ZohoCRM.modules.ALL,AaaServer.profile.READ").tokenStore(new InMemoryTokenPersistenceHandler()).build();
    app = LoginWithZohoApp.start(server, client);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // No sandbox as root; no background networking: this machine reaches no outside host.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.close();
      client.close();
      zoho.close();
    }
  }

  @Test
  void clickingLoginWithZohoAndAcceptingSignsTheUserInAndTheApiPageCallsCrmEvenAfterZohoKilledTheToken()
      throws Exception {
    browser.get(app.url());
    screenshot("1-home.png");
    browser.findElement(By.id("login")).click();

    assertTrue(waitFor(By.id("scopes")).getText().contains("ZohoCRM.modules.ALL"), "Zoho's consent screen");
    assertEquals(USER, browser.findElement(By.id("user")).getText());
    screenshot("2-consent.png");
    browser.findElement(By.id("accept")).click();

    assertEquals(USER, waitFor(By.id("email")).getText());
    assertEquals(zoho.apiDomain(), browser.findElement(By.id("api-domain")).getText());
    assertEquals("eu", browser.findElement(By.id("location")).getText());
    screenshot("3-signed-in.png");

    browser.findElement(By.id("api")).click();
    assertEquals("200", waitFor(By.id("api-status")).getText(), browser.findElement(By.tagName("body")).getText());
    assertTrue(browser.findElement(By.id("api-answer")).getText().contains(USER));
    assertEquals(List.of(USER), client.getUserIdentifiers());
    screenshot("4-api-call.png");

    zoho.invalidateAccessTokens(USER);
    browser.get(app.url() + "api"); // returns once the new page has loaded
    assertEquals("200", waitFor(By.id("api-status")).getText(), browser.findElement(By.tagName("body")).getText());
    assertEquals(1, zoho.refreshRequestCount(USER), "the killed token was replaced once");

    browser.findElement(By.id("logout")).click();
    waitFor(By.id("login"));
    screenshot("5-signed-out.png");
  }

  @Test
  void denyingOnTheConsentScreenComesBackAsDeclinedAndStoresNothing() throws Exception {
    browser.get(app.url());
    browser.findElement(By.id("login")).click();
    waitFor(By.id("deny")).click();

    assertTrue(waitFor(By.id("denied")).getText().contains("nothing was stored"),
        browser.findElement(By.tagName("body")).getText());
    screenshot("6-declined.png");
    assertEquals(0, zoho.requestCount(Endpoint.TOKEN));
    assertEquals(List.of(), client.getUserIdentifiers());
  }

  @Test
  void aForgedStateIsRefusedAndNothingIsExchanged() {
    browser.get(app.url()); // a session, as an attacker's victim would have
    browser.get(app.callbackUrl() + "?code=" + zoho.issueGrantCode("mallory@example.com")
        + "&state=forged&location=us&accounts-server=" + zoho.accountsUrl());

    assertTrue(waitFor(By.id("refused")).getText().startsWith("Login refused"));
    assertEquals(0, zoho.requestCount(Endpoint.TOKEN), "a forged callback must not reach the token endpoint");
    assertEquals(List.of(), client.getUserIdentifiers());
  }

  @Test
  void aReplayedCallbackAndAStateFromAnotherBrowserAreRefused() {
    browser.get(app.url());
    String loginLink = browser.findElement(By.id("login")).getAttribute("href");
    browser.manage().deleteAllCookies(); // the state now belongs to a session this browser no longer has
    browser.get(loginLink);
    waitFor(By.id("accept")).click();
    assertTrue(waitFor(By.id("refused")).getText().startsWith("Login refused"));

    browser.get(app.url());
    browser.findElement(By.id("login")).click(); // consented already: Zoho sends the browser straight back
    waitFor(By.id("email"));
    String callback = browser.getCurrentUrl();
    browser.get(callback);
    assertTrue(waitFor(By.id("refused")).getText().startsWith("Login refused"), "a callback works once");
    assertEquals(1, zoho.tokenRequestCount(FakeZohoAccountsServer.GRANT_AUTHORIZATION_CODE));
  }

  private org.openqa.selenium.WebElement waitFor(By element) {
    return new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(element));
  }

  private void screenshot(String name) throws Exception {
    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Path target = Paths.get("target", "screenshots", "login-with-zoho-" + name);
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
