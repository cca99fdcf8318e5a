package io.github.zohooauth.benchmarks;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.persistence.file.FileTokenPersistenceHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The file store's save and load cost as the number of stored users grows. The claim: a save at 10,000 users costs
 * at most twice a save at 10 (one file per user, so nothing else is read or rewritten). Each save is durable: temp
 * file, fsync, atomic rename, folder fsync.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FileStoreBenchmark {
  private static final int ROTATION = 64;

  @Param({"10", "1000", "10000"})
  public int storedUsers;

  private Path folder;
  private FileTokenPersistenceHandler store;
  private ZohoOAuthTokens[] updates;
  private int next;

  @Setup(Level.Trial)
  public void fillStore() throws IOException {
    folder = Files.createTempDirectory("zoho-file-bench");
    store = new FileTokenPersistenceHandler(folder.resolve("tokens"));
    for (int i = 0; i < storedUsers; i++) {
      store.save(tokens(i, "1000.initial." + i));
    }
    updates = new ZohoOAuthTokens[ROTATION];
    for (int i = 0; i < ROTATION; i++) {
      updates[i] = tokens(i % storedUsers, "1000.updated." + i);
    }
  }

  @Benchmark
  public void save() {
    store.save(updates[next++ % ROTATION]);
  }

  @Benchmark
  public ZohoOAuthTokens load() {
    return store.load("user" + (next++ % Math.min(storedUsers, ROTATION)) + "@example.com").orElseThrow();
  }

  @TearDown(Level.Trial)
  public void removeStore() throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private static ZohoOAuthTokens tokens(int user, String accessToken) {
    return ZohoOAuthTokens.builder().userIdentifier("user" + user + "@example.com").accessToken(accessToken)
        .refreshToken("1000.refresh." + user).expiresAt(Instant.parse("2030-01-01T00:00:00Z"))
        .apiDomain("https://www.zohoapis.com").scope("ZohoCRM.modules.ALL").build();
  }
}
