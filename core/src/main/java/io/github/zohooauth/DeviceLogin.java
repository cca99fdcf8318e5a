package io.github.zohooauth;

import io.github.zohooauth.exception.DeviceAuthorizationExpiredException;
import io.github.zohooauth.exception.ZohoOAuthInterruptedException;
import io.github.zohooauth.internal.Sleeper;
import io.github.zohooauth.internal.http.TokenExchanges;
import io.github.zohooauth.internal.http.TokenExchanges.DevicePoll;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Polls Zoho for a device's tokens until the user acts: at the interval Zoho asks, five seconds slower after each
 * {@code slow_down} (as RFC 8628 says), at the user's own data centre after {@code other_dc}, and never past the
 * code's lifetime. Each wait is the {@link Sleeper}'s, so an interrupt ends it.
 */
final class DeviceLogin {
  /** RFC 8628's step after a slow_down; Zoho gives none. */
  private static final Duration SLOWER = Duration.ofSeconds(5);

  private final TokenExchanges exchanges;
  private final TokenIntake intake;
  private final Sleeper sleeper;
  private final Ticker ticker;

  DeviceLogin(TokenExchanges exchanges, TokenIntake intake, Sleeper sleeper, Ticker ticker) {
    this.exchanges = exchanges;
    this.intake = intake;
    this.sleeper = sleeper;
    this.ticker = ticker;
  }

  DeviceAuthorization start(String scope, AccessType accessType, boolean consent) {
    return new DeviceAuthorization(exchanges.startDevice(scope, accessType.value(), consent), ticker.read());
  }

  ZohoOAuthTokens complete(DeviceAuthorization authorization) {
    long deadline = authorization.startedAtNanos + authorization.expiresIn().toNanos();
    Duration interval = authorization.interval();
    String server = authorization.code.server;
    while (true) {
      long left = deadline - ticker.read();
      if (left <= 0) {
        throw new DeviceAuthorizationExpiredException(authorization.expiresIn().toSeconds() + " s");
      }
      pause(Math.min(interval.toNanos(), left));
      DevicePoll poll = exchanges.pollDevice(authorization.code, server, UserIdentifiers::check);
      if (poll.grant != null) {
        return intake.store(poll.grant);
      }
      if ("slow_down".equals(poll.waitFor)) {
        interval = interval.plus(SLOWER);
      } else if ("other_dc".equals(poll.waitFor)) {
        server = exchanges.deviceServerOf(poll.location);
      }
    }
  }

  private void pause(long nanos) {
    try {
      sleeper.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZohoOAuthInterruptedException("Interrupted while waiting for the user to enter the device's code. "
          + "Nothing was stored.", null, e);
    }
  }
}
