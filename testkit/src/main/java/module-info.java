/**
 * A faithful local stand-in for Zoho's accounts server and resource APIs, for tests: {@link
 * io.github.zohooauth.testkit.FakeZohoAccountsServer}. JUnit 5 is needed only by its extension.
 */
module io.github.zohooauth.testkit {
  requires jdk.httpserver;
  requires static org.junit.jupiter.api; // the extension's users have JUnit; an application does not need it

  exports io.github.zohooauth.testkit;
}
