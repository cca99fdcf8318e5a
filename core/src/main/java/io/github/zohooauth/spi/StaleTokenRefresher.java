package io.github.zohooauth.spi;

import io.github.zohooauth.ZohoOAuthTokens;

/**
 * The refresh step the client hands to {@link TokenPersistenceHandler#refreshUnderLock}: it looks at the tokens as
 * stored now and refreshes them only if they still need it.
 */
@FunctionalInterface
public interface StaleTokenRefresher {

  /**
   * Returns {@code current} itself when it no longer needs a refresh (another process refreshed it), else the
   * refreshed tokens, which the store must save before releasing its lock.
   *
   * @throws io.github.zohooauth.exception.ZohoOAuthException when the refresh fails; the store then saves nothing
   */
  ZohoOAuthTokens refreshIfStale(ZohoOAuthTokens current);

  /**
   * The step a store runs while holding its lock: refresh if still stale, save only what changed. Stores call this
   * so that "save only on a real refresh" lives in one place.
   */
  static ZohoOAuthTokens refreshAndSave(TokenPersistenceHandler store, ZohoOAuthTokens current,
      StaleTokenRefresher refresh) {
    ZohoOAuthTokens result = refresh.refreshIfStale(current);
    if (result != current) {
      store.save(result);
    }
    return result;
  }
}
