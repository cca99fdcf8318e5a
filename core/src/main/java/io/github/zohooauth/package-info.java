/**
 * The API: {@link io.github.zohooauth.ZohoOAuth} reads the configuration and holds the client;
 * {@link io.github.zohooauth.ZohoOAuthClient} obtains, stores and refreshes each user's tokens;
 * {@link io.github.zohooauth.ZohoApiClient} calls Zoho's APIs with them. The value types users hold live here too:
 * {@link io.github.zohooauth.ZohoOAuthTokens}, {@link io.github.zohooauth.TokenState},
 * {@link io.github.zohooauth.HttpSettings}, {@link io.github.zohooauth.DataCenter}.
 */
package io.github.zohooauth;
