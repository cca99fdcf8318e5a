package io.github.zohooauth.benchmarks;

import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * 10,000 callers on virtual threads against the same on platform threads: 1,000 expired users in the memory store,
 * the fake at 300 ms, the default 16 refreshes at once; ideal 1,000 x 0.3 s / 16. JFR counts the virtual threads
 * pinned to their carrier (jdk.VirtualThreadPinned). Needs Java 21 or later; the benchmarks compile for 17, so the
 * virtual-thread executor is reached by reflection.
 */
final class VirtualThreadsMeasure {
  private static final int USERS = 1_000;
  private static final int CALLERS = 10_000;

  private VirtualThreadsMeasure() {}

  static void run(Report report) throws Exception {
    report.section("Virtual threads.", "10,000 callers, one per thread, ask for 1,000 expired users (10 each) in the "
        + "memory store; the fake answers in 300 ms; 16 refreshes at once (the default). Ideal = 1,000 x 0.3 s / 16 "
        + "= 18.8 s. On " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ".");
    report.table("callers on", "wall (s)", "vs ideal", "vs platform threads", "virtual threads pinned (JFR)");
    ExecutorService virtual;
    try {
      virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      report.row("virtual threads", "needs Java 21+", "", "", "");
      return;
    }
    double platform = storm(Executors.newFixedThreadPool(CALLERS), null);
    Path events = Files.createTempFile("zoho-virtual", ".jfr");
    double onVirtual;
    long pinned = 0;
    try (Recording recording = new Recording()) {
      recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO);
      recording.start();
      onVirtual = storm(virtual, recording);
      recording.stop();
      recording.dump(events);
    }
    for (RecordedEvent event : RecordingFile.readAllEvents(events)) {
      pinned += event.getEventType().getName().equals("jdk.VirtualThreadPinned") ? 1 : 0;
    }
    Files.delete(events);
    double ideal = USERS * 0.3 / 16;
    report.row("virtual threads", String.format("%.1f", onVirtual), Report.ratio(onVirtual / ideal),
        Report.ratio(onVirtual / platform), pinned);
    report.row("platform threads (baseline)", String.format("%.1f", platform), Report.ratio(platform / ideal),
        "1.00x", "");
  }

  private static double storm(ExecutorService callers, Recording recording) throws Exception {
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
      FleetMeasure.expiredUsers(store, zoho, "user", USERS);
      zoho.latency(Endpoint.TOKEN, Duration.ofMillis(300));
      try (ZohoOAuthClient client = ZohoOAuthClient.builder().clientId(zoho.clientId())
          .clientSecret(zoho.clientSecret()).accountsUrl(zoho.accountsUrl()).tokenStore(store)
          .refreshWaitTimeout(Duration.ofMinutes(5)).build()) {
        long started = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
          String user = "user" + (c % USERS) + "@example.com";
          done.add(callers.submit(() -> client.getAccessToken(user)));
        }
        for (Future<?> caller : done) {
          caller.get(10, TimeUnit.MINUTES);
        }
        if (zoho.tokenRequestCount(FakeZohoAccountsServer.GRANT_REFRESH_TOKEN) != USERS) {
          throw new IllegalStateException("not one refresh per user");
        }
        return (System.nanoTime() - started) / 1e9;
      } finally {
        callers.shutdownNow();
      }
    }
  }
}
