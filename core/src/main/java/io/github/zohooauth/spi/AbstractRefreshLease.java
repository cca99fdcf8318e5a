package io.github.zohooauth.spi;

import io.github.zohooauth.ZohoOAuthTokens;
import java.util.Objects;

/**
 * The part of a {@link RefreshLease} every store shares: it holds the tokens read under the lease, completes at most
 * once, and always gives the lease up after completing, whatever the outcome. A store supplies the fenced write and
 * the release.
 */
public abstract class AbstractRefreshLease implements RefreshLease {
  private final ZohoOAuthTokens current;
  private boolean done;

  protected AbstractRefreshLease(ZohoOAuthTokens current) {
    this.current = Objects.requireNonNull(current, "current");
  }

  @Override
  public final ZohoOAuthTokens current() {
    return current;
  }

  @Override
  public final synchronized boolean complete(ZohoOAuthTokens refreshed) {
    if (done) {
      return false;
    }
    boolean stored = false;
    try {
      stored = store(current, refreshed);
      return stored;
    } finally {
      done = true;
      release(stored);
    }
  }

  @Override
  public final synchronized void close() {
    if (!done) {
      done = true;
      release(false);
    }
  }

  /**
   * Stores {@code refreshed} only if this lease still holds and the stored tokens are still {@code current}.
   *
   * @return whether it stored
   */
  protected abstract boolean store(ZohoOAuthTokens current, ZohoOAuthTokens refreshed);

  /**
   * Gives the lease up; called exactly once, and never throws. {@code stored} says the lease's own write just
   * succeeded, for a store whose write gives the lease up with it.
   */
  protected abstract void release(boolean stored);
}
