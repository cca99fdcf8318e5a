package io.github.zohooauth.exception;

/**
 * A secret or a token would have gone to a host this library does not trust, so nothing was sent: a stored
 * {@code accounts_server} or {@code api_domain} that is neither configured nor Zoho's, or a request a caller built for
 * a host that is not the user's API domain, one of Zoho's hosts of the user's data centre, or on
 * {@code api_domain_allowlist}. Nothing stored was changed and no refresh was spent. {@link #destination()} names the
 * refused host; the message says how to allow it where that is legitimate.
 */
public class UntrustedDestinationException extends ZohoOAuthException {
  private static final long serialVersionUID = 1L;

  private final String destination;

  public UntrustedDestinationException(String message, String userIdentifier, String destination) {
    super(message, userIdentifier, null);
    this.destination = destination;
  }

  /** The refused server or host, as it was given or stored (never with a token or a password in it). */
  public String destination() {
    return destination;
  }
}
