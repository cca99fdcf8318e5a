/**
 * A faithful local stand-in for Zoho's accounts server and resource APIs, for tests: {@link
 * io.github.zohooauth.testkit.FakeZohoAccountsServer}. JUnit 5 is needed only by its extension.
 */
module io.github.zohooauth.testkit {
  requires jdk.httpserver;
  requires static transitive org.junit.jupiter.api;

  exports io.github.zohooauth.testkit;
}
