package io.github.zohooauth.spi;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.UnknownUserException;
import java.util.List;
import java.util.Optional;

/**
 * Where tokens live between runs, keyed by user identifier. Implementations must be thread-safe.
 *
 * <p>Contract: {@link #save} is atomic (never delete-then-insert): a failed save leaves what was stored before.
 * Failures are reported as {@link io.github.zohooauth.exception.TokenStoreException} with a message that names the
 * store and the user, never a token.
 */
public interface TokenPersistenceHandler extends AutoCloseable {

  /** The user's stored tokens, or empty when none are stored. */
  Optional<ZohoOAuthTokens> load(String userIdentifier);

  /** Stores the tokens under {@link ZohoOAuthTokens#userIdentifier()}, replacing what was there, atomically. */
  void save(ZohoOAuthTokens tokens);

  /** Removes the user's tokens; does nothing when none are stored. */
  void delete(String userIdentifier);

  /**
   * Re-reads the user's tokens and, if {@code refresh} finds them still in need of a refresh, refreshes and saves
   * them, all under this store's lock for the user, so that several processes sharing the store refresh a user once:
   * the second one in finds the first one's tokens and uses them.
   *
   * <p>This default holds no lock: it is correct in one process (the client already lets only one refresh per user
   * run at a time) but two processes sharing a store may both refresh. Stores shared between processes override it
   * (a file lock, a database row lock).
   *
   * @return the tokens now stored: the re-read ones when no refresh was needed, else the refreshed ones
   * @throws UnknownUserException when no tokens are stored for the user
   */
  default ZohoOAuthTokens refreshUnderLock(String userIdentifier, StaleTokenRefresher refresh) {
    ZohoOAuthTokens current = load(userIdentifier).orElseThrow(() -> new UnknownUserException(userIdentifier));
    return StaleTokenRefresher.refreshAndSave(this, current, refresh);
  }

  /**
   * Every user with stored tokens, sorted, for tools that list them (the CLI's {@code list}). This default says the
   * store cannot list; the stores of this project can.
   */
  default List<String> userIdentifiers() {
    throw new UnsupportedOperationException(getClass().getName() + " cannot list its users");
  }

  /** Releases what the store holds (connections, file handles). The default does nothing. */
  @Override
  default void close() {}
}
