package io.github.zohooauth.internal.refresh;

import io.github.zohooauth.Ticker;
import io.github.zohooauth.exception.NewTokenRefusedException;
import io.github.zohooauth.internal.refresh.UserSlots.Replacement;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a refusal loop from spending Zoho's limit of 10 new tokens per 10 minutes. A refused token always gets its
 * one refresh, unless it is itself the replacement of a refused token and was refused within
 * {@value #WINDOW_SECONDS} s of replacing it: then Zoho refuses new tokens (a scope, organisation or data-centre
 * problem that no refresh fixes), and the user gets no refresh for a pause that starts at a minute and doubles with
 * each loop in a row, up to {@value #MAX_PAUSE_SECONDS} s. At most 5 refreshes in 10 minutes can then come from one
 * instance, even when Zoho refuses every token.
 *
 * <p>Why "replacement" and not "the token this instance produced": every instance that reports a refused token and
 * gets its replacement (from its own refresh, or from the store where another instance put it) records it. So when
 * Zoho refuses every token, the instances of a fleet all recognise the loop, not only the one that refreshed.
 *
 * <p>Times are on the monotonic {@link Ticker}. The last replacement is kept in the user's {@link UserSlots slot}; a
 * new grant or a delete removes it.
 */
final class RefusalGuard {
  static final long WINDOW_SECONDS = 60;
  static final long MAX_PAUSE_SECONDS = 600;
  private static final long WINDOW = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
  private static final long MAX_PAUSE = TimeUnit.SECONDS.toNanos(MAX_PAUSE_SECONDS);

  private final Ticker ticker;
  private final UserSlots slots;

  RefusalGuard(Ticker ticker, UserSlots slots) {
    this.ticker = ticker;
    this.slots = slots;
  }

  /** Throws when refreshing {@code user} because {@code refused} was refused would feed a refusal loop. */
  void check(String user, String refused) {
    long now = ticker.read();
    // One step reads the last replacement and, when this refusal is a loop, records the pause it earns: a
    // replacement recorded by another thread is either seen whole here or lands after, never half-overwritten.
    Replacement after = slots.update(user, slot -> {
      Replacement last = slot.replacement;
      if (last == null || now - last.pausedUntil < 0 || !last.token.equals(refused) || now - last.at >= WINDOW) {
        return slot;
      }
      long pause = Math.min(MAX_PAUSE, WINDOW << Math.min(last.loops, 10));
      return slot.withReplacement(new Replacement(last.token, last.at, last.loops + 1, now + pause));
    }).replacement;
    if (after != null && now - after.pausedUntil < 0) {
      throw refusing(user, after.pausedUntil - now);
    }
  }

  /** {@code replacement} now stands in for a refused token of {@code user}. */
  void replaced(String user, String replacement) {
    long now = ticker.read();
    slots.update(user, slot -> {
      Replacement last = slot.replacement;
      // loops in a row keep counting; a replacement that lived past the longest pause starts afresh
      int loops = last != null && now - last.pausedUntil < MAX_PAUSE + WINDOW ? last.loops : 0;
      return slot.withReplacement(new Replacement(replacement, now, loops, now));
    });
  }

  /** New tokens were stored by hand or by a grant: the user starts afresh. */
  void forget(String user) {
    slots.update(user, slot -> slot.withReplacement(null));
  }

  private static NewTokenRefusedException refusing(String user, long pauseNanos) {
    return new NewTokenRefusedException("Zoho refused the access token of user '" + user + "' that a refresh had "
        + "just produced, within " + WINDOW_SECONDS + " s. Another refresh would only spend Zoho's limit of 10 new "
        + "tokens per 10 minutes, so none runs for " + TimeUnit.NANOSECONDS.toSeconds(pauseNanos + 999_999_999)
        + " s. Check that the call's scope is among the scopes the user granted, that the user belongs to the "
        + "organisation called, and that the call goes to the user's data centre (the stored api_domain).", user);
  }
}
