package io.github.zohooauth.persistence.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three masters of this test's own, started from the {@code redis-server} of
 * {@link RedisBinaries} and joined with the Cluster commands themselves (no {@code redis-cli}), keeping nothing but
 * its node files in a temporary folder. {@link #close()} stops it.
 */
final class ThrowawayCluster implements AutoCloseable {
  private final List<Integer> ports = new ArrayList<>();
  private final List<Process> nodes = new ArrayList<>();
  private final Path folder;

  private ThrowawayCluster(Path folder) {
    this.folder = folder;
  }

  static ThrowawayCluster start() throws Exception {
    ThrowawayCluster cluster = new ThrowawayCluster(Files.createTempDirectory("zoho-oauth-redis-cluster"));
    try {
      cluster.startNodes();
      cluster.create();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** {@code redis://127.0.0.1:p1,redis://127.0.0.1:p2,...}, as {@code redis_cluster_nodes} takes them. */
  String nodes() {
    List<String> uris = new ArrayList<>();
    for (int port : ports) {
      uris.add("redis://127.0.0.1:" + port);
    }
    return String.join(",", uris);
  }

  private void startNodes() throws Exception {
    while (ports.size() < 3) {
      int port = freePort();
      if (port > 55_000 || !free(port + 10_000) || ports.contains(port)) {
        continue; // the cluster bus listens on port + 10000
      }
      ports.add(port);
      nodes.add(new ProcessBuilder(RedisBinaries.server().toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf", "--cluster-node-timeout",
          "2000", "--dir", folder.toString(), "--save", "", "--appendonly", "no").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }
    for (int port : ports) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!TestRedis.accepts(port)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("a Cluster node did not start on port " + port);
        }
        Thread.sleep(50);
      }
    }
  }

  /** What {@code redis-cli --cluster create} does for three masters: a third of the slots each, then meet. */
  private void create() throws Exception {
    for (int i = 0; i < ports.size(); i++) {
      int from = 16_384 * i / ports.size();
      int to = 16_384 * (i + 1) / ports.size();
      int[] slots = new int[to - from];
      for (int slot = from; slot < to; slot++) {
        slots[slot - from] = slot;
      }
      try (io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + ports.get(i));
          io.lettuce.core.api.StatefulRedisConnection<String, String> node = client.connect()) {
        node.sync().clusterAddSlots(slots);
        for (int other : ports) {
          if (other != ports.get(i)) {
            node.sync().clusterMeet("127.0.0.1", other);
          }
        }
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int port : ports) {
      while (!info(port).contains("cluster_state:ok")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the Cluster did not become ready: " + info(port));
        }
        Thread.sleep(100);
      }
    }
  }

  private static String info(int port) {
    try (io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + port);
        io.lettuce.core.api.StatefulRedisConnection<String, String> node = client.connect()) {
      return node.sync().clusterInfo();
    }
  }

  @Override
  public void close() {
    for (Process node : nodes) {
      node.destroyForcibly();
    }
    for (Process node : nodes) {
      try {
        node.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.list(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      // a temporary folder; the OS clears it
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
