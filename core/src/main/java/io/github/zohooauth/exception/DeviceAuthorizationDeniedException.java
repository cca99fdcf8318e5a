package io.github.zohooauth.exception;

/** The user refused the device's code on Zoho's page ({@code access_denied}). Nothing was stored. */
public class DeviceAuthorizationDeniedException extends ZohoErrorResponseException {
  private static final long serialVersionUID = 1L;

  public DeviceAuthorizationDeniedException() {
    super("The user refused this device's code on Zoho's page (access_denied). Nothing was stored; start again if "
        + "that was a mistake.", null, 200, "access_denied");
  }
}
