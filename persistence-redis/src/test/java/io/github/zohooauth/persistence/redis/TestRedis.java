package io.github.zohooauth.persistence.redis;

import io.github.zohooauth.config.ConfigValues;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Where the Redis tests find Redis. Never skips: {@code ZOHO_TEST_REDIS_URL} (environment or system property), else
 * the server on 127.0.0.1:6379, else a throwaway {@code redis-server}: the installed one, or embedded-redis's from
 * Maven Central ({@link RedisBinaries}).
 */
public final class TestRedis {
  private static String url;

  private TestRedis() {}

  public static synchronized String url() throws Exception {
    if (url == null) {
      String given = System.getProperty("ZOHO_TEST_REDIS_URL", System.getenv("ZOHO_TEST_REDIS_URL"));
      if (given != null && !given.isEmpty()) {
        url = given;
      } else if (!RedisBinaries.embeddedOnly() && accepts(6379)) {
        url = "redis://127.0.0.1:6379/0";
      } else {
        Throwaway server = Throwaway.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        url = server.url();
      }
    }
    return url;
  }

  /** A key prefix no other test or run uses. */
  public static String uniquePrefix() {
    return "zoho-oauth-test:" + UUID.randomUUID().toString().substring(0, 12) + ":";
  }

  /** The provider's configuration for {@code url} and {@code prefix}. */
  static ConfigValues config(String url, String prefix) {
    Properties properties = new Properties();
    properties.setProperty(RedisPersistenceProvider.REDIS_URL, url);
    properties.setProperty(RedisPersistenceProvider.REDIS_KEY_PREFIX, prefix);
    return ConfigValues.of(properties, "test.properties");
  }

  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A redis-server of this test's own, keeping nothing on disk; {@link #close()} stops it. */
  static final class Throwaway implements AutoCloseable {
    private final int port;
    private Process process;

    private Throwaway(int port) {
      this.port = port;
    }

    static Throwaway start() throws Exception {
      Throwaway server = new Throwaway(freePort());
      server.restart();
      return server;
    }

    String url() {
      return "redis://127.0.0.1:" + port + "/0";
    }

    int port() {
      return port;
    }

    /** Starts the server (again) on its port; it starts empty. */
    void restart() throws Exception {
      Path binary = RedisBinaries.server();
      process = new ProcessBuilder(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--daemonize", "no").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!accepts(port)) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException("redis-server did not start on port " + port);
        }
        Thread.sleep(50);
      }
    }

    /** Stops the server at once, as a crash would. */
    void stop() {
      if (process != null) {
        process.destroyForcibly();
        try {
          process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void close() {
      stop();
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      }
    }
  }
}
