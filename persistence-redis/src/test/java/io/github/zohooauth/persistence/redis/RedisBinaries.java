package io.github.zohooauth.persistence.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The {@code redis-server} the tests start their throwaway servers and Clusters with: the one installed on the
 * machine, else the one embedded-redis ships in its Maven Central jar (Redis 6.2, for Linux and macOS), as on a
 * laptop with nothing installed. {@code ZOHO_TEST_EMBEDDED=true} takes the shipped one even where Redis is installed.
 */
final class RedisBinaries {
  private static final Path INSTALLED = Paths.get("/usr/bin/redis-server");
  private static Path shipped;

  private RedisBinaries() {}

  static synchronized Path server() throws IOException {
    if (!embeddedOnly() && Files.isExecutable(INSTALLED)) {
      return INSTALLED;
    }
    if (shipped == null) {
      String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
      boolean arm = System.getProperty("os.arch").contains("aarch64") || System.getProperty("os.arch").contains("arm");
      String name = os.contains("mac") ? (arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64")
          : arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
      try (InputStream binary = RedisBinaries.class.getResourceAsStream("/" + name)) {
        if (binary == null) {
          throw new IllegalStateException("No Redis answers on 127.0.0.1:6379, none is installed at " + INSTALLED
              + ", and embedded-redis ships no " + name + ": install Redis, or point the tests at one with "
              + "ZOHO_TEST_REDIS_URL=redis://host:port/db");
        }
        Path file = Files.createTempFile("redis-server", "");
        Files.copy(binary, file, StandardCopyOption.REPLACE_EXISTING);
        if (!file.toFile().setExecutable(true)) {
          throw new IllegalStateException("could not make " + file + " executable");
        }
        file.toFile().deleteOnExit();
        shipped = file;
      }
    }
    return shipped;
  }

  /** Whether the tests must use servers of their own from Maven Central artifacts only. */
  static boolean embeddedOnly() {
    String value = System.getProperty("ZOHO_TEST_EMBEDDED", System.getenv("ZOHO_TEST_EMBEDDED"));
    return "true".equalsIgnoreCase(value);
  }
}
