package io.github.zohooauth;

import io.github.zohooauth.internal.http.TokenExchanges.DeviceCode;
import java.time.Duration;
import java.util.Optional;

/**
 * A device flow under way (Zoho's "non-browser applications"): show the user {@link #userCode()} and
 * {@link #verificationUrl()}, then pass this to {@link ZohoOAuthClient#completeDeviceAuthorization}. Immutable; its
 * device code, which gets the tokens, never appears in {@link #toString()}.
 */
public final class DeviceAuthorization {
  final DeviceCode code;
  final long startedAtNanos;

  DeviceAuthorization(DeviceCode code, long startedAtNanos) {
    this.code = code;
    this.startedAtNanos = startedAtNanos;
  }

  /** The code the user enters on Zoho's page. */
  public String userCode() {
    return code.userCode;
  }

  /** Zoho's page where the user signs in and enters {@link #userCode()}. */
  public String verificationUrl() {
    return code.verificationUrl;
  }

  /** The page with the code filled in, when Zoho gives one. */
  public Optional<String> verificationUrlComplete() {
    return Optional.ofNullable(code.verificationUrlComplete);
  }

  /** How long to wait between polls, as Zoho asks (milliseconds or seconds in its answer, read either way). */
  public Duration interval() {
    return code.interval;
  }

  /** How long the user has to enter the code. */
  public Duration expiresIn() {
    return code.expiresIn;
  }

  @Override
  public String toString() {
    return "DeviceAuthorization{userCode=" + code.userCode + ", verificationUrl=" + code.verificationUrl
        + ", interval=" + code.interval + ", expiresIn=" + code.expiresIn + "}";
  }
}
