package io.github.zohooauth.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's shell usage, as written: after the build, cli/target on the PATH, {@code $(zoho-oauth token)} in a
 * command line. Runs the real launcher script and jar in a shell.
 */
class CliLauncherTest {
  private static final Path LAUNCHER = Paths.get("..", "cli", "target", "zoho-oauth").toAbsolutePath().normalize();

  @TempDir
  Path work;

  @Test
  void zohoOauthTokenWorksInAShellCommandSubstitution() throws Exception {
    assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is missing: build the cli module first (mvn install)");
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      Files.writeString(work.resolve("oauth_configuration.properties"), "client_id=" + zoho.clientId()
          + "\nclient_secret=" + zoho.clientSecret() + "\nredirect_uri=" + zoho.redirectUri() + "\naccounts_url="
          + zoho.accountsUrl() + "\npersistence=file\ntoken_persistence_path=" + work.resolve("tokens")
          + "\ncurrentUserEmail=jane@example.com\n");
      String script = "echo " + zoho.issueGrantCode("jane@example.com")
          + " | zoho-oauth exchange --grant - >/dev/null && "
          + "echo \"Authorization: Zoho-oauthtoken $(zoho-oauth token)\"";

      ProcessBuilder shell = new ProcessBuilder("sh", "-c", script).directory(work.toFile())
          .redirectErrorStream(true);
      shell.environment().put("PATH", LAUNCHER.getParent() + File.pathSeparator + System.getenv("PATH"));
      shell.environment().put("JAVA_HOME", System.getProperty("java.home"));
      Process process = shell.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));

      assertEquals(0, process.exitValue(), output);
      assertTrue(output.matches("Authorization: Zoho-oauthtoken 1000\\.[0-9a-f]{32}\\.[0-9a-f]{32}"), output);
    }
  }
}
