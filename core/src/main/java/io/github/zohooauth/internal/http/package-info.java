/**
 * Everything that talks to Zoho over HTTP: the exchanges that make or end a user's tokens (grants, refreshes,
 * revokes: {@link io.github.zohooauth.internal.http.TokenExchanges}), the accounts server's endpoints and the strict
 * reading of their answers, calls to the resource APIs with a user's token
 * ({@link io.github.zohooauth.internal.http.ResourceCalls}), which hosts secrets and tokens may go to, bounds on time
 * and size, proxies. Three types are public, for the API package; the rest is package-private. Not exported.
 */
package io.github.zohooauth.internal.http;
