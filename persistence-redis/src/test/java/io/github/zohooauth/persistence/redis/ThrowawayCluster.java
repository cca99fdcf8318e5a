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
 * A Redis Cluster of three masters of this test's own, started from the installed {@code redis-server} and
 * {@code redis-cli}, keeping nothing but its node files in a temporary folder. {@link #close()} stops it.
 */
final class ThrowawayCluster implements AutoCloseable {
  private final List<Integer> ports = new ArrayList<>();
  private final List<Process> nodes = new ArrayList<>();
  private final Path folder;

  private ThrowawayCluster(Path folder) {
    this.folder = folder;
  }

  static ThrowawayCluster start() throws Exception {
    for (String binary : new String[] {"/usr/bin/redis-server", "/usr/bin/redis-cli"}) {
      if (!Files.isExecutable(Paths.get(binary))) {
        throw new IllegalStateException("The Cluster tests start a throwaway Redis Cluster and need " + binary
            + ": install Debian's redis-server (which has redis-cli too).");
      }
    }
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
      nodes.add(new ProcessBuilder("/usr/bin/redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
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

  private void create() throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/redis-cli", "--cluster", "create"));
    for (int port : ports) {
      command.add("127.0.0.1:" + port);
    }
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
      throw new IllegalStateException("redis-cli --cluster create failed: " + output);
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

  private static String info(int port) throws Exception {
    Process info = new ProcessBuilder("/usr/bin/redis-cli", "-p", String.valueOf(port), "cluster", "info")
        .redirectErrorStream(true).start();
    String output = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    info.waitFor(10, TimeUnit.SECONDS);
    return output;
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
