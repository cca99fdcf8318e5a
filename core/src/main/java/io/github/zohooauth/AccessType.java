package io.github.zohooauth;

/** Zoho's {@code access_type}: only {@link #OFFLINE} grants yield a refresh token. */
public enum AccessType {
  OFFLINE("offline"),
  ONLINE("online");

  private final String value;

  AccessType(String value) {
    this.value = value;
  }

  /** The value on the wire: {@code offline} or {@code online}. */
  public String value() {
    return value;
  }
}
