package io.github.zohooauth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Zoho's data centres, each with its accounts server and API domain. */
public enum DataCenter {
  US("us", "https://accounts.zoho.com", "https://www.zohoapis.com"),
  EU("eu", "https://accounts.zoho.eu", "https://www.zohoapis.eu"),
  IN("in", "https://accounts.zoho.in", "https://www.zohoapis.in"),
  AU("au", "https://accounts.zoho.com.au", "https://www.zohoapis.com.au"),
  CN("cn", "https://accounts.zoho.com.cn", "https://www.zohoapis.com.cn"),
  JP("jp", "https://accounts.zoho.jp", "https://www.zohoapis.jp"),
  CA("ca", "https://accounts.zohocloud.ca", "https://www.zohoapis.ca"),
  SA("sa", "https://accounts.zoho.sa", "https://www.zohoapis.sa"),
  UK("uk", "https://accounts.zoho.uk", "https://www.zohoapis.uk");

  private final String code;
  private final String accountsUrl;
  private final String apiDomain;

  DataCenter(String code, String accountsUrl, String apiDomain) {
    this.code = code;
    this.accountsUrl = accountsUrl;
    this.apiDomain = apiDomain;
  }

  /** The short name used in configuration ({@code dc}, {@code domainSuffix}) and Zoho's {@code location}. */
  public String code() {
    return code;
  }

  public String accountsUrl() {
    return accountsUrl;
  }

  public String apiDomain() {
    return apiDomain;
  }

  /** The data centre with this code ({@code eu}, case-insensitive), if Zoho has one. */
  public static Optional<DataCenter> fromCode(String code) {
    String wanted = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(dc -> dc.code.equals(wanted)).findFirst();
  }

  /** The data centre whose accounts server is {@code accountsUrl} (trailing slash ignored), if any. */
  public static Optional<DataCenter> fromAccountsUrl(String accountsUrl) {
    String wanted = accountsUrl == null ? "" : accountsUrl.trim().replaceAll("/+$", "").toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(dc -> dc.accountsUrl.equals(wanted)).findFirst();
  }

  /** The codes of every data centre, for error messages: {@code us, eu, in, ...}. */
  public static String codes() {
    return Arrays.stream(values()).map(DataCenter::code).collect(Collectors.joining(", "));
  }
}
