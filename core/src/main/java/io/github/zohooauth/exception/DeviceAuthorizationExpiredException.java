package io.github.zohooauth.exception;

/**
 * Nobody entered the device's code on Zoho's page in time ({@code expired}, or its {@code expires_in} passed with
 * no answer). Nothing was stored.
 */
public class DeviceAuthorizationExpiredException extends ZohoErrorResponseException {
  private static final long serialVersionUID = 1L;

  public DeviceAuthorizationExpiredException(String howLong) {
    super("Nobody entered this device's code on Zoho's page within " + howLong + ": it has expired. Nothing was "
        + "stored; start again for a new code.", null, 200, "expired");
  }
}
