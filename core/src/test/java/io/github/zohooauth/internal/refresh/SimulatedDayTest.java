package io.github.zohooauth.internal.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.HttpSettings;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.internal.Sleeper;
import io.github.zohooauth.internal.http.TokenExchanges;
import io.github.zohooauth.testkit.FakeClock;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A day of traffic on a fake clock (issue 25, part 4): users spread over 4 engines that share one store, each user
 * calling about once a minute with Zipf skew (a few users call many times a minute, the coldest once in ten), one
 * user in ten stopping for good during the day, after an hour of warm-up, and the fake Zoho taking 300 ms or 3 s of simulated time to answer.
 * Refreshes run on real threads against the real fake over HTTP; only time is simulated.
 *
 * <p>What Zoho must see: one refresh per user per token lifetime, never two for one token, no rate-limit answer,
 * and nothing for a user once they have stopped. What callers must see: a user who was served within the last 55
 * minutes (the FRESH life of a token) never waits on an expired token. A user who comes back after a longer silence
 * may: that is the price of not refreshing users who stopped, and it is counted.
 *
 * <p>The suite runs 2,000 users for 24 hours; {@code -Dday.users=10000} runs the issue's full size (see
 * docs/performance.md).
 */
class SimulatedDayTest {
  private static final int USERS = Integer.getInteger("day.users", 2_000);
  private static final int INSTANCES = 4;
  private static final Duration DAY = Duration.ofHours(24);
  /**
   * The fleet has been serving before the day starts: in this first hour each user's first call comes at a random
   * point of a token's life, perhaps its last second, which says nothing about a running fleet. It is played, and
   * Zoho's answers in it are checked, but callers are counted from the day's start.
   */
  private static final Duration WARM_UP = Duration.ofHours(1);
  private static final Duration STEP = Duration.ofMillis(100);
  private static final long ACTIVE_MILLIS = Duration.ofMinutes(55).toMillis();
  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

