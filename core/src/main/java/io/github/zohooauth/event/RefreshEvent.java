package io.github.zohooauth.event;

import java.time.Duration;
import java.util.Objects;

/** A refresh of one user that ended with a usable token. */
public final class RefreshEvent {
  private final String userIdentifier;
  private final RefreshTrigger trigger;
  private final Duration duration;
  private final boolean byAnotherInstance;

  public RefreshEvent(String userIdentifier, RefreshTrigger trigger, Duration duration, boolean byAnotherInstance) {
    this.userIdentifier = Objects.requireNonNull(userIdentifier, "userIdentifier");
    this.trigger = Objects.requireNonNull(trigger, "trigger");
    this.duration = Objects.requireNonNull(duration, "duration");
    this.byAnotherInstance = byAnotherInstance;
  }

  public String userIdentifier() {
    return userIdentifier;
  }

  public RefreshTrigger trigger() {
    return trigger;
  }

  /** From the refresh's start in this process to its end, waits for a lease or for the store included. */
  public Duration duration() {
    return duration;
  }

  /** Whether another instance (or another writer) had already stored a new token, so this one asked Zoho nothing. */
  public boolean byAnotherInstance() {
    return byAnotherInstance;
  }

  @Override
  public String toString() {
    return "RefreshEvent{user=" + userIdentifier + ", trigger=" + trigger + ", duration=" + duration.toMillis()
        + " ms" + (byAnotherInstance ? ", by another instance" : "") + "}";
  }
}
