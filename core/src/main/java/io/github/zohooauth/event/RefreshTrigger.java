package io.github.zohooauth.event;

/** Why a refresh ran. */
public enum RefreshTrigger {
  /** The token neared expiry and was refreshed in the background while callers kept using it. */
  STALE,
  /** The token had expired, or was about to, and a caller waited for the refresh. */
  EXPIRED,
  /** Zoho refused the token early, reported through {@code refreshAccessToken}. */
  REJECTED,
  /** The application asked for a new token with {@code refreshAccessToken(user)}, whatever the current one's state. */
  FORCED
}
