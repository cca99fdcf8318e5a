package io.github.zohooauth;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One user's tokens: immutable, safe to share between threads. {@link #toString()} masks every token, so an
 * instance may be logged.
 *
 * <p>An access token may be absent (tokens saved by hand from a refresh token alone); such tokens count as expired
 * and are refreshed on first use. A refresh token may be absent (an {@code access_type=online} grant); such tokens
 * cannot be refreshed.
 */
public final class ZohoOAuthTokens {
  private final String userIdentifier;
  private final String accessToken;
  private final String refreshToken;
  private final Instant expiresAt;
  private final String apiDomain;
  private final String scope;
  private final String accountsServer;

  private ZohoOAuthTokens(Builder builder) {
    this.userIdentifier = requireText(builder.userIdentifier, "userIdentifier");
    this.accessToken = builder.accessToken;
    this.refreshToken = builder.refreshToken;
    if (accessToken == null && refreshToken == null) {
      throw new IllegalArgumentException("tokens for '" + userIdentifier + "' need an access token or a refresh token");
    }
    // Milliseconds, as every store keeps it (Zoho's table has epoch milliseconds): tokens read back equal tokens saved.
    this.expiresAt = builder.expiresAt != null ? builder.expiresAt.truncatedTo(ChronoUnit.MILLIS) : Instant.EPOCH;
    this.apiDomain = builder.apiDomain;
    this.scope = builder.scope;
    this.accountsServer = builder.accountsServer;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this instance's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder()
        .userIdentifier(userIdentifier)
        .accessToken(accessToken)
        .refreshToken(refreshToken)
        .expiresAt(expiresAt)
        .apiDomain(apiDomain)
        .scope(scope)
        .accountsServer(accountsServer);
  }

  /** The key the tokens are stored under: the user's email unless the application chose another. */
  public String userIdentifier() {
    return userIdentifier;
  }

  /** The access token, or null when only a refresh token is held. */
  public String accessToken() {
    return accessToken;
  }

  /** The refresh token, or null after an {@code access_type=online} grant. */
  public String refreshToken() {
    return refreshToken;
  }

  /**
   * When the access token stops working, to the millisecond; {@link Instant#EPOCH} when there is no access token.
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** The user's API domain, such as {@code https://www.zohoapis.eu}; null when Zoho did not say. */
  public String apiDomain() {
    return apiDomain;
  }

  /** The granted scopes as Zoho reported them, or null. */
  public String scope() {
    return scope;
  }

  /**
   * The accounts server that issued the tokens, when it differs from the configured one (a user from another data
   * centre in a multi-user app); null means the configured one.
   */
  public String accountsServer() {
    return accountsServer;
  }

  /** Whether the access token is missing or past its expiry by the system clock. */
  public boolean isExpired() {
    return isExpired(Clock.systemUTC());
  }

  /** Whether the access token is missing or past its expiry by {@code clock}. */
  public boolean isExpired(Clock clock) {
    return accessToken == null || !clock.instant().isBefore(expiresAt);
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof ZohoOAuthTokens)) {
      return false;
    }
    ZohoOAuthTokens that = (ZohoOAuthTokens) other;
    return userIdentifier.equals(that.userIdentifier)
        && Objects.equals(accessToken, that.accessToken)
        && Objects.equals(refreshToken, that.refreshToken)
        && expiresAt.equals(that.expiresAt)
        && Objects.equals(apiDomain, that.apiDomain)
        && Objects.equals(scope, that.scope)
        && Objects.equals(accountsServer, that.accountsServer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userIdentifier, accessToken, refreshToken, expiresAt, apiDomain, scope, accountsServer);
  }

  @Override
  public String toString() {
    return "ZohoOAuthTokens{user=" + userIdentifier
        + ", accessToken=" + mask(accessToken)
        + ", refreshToken=" + mask(refreshToken)
        + ", expiresAt=" + expiresAt
        + ", apiDomain=" + apiDomain
        + ", scope=" + scope
        + (accountsServer == null ? "" : ", accountsServer=" + accountsServer)
        + "}";
  }

  private static String mask(String token) {
    return token == null ? "none" : "****";
  }

  private static String requireText(String value, String name) {
    if (value == null || value.trim().isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }

  /** Builds {@link ZohoOAuthTokens}; the user identifier and one of the two tokens are required. */
  public static final class Builder {
    private String userIdentifier;
    private String accessToken;
    private String refreshToken;
    private Instant expiresAt;
    private String apiDomain;
    private String scope;
    private String accountsServer;

    private Builder() {}

    public Builder userIdentifier(String userIdentifier) {
      this.userIdentifier = userIdentifier;
      return this;
    }

    public Builder accessToken(String accessToken) {
      this.accessToken = accessToken;
      return this;
    }

    public Builder refreshToken(String refreshToken) {
      this.refreshToken = refreshToken;
      return this;
    }

    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    public Builder apiDomain(String apiDomain) {
      this.apiDomain = apiDomain;
      return this;
    }

    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    public Builder accountsServer(String accountsServer) {
      this.accountsServer = accountsServer;
      return this;
    }

    public ZohoOAuthTokens build() {
      return new ZohoOAuthTokens(this);
    }
  }
}
