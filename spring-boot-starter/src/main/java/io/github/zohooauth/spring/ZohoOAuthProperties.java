package io.github.zohooauth.spring;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code zoho.oauth.*}: the keys of {@code oauth_configuration.properties} in Spring's relaxed form
 * ({@code zoho.oauth.client-id} for {@code client_id}). Any other key under {@code zoho.oauth} (a store's, such as
 * {@code zoho.oauth.token-persistence-path}) is passed on the same way. Or {@code zoho.oauth.config-file} names an
 * existing {@code oauth_configuration.properties}.
 */
@ConfigurationProperties("zoho.oauth")
public class ZohoOAuthProperties {
  /** The client id from the Zoho API console. */
  private String clientId;
  /** The client secret; use a placeholder such as ${ZOHO_CLIENT_SECRET} to keep it out of the file. */
  private String clientSecret;
  /** The redirect URI registered for the client. */
  private String redirectUri;
  /** Default scopes for authorization URLs, comma-separated. */
  private String scope;
  /** The data centre: us, eu, in, au, cn, jp, ca, sa, uk. */
  private String dc;
  /** The accounts server URL, instead of a data centre. */
  private String accountsUrl;
  /** The token store: memory, file, jdbc, redis or a provider's name. */
  private String persistence;
  /**
   * Encrypts the tokens in the store (AES-256-GCM): 32 random bytes in base64. Use a placeholder such as
   * ${ZOHO_TOKEN_KEY} to keep it out of the file.
   */
  private String tokenEncryptionKey;
  /** Earlier encryption keys, comma-separated, still read until their values are saved again. */
  private String tokenEncryptionOldKeys;
  /**
   * With an encryption key, also read tokens stored in plain text: only during a move to encryption, until
   * 'zoho-oauth rekey' has run (a plain token may otherwise have been planted).
   */
  private boolean tokenEncryptionAcceptPlaintext;
  /** The namespace encrypted values are bound to; default the store's own (jdbc:table, redis:prefix, file:folder). */
  private String tokenEncryptionNamespace;
  /** Accounts servers besides the configured one and Zoho's that secrets may go to, as https origins. */
  private String accountsServerAllowlist;
  /** An existing oauth_configuration.properties to read instead of these properties. */
  private Path configFile;

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  public String getClientSecret() {
    return clientSecret;
  }

  public void setClientSecret(String clientSecret) {
    this.clientSecret = clientSecret;
  }

  public String getRedirectUri() {
    return redirectUri;
  }

  public void setRedirectUri(String redirectUri) {
    this.redirectUri = redirectUri;
  }

  public String getScope() {
    return scope;
  }

  public void setScope(String scope) {
    this.scope = scope;
  }

  public String getDc() {
    return dc;
  }

  public void setDc(String dc) {
    this.dc = dc;
  }

  public String getAccountsUrl() {
    return accountsUrl;
  }

  public void setAccountsUrl(String accountsUrl) {
    this.accountsUrl = accountsUrl;
  }

  public String getPersistence() {
    return persistence;
  }

  public void setPersistence(String persistence) {
    this.persistence = persistence;
  }

  public Path getConfigFile() {
    return configFile;
  }

  public void setConfigFile(Path configFile) {
    this.configFile = configFile;
  }

  public String getTokenEncryptionKey() {
    return tokenEncryptionKey;
  }

  public void setTokenEncryptionKey(String tokenEncryptionKey) {
    this.tokenEncryptionKey = tokenEncryptionKey;
  }

  public boolean isTokenEncryptionAcceptPlaintext() {
    return tokenEncryptionAcceptPlaintext;
  }

  public void setTokenEncryptionAcceptPlaintext(boolean tokenEncryptionAcceptPlaintext) {
    this.tokenEncryptionAcceptPlaintext = tokenEncryptionAcceptPlaintext;
  }

  public String getTokenEncryptionNamespace() {
    return tokenEncryptionNamespace;
  }

  public void setTokenEncryptionNamespace(String tokenEncryptionNamespace) {
    this.tokenEncryptionNamespace = tokenEncryptionNamespace;
  }

  public String getAccountsServerAllowlist() {
    return accountsServerAllowlist;
  }

  public void setAccountsServerAllowlist(String accountsServerAllowlist) {
    this.accountsServerAllowlist = accountsServerAllowlist;
  }

  public String getTokenEncryptionOldKeys() {
    return tokenEncryptionOldKeys;
  }

  public void setTokenEncryptionOldKeys(String tokenEncryptionOldKeys) {
    this.tokenEncryptionOldKeys = tokenEncryptionOldKeys;
  }
}
