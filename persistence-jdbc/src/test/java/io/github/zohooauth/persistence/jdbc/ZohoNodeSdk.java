package io.github.zohooauth.persistence.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Zoho's real current Node SDK ({@code @zohocrm/nodejs-sdk-8.0}, from the npm registry) on its own MySQL DBStore,
 * run as a child process by {@code src/test/node/zoho-sdk.mjs}. Installed once per build under {@code target/}.
 * Never skipped: without Node and npm the tests that use it fail, saying so.
 */
final class ZohoNodeSdk {
  static final String PACKAGE = "@zohocrm/nodejs-sdk-8.0";
  static final String VERSION = "2.0.0";
  private static final Path HOME = Paths.get("target", "zoho-node-sdk").toAbsolutePath();

  private final Map<String, String> database;

  private ZohoNodeSdk(Map<String, String> database) {
    this.database = database;
  }

  /** The SDK on the MariaDB of {@code jdbcUrl} ({@code jdbc:mysql://host:port/db?user=..&password=..}). */
  static synchronized ZohoNodeSdk installed(String jdbcUrl) throws Exception {
    Path script = HOME.resolve("zoho-sdk.mjs");
    Files.createDirectories(HOME);
    Files.copy(Paths.get("src", "test", "node", "zoho-sdk.mjs"), script, StandardCopyOption.REPLACE_EXISTING);
    if (!Files.isDirectory(HOME.resolve("node_modules").resolve(PACKAGE))) {
      Process npm = start(List.of("npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix",
          HOME.toString(), PACKAGE + "@" + VERSION), Map.of());
      String output = read(npm.getInputStream());
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        npm.destroyForcibly();
        throw new IllegalStateException("npm could not install " + PACKAGE + "@" + VERSION + " (the npm registry "
            + "must be reachable): " + output);
      }
    }
    URI url = URI.create(jdbcUrl.substring("jdbc:".length()));
    Map<String, String> db = new java.util.HashMap<>();
    db.put("ZOHO_DB_HOST", url.getHost());
    db.put("ZOHO_DB_PORT", String.valueOf(url.getPort()));
    db.put("ZOHO_DB_NAME", url.getPath().substring(1));
    for (String pair : url.getQuery() == null ? new String[0] : url.getQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv[0].equals("user")) {
        db.put("ZOHO_DB_USER", kv[1]);
      } else if (kv[0].equals("password")) {
        db.put("ZOHO_DB_PASSWORD", kv.length > 1 ? kv[1] : "");
      }
    }
    return new ZohoNodeSdk(db);
  }

  /**
   * What the SDK answers when an application asks it for the access token of the user in {@code settings}
   * ({@code ZOHO_TABLE}, {@code ZOHO_USER}, ...; see the script): the token, or the SDK's error.
   */
  Result accessToken(Map<String, String> settings) throws Exception {
    Map<String, String> environment = new java.util.HashMap<>(database);
    environment.putAll(settings);
    Process node = start(List.of("node", HOME.resolve("zoho-sdk.mjs").toString()), environment);
    String output = read(node.getInputStream());
    if (!node.waitFor(60, TimeUnit.SECONDS)) {
      node.destroyForcibly();
      throw new IllegalStateException("the Node SDK did not finish within 60 s: " + output);
    }
    String last = output.strip().lines().reduce((first, second) -> second).orElse("");
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(last);
    } catch (IOException e) {
      throw new IllegalStateException("the Node SDK printed no JSON: " + output, e);
    }
    return new Result(json.path("accessToken").asText(null), json.has("error") ? json.toString() : null);
  }

  /**
   * {@code callers} concurrent requests for the token in one SDK process, as a web application's requests would ask:
   * the SDK starts, {@code beforeStorm} runs (expire the row), then all ask at once.
   *
   * @return the SDK's tally: {@code succeeded}, {@code failed}, {@code firstFailure}
   */
  JsonNode storm(Map<String, String> settings, int callers, ThrowingRunnable beforeStorm) throws Exception {
    Map<String, String> environment = new java.util.HashMap<>(database);
    environment.putAll(settings);
    environment.put("ZOHO_STORM", String.valueOf(callers));
    Process node = start(List.of("node", HOME.resolve("zoho-sdk.mjs").toString()), environment);
    java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(node.getInputStream(),
        StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        seen.append(line).append('\n');
        if (line.contains("\"ready\":true")) {
          beforeStorm.run();
          node.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
          node.getOutputStream().flush();
        } else if (line.startsWith("{")) {
          JsonNode json = new ObjectMapper().readTree(line);
          if (json.has("succeeded")) {
            return json;
          }
          throw new IllegalStateException("the Node SDK's storm failed: " + line);
        }
      }
      throw new IllegalStateException("the Node SDK ended without a tally: " + seen);
    } finally {
      node.destroyForcibly();
    }
  }

  /** A step of the test that may throw. */
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static Process start(List<String> command, Map<String, String> environment) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(HOME.toFile());
    builder.environment().putAll(environment);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("'" + command.get(0) + "' could not be run: the tests against Zoho's Node SDK "
          + "need Node.js 18+ and npm on the PATH (Debian: apt-get install nodejs npm).", e);
    }
  }

  private static String read(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** The SDK's answer: an access token, or its error as JSON. */
  static final class Result {
    final String accessToken;
    final String error;

    Result(String accessToken, String error) {
      this.accessToken = accessToken;
      this.error = error;
    }

    @Override
    public String toString() {
      return error != null ? error : "accessToken=" + accessToken;
    }
  }
}
