package io.github.zohooauth;

/** Where an access token stands against the refresh policy. */
public enum TokenState {
  /** Plenty of time left: used as it is, with no lock and no I/O. */
  FRESH,
  /** Inside the refresh window: still used, and one background refresh is started. */
  STALE,
  /** Inside the safety margin, past expiry, or missing: callers wait for the one refresh in flight. */
  EXPIRED
}
