package io.github.zohooauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake on its own, as a user starts it by hand: what it prints, its grant codes, a busy port. */
class FakeServerMainTest {

  private static Process start(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), FakeZohoAccountsServer.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  @Test
  void itPrintsWhatAClientNeedsAndHandsOutGrantCodes() throws Exception {
    Process fake = start("--port", "0");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(fake.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
        if (line.startsWith("More, for any user")) {
          break;
        }
      }
      String printed = String.join("\n", lines);
      String url = printed.replaceAll("(?s).*accounts_url=(\\S+).*", "$1");
      assertTrue(printed.contains("client_id=" + FakeZohoAccountsServer.DEFAULT_CLIENT_ID), printed);
      assertTrue(printed.contains("client_secret=" + FakeZohoAccountsServer.DEFAULT_CLIENT_SECRET), printed);
      assertTrue(printed.matches("(?s).*A grant code for user@example.com .*: 1000\\.[0-9a-f]{32}\\.[0-9a-f]{32}.*"),
          printed);

      HttpResponse<String> code = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
          + FakeZohoAccountsServer.GRANT_CODE_PATH + "?email=you@example.com")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, code.statusCode());
      assertTrue(code.body().matches("1000\\.[0-9a-f]{32}\\.[0-9a-f]{32}"), code.body());
    } finally {
      fake.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBusyPortIsOneClearLine() throws Exception {
    try (FakeZohoAccountsServer taken = FakeZohoAccountsServer.start()) {
      Process fake = start("--port", String.valueOf(taken.port()));
      String output = new String(fake.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertTrue(fake.waitFor(30, TimeUnit.SECONDS));

      assertEquals(1, fake.exitValue());
      assertEquals(1, output.lines().count(), output);
      assertTrue(output.contains("--port"), output);
    }
  }
}
