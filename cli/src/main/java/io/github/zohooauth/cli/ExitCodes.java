package io.github.zohooauth.cli;

import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.RefreshTokenRevokedException;
import io.github.zohooauth.exception.TokenDecryptionException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.exception.ZohoErrorResponseException;
import io.github.zohooauth.exception.ZohoNetworkException;

/** The CLI's exit codes: stable, so scripts can tell failures apart. */
public final class ExitCodes {
  public static final int OK = 0;
  /** Anything not listed below. */
  public static final int UNEXPECTED = 1;
  /** Wrong command line (picocli's usage error). */
  public static final int USAGE = 2;
  /** Missing or wrong configuration, including a token encryption key that does not open the stored tokens. */
  public static final int CONFIGURATION = 3;
  /** Zoho answered with an error (expired grant code, wrong client, rate limit...). */
  public static final int ZOHO_REFUSED = 4;
  /** Zoho's accounts server could not be reached. */
  public static final int NETWORK = 5;
  /** The token store failed. */
  public static final int STORE = 6;
  /** No tokens are stored for the user. */
  public static final int UNKNOWN_USER = 7;
  /** The user's refresh token is dead: authorize the user again. */
  public static final int REAUTHORIZE = 8;

  private ExitCodes() {}

  static int of(Throwable error) {
    if (error instanceof CliException) {
      return ((CliException) error).exitCode;
    }
    if (error instanceof RefreshTokenRevokedException) {
      return REAUTHORIZE;
    }
    if (error instanceof ZohoErrorResponseException) {
      return ZOHO_REFUSED;
    }
    if (error instanceof ZohoNetworkException) {
      return NETWORK;
    }
    if (error instanceof UnknownUserException) {
      return UNKNOWN_USER;
    }
    if (error instanceof TokenStoreException) {
      return STORE;
    }
    if (error instanceof ConfigurationException || error instanceof IllegalArgumentException
        || error instanceof TokenDecryptionException) {
      return CONFIGURATION;
    }
    return UNEXPECTED;
  }
}
