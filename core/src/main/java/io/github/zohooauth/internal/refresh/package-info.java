/**
 * The refresh engine: a cache kept coherent with the store, FRESH/STALE/EXPIRED, single flight on a bounded pool,
 * leases across instances, and the guard against refusal loops. Not exported.
 *
 * <p>Start here. One refresh, from the trigger to the store write, and the class that owns each step (12 classes
 * in all; {@link io.github.zohooauth.internal.refresh.RefreshAhead} starts the same flight with no caller, for
 * the users who called during the token's life):
 *
 * <pre>
 * ZohoOAuthClient.getAccessToken(user)
 *   TokenManager.accessToken        RefreshPolicy.Timed, as cached, says FRESH: a cache hit and a clock read, and
 *                                   done. STALE or EXPIRED: a flight.
 *   RefreshFlights.refresh          UserSlots: join the user's flight, fail fast during a backoff, or start one
 *                                   (one compute over the user's slot decides).
 *   RefreshFlights.attempt          on the refresh pool, never in a caller's thread:
 *     CachedStore.lease             EncryptedTokenStore, then the store's own lease (row, key, file lock);
 *                                   if another instance holds it, poll the store on the scheduler.
 *     TokenExchanges.refresh        AccountsServers checks where the secret may go; ZohoAccountsApi asks Zoho;
 *                                   ZohoAnswers turns the answer into tokens or a typed error.
 *     CachedStore.complete          the lease's fenced compare-and-set, and the cache, under the user's lock.
 *   RefreshFlights.finish           UserSlots: the flight ends and its failure, if any, is recorded in one step;
 *                                   TokenEvents tells the listeners; the callers' futures complete.
 * </pre>
 *
 * <p>Who owns what: {@link io.github.zohooauth.internal.refresh.RefreshPolicy} decides FRESH, STALE, EXPIRED and
 * whether a refused token is still the one in hand;
 * {@link io.github.zohooauth.internal.refresh.CachedStore} makes every call to the store; {@code UserSlots} holds
 * each user's flight, failure and last replacement; {@code RefusalGuard} reads and writes only the replacement.
 */
package io.github.zohooauth.internal.refresh;
