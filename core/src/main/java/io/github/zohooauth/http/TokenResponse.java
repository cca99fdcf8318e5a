package io.github.zohooauth.http;

import io.github.zohooauth.ZohoOAuthTokens;
import java.time.Duration;
import java.time.Instant;

/** A successful answer of Zoho's token endpoint. */
public final class TokenResponse {
  private final String accessToken;
  private final String refreshToken;
  private final Duration expiresIn;
  private final String apiDomain;
  private final String scope;

  TokenResponse(String accessToken, String refreshToken, Duration expiresIn, String apiDomain, String scope) {
    this.accessToken = accessToken;
    this.refreshToken = refreshToken;
    this.expiresIn = expiresIn;
    this.apiDomain = apiDomain;
    this.scope = scope;
  }

  public String accessToken() {
    return accessToken;
  }

  /** Only the first offline grant carries one; refreshes never do. */
  public String refreshToken() {
    return refreshToken;
  }

  public Duration expiresIn() {
    return expiresIn;
  }

  public String apiDomain() {
    return apiDomain;
  }

  public String scope() {
    return scope;
  }

  /**
   * {@code previous} updated with this answer: the new access token and expiry, counted from {@code requestedAt}
   * (when the request left, so the expiry errs early); the previous refresh token, API domain and scope are kept
   * where the answer has none.
   */
  public ZohoOAuthTokens applyTo(ZohoOAuthTokens.Builder previous, ZohoOAuthTokens old, Instant requestedAt) {
    return previous
        .accessToken(accessToken)
        .expiresAt(requestedAt.plus(expiresIn))
        .refreshToken(refreshToken != null ? refreshToken : old == null ? null : old.refreshToken())
        .apiDomain(apiDomain != null ? apiDomain : old == null ? null : old.apiDomain())
        .scope(scope != null ? scope : old == null ? null : old.scope())
        .build();
  }

  @Override
  public String toString() {
    return "TokenResponse{accessToken=****, refreshToken=" + (refreshToken == null ? "none" : "****")
        + ", expiresIn=" + expiresIn + ", apiDomain=" + apiDomain + "}";
  }
}
