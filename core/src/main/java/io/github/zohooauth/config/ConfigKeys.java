package io.github.zohooauth.config;

import java.util.Set;

/**
 * The configuration keys the core reads. Names follow Zoho's official Java and Python SDKs where they have one, so
 * an existing {@code oauth_configuration.properties} keeps working. Stores declare their own keys through
 * {@link io.github.zohooauth.spi.TokenPersistenceProvider#configurationKeys()}.
 */
public final class ConfigKeys {
  public static final String CLIENT_ID = "client_id";
  public static final String CLIENT_SECRET = "client_secret";
  public static final String REDIRECT_URI = "redirect_uri";
  public static final String SCOPE = "scope";
  public static final String ACCESS_TYPE = "access_type";
  public static final String ACCOUNTS_URL = "accounts_url";
  /** The old Java SDK's name for {@link #ACCOUNTS_URL}. */
  public static final String IAM_URL = "iamURL";
  public static final String DC = "dc";
  /** The old Java SDK's name for {@link #DC}. */
  public static final String DOMAIN_SUFFIX = "domainSuffix";
  public static final String CURRENT_USER_EMAIL = "currentUserEmail";
  public static final String PERSISTENCE = "persistence";
  public static final String PERSISTENCE_HANDLER_CLASS = "persistence_handler_class";
  public static final String PROXY_HOST = "proxyHost";
  public static final String PROXY_PORT = "proxyPort";
  public static final String PROXY_USER = "proxyUser";
  public static final String PROXY_PASSWORD = "proxyPassword";
  public static final String HTTP_CONNECT_TIMEOUT_MS = "http_connect_timeout_ms";
  public static final String HTTP_REQUEST_TIMEOUT_MS = "http_request_timeout_ms";
  public static final String HTTP_MAX_RETRIES = "http_max_retries";
  public static final String REFRESH_WINDOW_SECONDS = "refresh_window_seconds";
  public static final String EXPIRY_MARGIN_SECONDS = "expiry_margin_seconds";
  public static final String REFRESH_FAILURE_BACKOFF_SECONDS = "refresh_failure_backoff_seconds";
  public static final String RATE_LIMIT_BACKOFF_SECONDS = "rate_limit_backoff_seconds";
  public static final String TOKEN_CACHE_SIZE = "token_cache_size";
  public static final String REFRESH_MAX_CONCURRENCY = "refresh_max_concurrency";
  public static final String REFRESH_WAIT_TIMEOUT_MS = "refresh_wait_timeout_ms";
  public static final String REFRESH_LEASE_MS = "refresh_lease_ms";
  public static final String API_DOMAIN_ALLOWLIST = "api_domain_allowlist";
  public static final String ACCOUNTS_SERVER_ALLOWLIST = "accounts_server_allowlist";
  public static final String TOKEN_ENCRYPTION_ACCEPT_PLAINTEXT = "token_encryption_accept_plaintext";
  public static final String TOKEN_ENCRYPTION_NAMESPACE = "token_encryption_namespace";
  public static final String TOKEN_ENCRYPTION_KEY = "token_encryption_key";
  public static final String TOKEN_ENCRYPTION_OLD_KEYS = "token_encryption_old_keys";

  /** Every key the core reads, aliases included. */
  public static final Set<String> CORE = Set.of(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, SCOPE, ACCESS_TYPE,
      ACCOUNTS_URL, IAM_URL, DC, DOMAIN_SUFFIX, CURRENT_USER_EMAIL, PERSISTENCE, PERSISTENCE_HANDLER_CLASS,
      PROXY_HOST, PROXY_PORT, PROXY_USER, PROXY_PASSWORD, HTTP_CONNECT_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS,
      HTTP_MAX_RETRIES, REFRESH_WINDOW_SECONDS, EXPIRY_MARGIN_SECONDS, REFRESH_FAILURE_BACKOFF_SECONDS,
      RATE_LIMIT_BACKOFF_SECONDS, TOKEN_CACHE_SIZE, REFRESH_MAX_CONCURRENCY, REFRESH_WAIT_TIMEOUT_MS,
      REFRESH_LEASE_MS, API_DOMAIN_ALLOWLIST, ACCOUNTS_SERVER_ALLOWLIST, TOKEN_ENCRYPTION_KEY,
      TOKEN_ENCRYPTION_OLD_KEYS, TOKEN_ENCRYPTION_ACCEPT_PLAINTEXT, TOKEN_ENCRYPTION_NAMESPACE);

  /** Keys of Zoho's SDKs that mean nothing to an OAuth library (logging, API versions); accepted quietly. */
  public static final Set<String> ZOHO_SDK_KEYS_WITHOUT_EFFECT = Set.of("minLogLevel", "applicationLogFilePath",
      "apiBaseUrl", "apiVersion", "sandbox", "logFilePath");

  private ConfigKeys() {}
}
