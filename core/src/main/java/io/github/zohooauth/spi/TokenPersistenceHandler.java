package io.github.zohooauth.spi;

import io.github.zohooauth.ZohoOAuthTokens;
import io.github.zohooauth.exception.UnknownUserException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where tokens live between runs, keyed by user identifier (compared exactly, character for character).
 * Implementations must be thread-safe. Failures are reported as
 * {@link io.github.zohooauth.exception.TokenStoreException} with a message that names the store and the user, never
 * a token.
 *
 * <h2>The contract</h2>
 * <ul>
 *   <li>{@link #save} and {@link #delete} are unconditional and atomic: a failed save leaves what was stored before
 *       (never delete-then-insert).</li>
 *   <li>{@link #replace} is a compare-and-set: it stores the new tokens only if the stored ones still equal the
 *       expected ones. The stored tokens are their own version: every grant and every refresh changes the access
 *       token.</li>
 *   <li>{@link #tryLeaseRefresh} grants the right to refresh a user to one holder at a time. The client refreshes
 *       only under a lease, re-checks the tokens the lease read, and stores the result with
 *       {@link RefreshLease#complete}, which is fenced: a grant, a hand-saved token or a delete that landed
 *       meanwhile always wins, and a deleted user is never brought back.</li>
 * </ul>
 *
 * <h2>What a store must implement, and what it gets</h2>
 * {@link #load}, {@link #save} and {@link #delete} are required. With nothing else, the defaults give:
 * <ul>
 *   <li>{@link #replace}: load, compare, save. Atomic against the writes of the client in this process (the client
 *       serialises its own writes per user), not against another process writing between the load and the
 *       save.</li>
 *   <li>{@link #tryLeaseRefresh}: always granted. One refresh per user in one process (the client's single flight);
 *       several processes sharing the store may each refresh a user once.</li>
 * </ul>
 * A store shared between processes overrides both: {@code replace} as one atomic conditional write, and
 * {@code tryLeaseRefresh} with a lease the other processes see (a row lease, a file lock, a key with a time to
 * live), so that a fleet refreshes each user once. The testkit's store contract suite checks both.
 */
public interface TokenPersistenceHandler extends AutoCloseable {

  /** The user's stored tokens, or empty when none are stored. */
  Optional<ZohoOAuthTokens> load(String userIdentifier);

  /** Stores the tokens under {@link ZohoOAuthTokens#userIdentifier()}, replacing what was there, atomically. */
  void save(ZohoOAuthTokens tokens);

  /** Removes the user's tokens; does nothing when none are stored. */
  void delete(String userIdentifier);

  /**
   * Stores {@code replacement} only if the tokens stored for its user still {@link ZohoOAuthTokens#equals equal}
   * {@code expected}.
   *
   * <p>This default loads, compares and saves: see the class comment for what that guarantees. Stores shared between
   * processes override it with one atomic conditional write.
   *
   * @return whether {@code replacement} was stored; false when the user's tokens changed or were deleted
   */
  default boolean replace(ZohoOAuthTokens expected, ZohoOAuthTokens replacement) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    if (!expected.userIdentifier().equals(replacement.userIdentifier())) {
      throw new IllegalArgumentException("expected and replacement tokens are for different users");
    }
    if (!load(expected.userIdentifier()).map(expected::equals).orElse(false)) {
      return false;
    }
    save(replacement);
    return true;
  }

  /**
   * Takes the right to refresh the user's tokens for at most {@code leaseTime}, unless another holder has it. Never
   * waits for another holder: the client waits, re-reading the store, without holding a thread or a connection.
   *
   * <p>This default grants every request (see the class comment).
   *
   * @return the lease, holding the tokens read once it was taken; empty when another holder has it
   * @throws UnknownUserException when no tokens are stored for the user
   */
  default Optional<RefreshLease> tryLeaseRefresh(String userIdentifier, Duration leaseTime) {
    ZohoOAuthTokens current = load(userIdentifier).orElseThrow(() -> new UnknownUserException(userIdentifier));
    return Optional.of(new CompareAndSetLease(this, current));
  }

  /**
   * Every user with stored tokens, sorted, for tools that list them (the CLI's {@code list}). This default says the
   * store cannot list; the stores of this project can.
   */
  default List<String> userIdentifiers() {
    throw new UnsupportedOperationException(getClass().getName() + " cannot list its users");
  }

  /**
   * Where this store keeps its entries, as a name an operator can read and pin ({@code jdbc:oauth_tokens},
   * {@code redis:zoho-oauth:}, {@code file:/var/lib/app/tokens}). With {@code token_encryption_key}, every encrypted
   * value is bound to it, so a value copied from another table, key prefix or folder fails to decrypt.
   * {@code token_encryption_namespace} pins it (keep the old name after renaming a table). This default is the
   * class name: a store whose instances can hold different sets of users should return what tells them apart.
   */
  default String namespace() {
    return getClass().getName();
  }

  /**
   * Why this store's tokens must stay as they are, readable by others (a table Zoho's SDKs share, say), so that
   * encrypting them would break those readers; empty when they may be encrypted (the default). With
   * {@code token_encryption_key} set, a client over such a store does not start, and says this.
   */
  default Optional<String> plainTokensRequired() {
    return Optional.empty();
  }

  /**
   * How long the lease another instance holds on the user has left, when the store can say; empty when no one
   * holds it or the store cannot tell. A store that cannot tell of stored refreshes ({@link #onRefreshStored}) lets
   * a waiter time its first read from it: the holder's token comes about one Zoho answer after the holder began,
   * which an instance refused late cannot otherwise know. Best effort, and only asked of stores that do not tell.
   * The default says nothing.
   */
  default Optional<java.time.Duration> leaseRemaining(String userIdentifier) {
    return Optional.empty();
  }

  /**
   * Tells {@code listener} the user whose refreshed tokens another instance just stored through a lease, as soon as
   * the store can say (PostgreSQL's {@code NOTIFY}, Redis pub/sub), so that instances waiting on that lease read the
   * new token at once instead of at their next poll. Best effort: a notification may be late or lost, and the waiters
   * poll all the same. The listener runs on a thread of the store's and must return quickly. The default tells
   * nothing.
   *
   * @return stops the listening
   */
  default AutoCloseable onRefreshStored(java.util.function.Consumer<String> listener) {
    return () -> { };
  }

  /** Releases what the store holds (connections, file handles). The default does nothing. */
  @Override
  default void close() {}
}
