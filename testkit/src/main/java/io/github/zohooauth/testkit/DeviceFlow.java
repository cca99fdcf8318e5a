package io.github.zohooauth.testkit;

import io.github.zohooauth.testkit.ZohoAccounts.Answer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Zoho's device flow ("non-browser applications") as the fake plays it: {@code /oauth/v3/device/code} hands out a
 * user code and a device code; {@code /oauth/v3/device/token} answers {@code authorization_pending} until the test
 * approves or denies the user code, {@code slow_down} to a poll closer than the interval to the one before,
 * {@code expired} once the code has lived its time, and {@code other_dc} with {@code user_location} when the user
 * belongs to another data centre (another fake, which then answers for the code). Thread-safe.
 */
final class DeviceFlow {
  private static final char[] USER_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

  private final FakeZohoAccounts accounts;
  private final FakeZohoAccountsServer.Builder settings;
  private final Supplier<String> accountsUrl;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Device> byDeviceCode = new HashMap<>();
  private final Map<String, Device> byUserCode = new HashMap<>();
  /** When set, the user who approves every code as soon as it is issued. */
  private String approvingUser;

  /** What the flow needs of the accounts server: its clock, the client check, and new tokens for a user. */
  interface FakeZohoAccounts {
    Instant now();

    /** An error answer when the client id or secret (null: not checked) is wrong, else null. */
    Answer clientRefused(String clientId, String clientSecret);

    /** A token answer for {@code email}, with a refresh token when {@code offline}. */
    Answer tokensFor(String email, String scopes, boolean offline);
  }

  DeviceFlow(FakeZohoAccounts accounts, FakeZohoAccountsServer.Builder settings, Supplier<String> accountsUrl) {
    this.accounts = accounts;
    this.settings = settings;
    this.accountsUrl = accountsUrl;
  }

  /** {@code POST /oauth/v3/device/code}. */
  synchronized Answer start(Map<String, String> params) {
    Answer refused = accounts.clientRefused(params.get("client_id"), null);
    if (refused != null) {
      return refused;
    }
    if (!"device_request".equals(params.get("grant_type"))) {
      return Answer.error("unsupported_grant_type");
    }
    String scopes = params.getOrDefault("scope", "");
    if (scopes.isEmpty()) {
      return Answer.error("invalid_scope");
    }
    Device device = new Device(token(), userCode(), scopes, "offline".equals(params.get("access_type")),
        accounts.now().plus(settings.deviceCodeLifetime));
    device.approvedBy = approvingUser;
    byDeviceCode.put(device.deviceCode, device);
    byUserCode.put(device.userCode, device);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("user_code", device.userCode);
    json.put("device_code", device.deviceCode);
    json.put("verification_url", accountsUrl.get() + "/oauth/v3/device");
    json.put("verification_uri_complete", accountsUrl.get() + "/oauth/v3/device?user_code=" + device.userCode);
    json.put("expires_in", time(settings.deviceCodeLifetime));
    json.put("interval", time(settings.deviceInterval));
    return new Answer(200, Json.object(json));
  }

  /** {@code POST /oauth/v3/device/token}. */
  synchronized Answer poll(Map<String, String> params) {
    Answer refused = accounts.clientRefused(params.get("client_id"), params.get("client_secret"));
    if (refused != null) {
      return refused;
    }
    if (!"device_token".equals(params.get("grant_type"))) {
      return Answer.error("unsupported_grant_type");
    }
    Device device = byDeviceCode.get(params.getOrDefault("code", ""));
    if (device == null) {
      return Answer.error("invalid_code");
    }
    Instant now = accounts.now();
    if (!now.isBefore(device.expiresAt)) {
      return Answer.error("expired");
    }
    Instant previous = device.lastPoll;
    device.lastPoll = now;
    if (previous != null && Duration.between(previous, now).compareTo(settings.deviceInterval) < 0) {
      device.slowDowns++;
      return Answer.error("slow_down");
    }
    if (device.otherDataCentre != null) {
      return new Answer(200, "{\"error\":\"other_dc\",\"user_location\":\"" + device.otherDataCentre + "\"}");
    }
    if (device.denied) {
      forget(device);
      return Answer.error("access_denied");
    }
    if (device.approvedBy == null) {
      return Answer.error("authorization_pending");
    }
    forget(device);
    return accounts.tokensFor(device.approvedBy, device.scopes, device.offline);
  }

  synchronized void approve(String userCode, String email) {
    device(userCode).approvedBy = email;
  }

  synchronized void approveAllAs(String email) {
    approvingUser = email;
  }

  synchronized void deny(String userCode) {
    device(userCode).denied = true;
  }

  /** The user of {@code userCode} signs in at {@code other}'s data centre: this one says other_dc, that one answers. */
  synchronized void approveIn(String userCode, String email, String location, DeviceFlow other) {
    Device device = device(userCode);
    device.otherDataCentre = location;
    other.adopt(device, email);
  }

  /** {@code slow_down} answers given so far. */
  synchronized int slowDowns() {
    return byDeviceCode.values().stream().mapToInt(device -> device.slowDowns).sum() + forgottenSlowDowns;
  }

  private int forgottenSlowDowns;

  private synchronized void adopt(Device device, String email) {
    Device copy = new Device(device.deviceCode, device.userCode, device.scopes, device.offline, device.expiresAt);
    copy.approvedBy = email;
    byDeviceCode.put(copy.deviceCode, copy);
    byUserCode.put(copy.userCode, copy);
  }

  private void forget(Device device) {
    forgottenSlowDowns += device.slowDowns;
    byDeviceCode.remove(device.deviceCode);
    byUserCode.remove(device.userCode);
  }

  private Device device(String userCode) {
    Device device = byUserCode.get(userCode);
    if (device == null) {
      throw new IllegalArgumentException("no device authorization waits with user code " + userCode);
    }
    return device;
  }

  /** In milliseconds, as Zoho's answers give them to public clients; in seconds when the fake is told to. */
  private long time(Duration duration) {
    return settings.deviceTimesInSeconds ? duration.getSeconds() : duration.toMillis();
  }

  private String userCode() {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      code.append(USER_CODE_LETTERS[random.nextInt(USER_CODE_LETTERS.length)]);
    }
    return code.toString();
  }

  private String token() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    StringBuilder hex = new StringBuilder("1004.");
    for (byte b : bytes) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  private static final class Device {
    final String deviceCode;
    final String userCode;
    final String scopes;
    final boolean offline;
    final Instant expiresAt;
    Instant lastPoll;
    String approvedBy;
    boolean denied;
    String otherDataCentre;
    int slowDowns;

    Device(String deviceCode, String userCode, String scopes, boolean offline, Instant expiresAt) {
      this.deviceCode = deviceCode;
      this.userCode = userCode;
      this.scopes = scopes;
      this.offline = offline;
      this.expiresAt = expiresAt;
    }
  }
}