  @ParameterizedTest(name = "Zoho answers in {0} ms")
  @ValueSource(ints = {300, 3_000})
  void aDayOfTrafficCostsZohoOneRefreshPerUserPerTokenLifetimeAndNoActiveCallerWaits(int zohoMillis)
      throws Exception {
    FakeClock clock = new FakeClock(START);
    SimulatedThreads threads = new SimulatedThreads(clock);
    Duration zohoTakes = Duration.ofMillis(zohoMillis);
    SplittableRandom random = new SplittableRandom(25);
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.builder().clock(clock).start()) {
      InMemoryTokenPersistenceHandler store = new InMemoryTokenPersistenceHandler();
      String[] users = new String[USERS];
      for (int i = 0; i < USERS; i++) {
        users[i] = "user" + i + "@example.com";
        // tokens from the day before, expiring anywhere in the first hour
        store.save(ZohoOAuthTokens.builder().userIdentifier(users[i]).accessToken("1000.yesterday." + i)
            .refreshToken(zoho.issueRefreshToken(users[i]))
            .expiresAt(START.plusSeconds(360 + random.nextInt(3600))).build());
      }
      TokenManager[] instances = new TokenManager[INSTANCES];
      for (int i = 0; i < INSTANCES; i++) {
        // The callers' bound and the in-memory lease run on real time, which a loaded machine stretches against the
        // simulated clock: both are set far out of the way, so that only simulated time decides.
        RefreshSettings settings = RefreshSettings.builder().clock(clock).ticker(clock::nanoTime)
            .waitTimeout(Duration.ofMinutes(10)).leaseTime(Duration.ofMinutes(10)).threads(threads.pool(16)).build();
        TokenExchanges exchanges = new TokenExchanges(HttpSettings.defaults(), zoho.clientId(),
            zoho.clientSecret(), List.of(zoho.accountsUrl()), List.of(), zoho.redirectUri(), clock,
            settings.expiryMargin(), Sleeper.SYSTEM);
        instances[i] = new TokenManager(store, "memory", stale -> {
          threads.zohoTakes(zohoTakes);
          return exchanges.refresh(stale);
        }, settings, TokenEvents.none());
      }

      Traffic traffic = new Traffic(USERS, random);
      long[] lastCall = new long[USERS];
      // when the user last got a token at once: a caller that waits behind another caller's wait is part of the
      // same return from silence, not an active user
      long[] lastServed = new long[USERS];
      java.util.Arrays.fill(lastServed, Long.MIN_VALUE);
      int activeWaits = 0;
      int returningWaits = 0;
      long calls = 0;
      List<String> activeWaitExamples = new ArrayList<>();
      List<CompletableFuture<String>> waited = new ArrayList<>();
      long steps = DAY.plus(WARM_UP).toMillis() / STEP.toMillis();
      long dayStarts = START.plus(WARM_UP).toEpochMilli();
      double callsPerStep = USERS / 60_000.0 * STEP.toMillis();
      try {
        for (long step = 0; step < steps; step++) {
          long now = clock.millis();
          for (int n = traffic.poisson(callsPerStep); n > 0; n--) {
            int user = traffic.user();
            if (now >= traffic.stopsAt[user]) {
              continue;
            }
            long previous = lastServed[user];
            lastCall[user] = now;
            CompletableFuture<String> token = instances[random.nextInt(INSTANCES)].accessTokenAsync(users[user]);
            if (token.isDone()) {
              lastServed[user] = now;
            }
            if (now < dayStarts) {
              waited.add(token);
              continue;
            }
            calls++;
            if (!token.isDone()) {
              waited.add(token);
              if (previous != Long.MIN_VALUE && now - previous <= ACTIVE_MILLIS) {
                activeWaits++;
                if (activeWaitExamples.size() < 5) {
                  activeWaitExamples.add(users[user] + " at " + clock.instant() + ", last served "
                      + (now - previous) / 1000 + " s before");
                }
              } else {
                returningWaits++;
              }
            } else {
              token.join(); // a failed call fails the test here
            }
          }
          threads.advance(STEP);
        }
        threads.settle();
        for (CompletableFuture<String> each : waited) {
          each.join();
        }

        // what Zoho saw
        int refreshes = 0;
        long shortestGap = Long.MAX_VALUE;
        int afterStopping = 0;
        int stoppedUsers = 0;
        int stoppedStillCached = 0;
        long end = clock.millis();
        for (int i = 0; i < USERS; i++) {
          List<Instant> times = zoho.refreshRequestTimes(users[i]);
          refreshes += (int) times.stream().filter(at -> at.toEpochMilli() >= dayStarts).count();
          for (int k = 1; k < times.size(); k++) {
            shortestGap = Math.min(shortestGap, Duration.between(times.get(k - 1), times.get(k)).toMillis());
          }
          if (traffic.stopsAt[i] < end - Duration.ofHours(2).toMillis()) { // long enough ago to have cost something
            stoppedUsers++;
            long quietFrom = lastCall[i] + Duration.ofMinutes(60).toMillis();
            afterStopping += (int) times.stream().filter(at -> at.toEpochMilli() > quietFrom).count();
            for (TokenManager instance : instances) {
              stoppedStillCached += instance.isCached(users[i]) ? 1 : 0;
            }
          }
        }
        System.out.printf(Locale.ROOT, "Simulated day, Zoho at %d ms: %d users, %d instances, %,d calls; "
            + "%,d refreshes (%.1f per user); shortest gap between two refreshes of a user %.1f min; "
            + "active callers that waited %d; callers back after 55+ min of silence that waited %d; "
            + "%d users stopped, %d refreshes for them after their last token's life, %d still cached; "
            + "rate-limit answers %d%n", zohoMillis, USERS, INSTANCES, calls, refreshes,
            refreshes / (double) USERS, shortestGap / 60_000.0, activeWaits, returningWaits, stoppedUsers,
            afterStopping, stoppedStillCached, zoho.rateLimitedAnswers());

        assertEquals(0, activeWaits, "callers who had called within 55 minutes waited on an expired token: "
            + activeWaitExamples);
        assertTrue(shortestGap >= Duration.ofMinutes(55).toMillis(), "a user was refreshed twice within one "
            + "token's FRESH life: " + shortestGap + " ms apart");
        assertEquals(0, zoho.rateLimitedAnswers(), "Zoho's rate limit was hit");
        assertEquals(0, afterStopping, "users who stopped calling were still refreshed an hour later");
        assertEquals(0, stoppedStillCached, "users who stopped calling are still cached");
        assertTrue(stoppedUsers > 0 && calls > USERS * 1_000L, "the simulation ran: " + calls + " calls");
      } finally {
        for (TokenManager instance : instances) {
          instance.close();
        }
        threads.shutdown();
      }
    }
  }

  /** Who calls: Zipf-skewed rates with a mean of one call per user per minute, and one user in ten stopping. */
  private static final class Traffic {
    final long[] stopsAt;
    private final double[] cumulative;
    private final SplittableRandom random;

    Traffic(int users, SplittableRandom random) {
      this.random = random;
      cumulative = new double[users];
      double total = 0;
      for (int i = 0; i < users; i++) {
        total += 1.0 / (i + 1);
        cumulative[i] = total;
      }
      stopsAt = new long[users];
      long start = START.toEpochMilli();
      for (int i = 0; i < users; i++) {
        stopsAt[i] = random.nextInt(10) == 0
            ? start + Duration.ofHours(2).toMillis() + random.nextLong(Duration.ofHours(20).toMillis())
            : Long.MAX_VALUE; // the others call all day
      }
    }

    /** A caller, by rank: user 0 calls most. */
    int user() {
      double point = random.nextDouble() * cumulative[cumulative.length - 1];
      int found = java.util.Arrays.binarySearch(cumulative, point);
      return found >= 0 ? found : -found - 1;
    }

    int poisson(double mean) {
      double limit = Math.exp(-mean);
      double product = random.nextDouble();
      int count = 0;
      while (product > limit) {
        count++;
        product *= random.nextDouble();
      }
      return count;
    }
  }
}
