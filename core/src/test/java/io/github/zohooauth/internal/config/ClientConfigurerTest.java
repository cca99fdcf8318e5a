package io.github.zohooauth.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.config.ConfigValues;
import io.github.zohooauth.exception.ConfigurationException;
import io.github.zohooauth.exception.TokenStoreException;
import io.github.zohooauth.exception.ZohoOAuthException;
import io.github.zohooauth.InMemoryTokenPersistenceHandler;
import io.github.zohooauth.spi.TokenPersistenceProvider;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigurerTest {
  private static final String MINIMAL = "client_id=1000.ABC\nclient_secret=s3cr3t-value\n";

  @TempDir
  Path dir;

  // ------------------------------------------------------------ required and malformed values

  @Test
  void missingClientIdNamesTheKeyTheFileAndWhereToFindIt() throws IOException {
    Path file = write("client_secret=x\npersistence=memory\n");

    ConfigurationException error = assertThrows(ConfigurationException.class, () -> configure(file, "memory"));

    assertTrue(error.getMessage().contains("client_id"), error.getMessage());
    assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    assertTrue(error.getMessage().contains("Zoho API console"), error.getMessage());
  }

  @Test
  void malformedNumberNamesTheKeyValueAndRange() throws IOException {
    Path file = write(MINIMAL + "proxyHost=proxy.local\nproxyPort=eighty\n");

    ConfigurationException error = assertThrows(ConfigurationException.class, () -> configure(file, "memory"));

    assertTrue(error.getMessage().contains("proxyPort ('eighty')"), error.getMessage());
    assertTrue(error.getMessage().contains("1 to 65535"), error.getMessage());
  }

  @Test
  void anAccountsUrlWithUserInfoPathOrQueryIsRefused() throws IOException {
    for (String url : new String[] {"https://accounts.zoho.com@evil.example", "https://accounts.zoho.com/oauth",
        "https://accounts.zoho.com?x=1", "https://accounts.zoho.com#x"}) {
      Path file = write(MINIMAL + "accounts_url=" + url + "\n");

      ConfigurationException error = assertThrows(ConfigurationException.class, () -> configure(file, "memory"));

      assertTrue(error.getMessage().contains("accounts_url"), error.getMessage());
      assertTrue(error.getMessage().contains("bare server address"), error.getMessage());
    }
  }

  @Test
  void anAccountsServerAllowlistEntryThatIsNotAnHttpsOriginIsNamed() throws IOException {
    for (String entry : new String[] {"http://accounts.example.com", "https://accounts.example.com/oauth",
        "accounts.example.com"}) {
      Path file = write(MINIMAL + "accounts_server_allowlist=https://accounts.zoho.eu," + entry + "\n");

      ConfigurationException error = assertThrows(ConfigurationException.class, () -> configure(file, "memory"));

      assertTrue(error.getMessage().contains("accounts_server_allowlist"), error.getMessage());
    }
  }

  @Test
  void theEncryptionNamespaceAndThePlainTextMigrationAreRead() throws IOException {
    Properties migrating = load(MINIMAL + "persistence_handler_class=" + OwnStore.class.getName()
        + "\ntoken_encryption_key=" + KEY + "\ntoken_encryption_namespace=jdbc:oauthtokens_old"
        + "\ntoken_encryption_accept_plaintext=true\n");
    try (ZohoOAuthClient client = ClientConfigurer.configure(ConfigValues.of(migrating, "test"),
        getClass().getClassLoader()).build()) {
      client.tokenStore().save(someTokens()); // plain, as before encryption was on
      assertEquals(someTokens(), client.getTokens("jane@example.com"), "read during the migration");
      client.saveTokens(someTokens());
    }
    Properties strict = load(MINIMAL + "persistence_handler_class=" + OwnStore.class.getName()
        + "\ntoken_encryption_key=" + KEY + "\ntoken_encryption_namespace=jdbc:oauthtokens_old\n");
    try (ZohoOAuthClient client = ClientConfigurer.configure(ConfigValues.of(strict, "test"),
        getClass().getClassLoader()).build()) {
      client.tokenStore().save(someTokens());
      assertThrows(io.github.zohooauth.exception.TokenDecryptionException.class,
          () -> client.getTokens("jane@example.com"), "refused without the migration setting");
    }
  }

  @Test
  void anApiDomainAllowlistThatIsNotHostNamesSaysHowToWriteIt() throws IOException {
    Path file = write(MINIMAL + "api_domain_allowlist=https://gw.example.com/api\n");

    ConfigurationException error = assertThrows(ConfigurationException.class, () -> configure(file, "memory"));

    assertTrue(error.getMessage().contains("api_domain_allowlist"), error.getMessage());
    assertTrue(error.getMessage().contains("no scheme, no path"), error.getMessage());
  }

  @Test
  void proxyHostWithoutPortIsAnError() throws IOException {
    Path file = write(MINIMAL + "proxyHost=proxy.local\n");

    ConfigurationException error = assertThrows(ConfigurationException.class, () -> configure(file, "memory"));

    assertTrue(error.getMessage().contains("Missing proxyPort"), error.getMessage());
  }

  @Test
  void unknownDataCentreListsTheKnownOnes() throws IOException {
    Path file = write(MINIMAL + "domainSuffix=mars\n");

    ConfigurationException error = assertThrows(ConfigurationException.class, () -> configure(file, "memory"));

    assertTrue(error.getMessage().contains("domainSuffix ('mars')"), error.getMessage());
    assertTrue(error.getMessage().contains("us, eu, in, au, cn, jp, ca, sa, uk"), error.getMessage());
  }

  @Test
  void dataCentreAndItsAliasPickTheAccountsServer() throws IOException {
    try (ZohoOAuthClient client = configure(write(MINIMAL + "dc=eu\n"), "memory")) {
      assertEquals("https://accounts.zoho.eu", client.accountsUrl());
    }
    try (ZohoOAuthClient client = configure(write(MINIMAL + "domainSuffix=AU\n"), "memory")) {
      assertEquals("https://accounts.zoho.com.au", client.accountsUrl());
    }
    try (ZohoOAuthClient client = configure(write(MINIMAL + "iamURL=https://accounts.zoho.jp/\n"), "memory")) {
      assertEquals("https://accounts.zoho.jp", client.accountsUrl());
    }
    try (ZohoOAuthClient client = configure(write(MINIMAL), "memory")) {
      assertEquals("https://accounts.zoho.com", client.accountsUrl());
    }
  }

  @Test
  void plainHttpAccountsUrlIsRefusedExceptOnLoopback() throws IOException {
    ConfigurationException error = assertThrows(ConfigurationException.class,
        () -> configure(write(MINIMAL + "accounts_url=http://accounts.zoho.com\n"), "memory"));
    assertTrue(error.getMessage().contains("accounts_url"), error.getMessage());
    assertTrue(error.getMessage().contains("https"), error.getMessage());

    try (ZohoOAuthClient client = configure(write(MINIMAL + "accounts_url=http://127.0.0.1:9999\n"), "memory")) {
      assertEquals("http://127.0.0.1:9999", client.accountsUrl());
    }
  }

  @Test
  void refreshWindowSmallerThanTheMarginIsRefused() throws IOException {
    Path file = write(MINIMAL + "refresh_window_seconds=30\nexpiry_margin_seconds=60\n");

    ConfigurationException error = assertThrows(ConfigurationException.class, () -> configure(file, "memory"));

    assertTrue(error.getMessage().contains("refresh_window_seconds"), error.getMessage());
  }

  @Test
  void wrongAccessTypeSaysWhatIsAllowed() throws IOException {
    ConfigurationException error = assertThrows(ConfigurationException.class,
        () -> configure(write(MINIMAL + "access_type=forever\n"), "memory"));

    assertTrue(error.getMessage().contains("offline"), error.getMessage());
  }

  @Test
  void errorsAboutSecretKeysDoNotQuoteTheValue() {
    Properties properties = new Properties();
    properties.setProperty("proxyPassword", "hunter2");
    ConfigValues values = ConfigValues.of(properties, "test");

    String message = values.invalid("proxyPassword", "too short", "").getMessage();

    assertFalse(message.contains("hunter2"), message);
  }

  // ------------------------------------------------------------ values

  @Test
  void valuesWithEqualsAndHashSurvive() throws IOException {
    Properties properties = load("client_secret=ab=cd#ef\nscope=ZohoCRM.modules.ALL,AaaServer.profile.READ\n");
    ConfigValues values = ConfigValues.of(properties, "test");

    assertEquals("ab=cd#ef", values.get("client_secret"));
  }

  @Test
  void environmentReferencesAreResolvedAndAMissingOneIsNamed() throws IOException {
    Properties properties = load("client_secret=${ZOHO_CLIENT_SECRET}\nlabel=pre-${A}-$${LITERAL}\nmissing=${NOT_SET}\n");
    ConfigValues values = ConfigValues.of(properties, "test", Map.of("ZOHO_CLIENT_SECRET", "from-env", "A", "x")::get);

    assertEquals("from-env", values.get("client_secret"));
    assertEquals("pre-x-${LITERAL}", values.get("label"));
    ConfigurationException error = assertThrows(ConfigurationException.class, () -> values.get("missing"));
    assertTrue(error.getMessage().contains("NOT_SET"), error.getMessage());
    assertTrue(error.getMessage().contains("missing"), error.getMessage());
  }

  @Test
  void aHugeUnknownKeyIsWarnedAboutBrieflyAndWithoutComparingIt() {
    Properties properties = new Properties();
    properties.setProperty("client_id", "1000.ABC");
    properties.setProperty("x".repeat(5_000_000), "value");

    List<String> warnings = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () ->
        warnings(ConfigValues.of(properties, "big.properties"), List.of()));

    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).length() < 400, "a warning of " + warnings.get(0).length() + " characters");
    assertTrue(warnings.get(0).contains("5000000 characters"), warnings.get(0));
  }

  @Test
  void unknownKeysAreWarnedAboutWithTheClosestKnownKey() throws IOException {
    ConfigValues values = ConfigValues.of(load("clientId=x\nclient_secrte=y\ntoken_persistance_path=/tmp\n"
        + "minLogLevel=INFO\nwhatever=1\n"), "the file");

    List<String> warnings = warnings(values, List.of(new NamedProvider("file", Set.of("token_persistence_path"))));

    assertEquals(4, warnings.size(), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("'clientId'") && w.contains("'client_id'")), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("'client_secrte'") && w.contains("'client_secret'")));
    assertTrue(warnings.stream().anyMatch(w -> w.contains("'token_persistance_path'")
        && w.contains("'token_persistence_path'")));
    assertTrue(warnings.stream().anyMatch(w -> w.contains("'whatever'") && !w.contains("did you mean")));
  }

  // ------------------------------------------------------------ file lookup

  @Test
  void lookupPrefersSystemPropertyThenEnvironmentThenWorkingDirectoryThenClasspath() throws IOException {
    Path bySystem = write("sys.properties", "from=system\n");
    Path byEnv = write("env.properties", "from=env\n");
    Path working = Files.createDirectories(dir.resolve("work"));
    Files.writeString(working.resolve(ConfigFileLocator.FILE_NAME), "from=working\n");
    Path classpath = Files.createDirectories(dir.resolve("cp"));
    Files.writeString(classpath.resolve(ConfigFileLocator.FILE_NAME), "from=classpath\n");
    ClassLoader loader = new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null);
    Map<String, String> none = Map.of();

    assertEquals("system", locator(Map.of(ConfigFileLocator.SYSTEM_PROPERTY, bySystem.toString()),
        Map.of(ConfigFileLocator.ENVIRONMENT_VARIABLE, byEnv.toString()), working, loader).locate().get("from"));
    assertEquals("env", locator(none, Map.of(ConfigFileLocator.ENVIRONMENT_VARIABLE, byEnv.toString()), working,
        loader).locate().get("from"));
    assertEquals("working", locator(none, none, working, loader).locate().get("from"));
    assertEquals("classpath", locator(none, none, dir.resolve("empty"), loader).locate().get("from"));
  }

  @Test
  void noConfigurationAnywhereListsEveryPlaceLookedAt() {
    ClassLoader empty = new URLClassLoader(new URL[0], null);

    ConfigurationException error = assertThrows(ConfigurationException.class,
        () -> locator(Map.of(), Map.of(), dir, empty).locate());

    assertTrue(error.getMessage().contains("zoho.oauth.config"), error.getMessage());
    assertTrue(error.getMessage().contains("ZOHO_OAUTH_CONFIG"), error.getMessage());
    assertTrue(error.getMessage().contains(dir.resolve(ConfigFileLocator.FILE_NAME).toString()), error.getMessage());
    assertTrue(error.getMessage().contains("classpath"), error.getMessage());
  }

  @Test
  void aNamedFileThatIsMissingIsAnErrorNotAFallThrough() {
    ConfigurationException error = assertThrows(ConfigurationException.class, () -> locator(
        Map.of(ConfigFileLocator.SYSTEM_PROPERTY, dir.resolve("nope.properties").toString()), Map.of(), dir,
        getClass().getClassLoader()).locate());

    assertTrue(error.getMessage().contains("nope.properties"), error.getMessage());
    assertTrue(error.getMessage().contains("zoho.oauth.config"), error.getMessage());
  }

  // ------------------------------------------------------------ store selection

  @Test
  void withNoStoreOnTheClasspathTheErrorNamesTheArtifactsToAdd() throws IOException {
    ConfigurationException error = assertThrows(ConfigurationException.class, () -> configure(write(MINIMAL)));

    assertTrue(error.getMessage().contains("zoho-oauth-persistence-file"), error.getMessage());
    assertTrue(error.getMessage().contains("persistence_handler_class"), error.getMessage());
  }

  @Test
  void withOneStoreOnTheClasspathItIsUsedUnnamed() throws IOException {
    try (ZohoOAuthClient client = configure(write(MINIMAL), "memory")) {
      assertTrue(client.toString().contains("InMemoryTokenPersistenceHandler"), client.toString());
    }
  }

  @Test
  void withSeveralStoresAndNoNameTheErrorListsThem() throws IOException {
    ConfigurationException error = assertThrows(ConfigurationException.class,
        () -> configure(write(MINIMAL), "memory", "other"));

    assertTrue(error.getMessage().contains("memory, other"), error.getMessage());
    assertTrue(error.getMessage().contains("persistence="), error.getMessage());
  }

  @Test
  void aNamedStoreThatIsAbsentNamesItsArtifact() throws IOException {
    ConfigurationException error = assertThrows(ConfigurationException.class,
        () -> configure(write(MINIMAL + "persistence=jdbc\n"), "memory"));

    assertTrue(error.getMessage().contains("io.github.zohooauth:zoho-oauth-persistence-jdbc"), error.getMessage());
    assertTrue(error.getMessage().contains("found: memory"), error.getMessage());
  }

  @Test
  void persistenceHandlerClassNamesTheApplicationsOwnStore() throws IOException {
    try (ZohoOAuthClient client = configure(write(MINIMAL + "persistence_handler_class="
        + OwnStore.class.getName() + "\n"))) {
      assertTrue(client.toString().contains("OwnStore"), client.toString());
    }
    ConfigurationException notAStore = assertThrows(ConfigurationException.class, () -> configure(
        write(MINIMAL + "persistence_handler_class=java.lang.String\n")));
    assertTrue(notAStore.getMessage().contains("does not implement"), notAStore.getMessage());
    ConfigurationException missing = assertThrows(ConfigurationException.class, () -> configure(
        write(MINIMAL + "persistence_handler_class=com.example.Nope\n")));
    assertTrue(missing.getMessage().contains("com.example.Nope"), missing.getMessage());
  }

  @Test
  void aMissingRequiredKeyWhoseTypoIsInTheFileSaysDidYouMean() throws IOException {
    ConfigurationException error = assertThrows(ConfigurationException.class,
        () -> configure(write("clientid=1000.ABC\nclient_secret=s3cr3t-value\n")));

    assertTrue(error.getMessage().contains("Missing client_id") && error.getMessage().contains("'clientid'")
        && error.getMessage().contains("did you mean client_id"), error.getMessage());
  }

  @Test
  void aStoreNamedByClassDeclaresItsOwnKeysWithAnAnnotation() throws IOException {
    ConfigValues values = ConfigValues.of(load(MINIMAL + "persistence_handler_class=" + OwnStore.class.getName()
        + "\nown_store_folder=/srv/tokens\nown_store_fodler=typo\n"), "the file");

    List<String> warnings = ClientConfigurer.unknownKeyWarnings(values, List.of(),
        ClientConfigurer.knownKeys(values, List.of(), getClass().getClassLoader()));

    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("'own_store_fodler'") && warnings.get(0).contains("'own_store_folder'"),
        warnings.get(0));
  }

  @Test
  void aStoreThatCannotListSaysWhatToImplementAndAnAnonymousOneIsNamed() throws IOException {
    io.github.zohooauth.spi.TokenPersistenceHandler anonymous = new io.github.zohooauth.spi.TokenPersistenceHandler() {
      @Override
      public java.util.Optional<io.github.zohooauth.ZohoOAuthTokens> load(String userIdentifier) {
        throw new IllegalStateException("disk on fire");
      }

      @Override
      public void save(io.github.zohooauth.ZohoOAuthTokens newTokens) {}

      @Override
      public void delete(String userIdentifier) {}
    };
    try (ZohoOAuthClient client = ZohoOAuthClient.builder().clientId("1000.ABC").clientSecret("s")
        .tokenStore(anonymous).build()) {
      ZohoOAuthException cannotList = assertThrows(ZohoOAuthException.class, client::getUserIdentifiers);
      assertTrue(cannotList.getMessage().contains("userIdentifiers()"), cannotList.getMessage());

      TokenStoreException failed = assertThrows(TokenStoreException.class, () -> client.getAccessToken("a@x.com"));
      assertTrue(failed.getMessage().contains("The token store " + anonymous.getClass().getName() + " failed"),
          failed.getMessage());
    }
  }

  // ------------------------------------------------------------ helpers

  // ------------------------------------------------------------ encryption at rest

  private static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'k');

  private static io.github.zohooauth.ZohoOAuthTokens someTokens() {
    return io.github.zohooauth.ZohoOAuthTokens.builder().userIdentifier("jane@example.com")
        .accessToken("1000.access.jane").refreshToken("1000.refresh.jane")
        .expiresAt(java.time.Instant.parse("2030-01-01T00:00:00Z")).build();
  }

  @Test
  void aTokenEncryptionKeyFromTheEnvironmentEncryptsWhatTheStoreHolds() throws IOException {
    Properties properties = load(MINIMAL + "persistence_handler_class=" + OwnStore.class.getName()
        + "\ntoken_encryption_key=${ZOHO_TOKEN_KEY}\n");
    ConfigValues values = ConfigValues.of(properties, "test", Map.of("ZOHO_TOKEN_KEY", KEY)::get);
    try (ZohoOAuthClient client = ClientConfigurer.configure(values, getClass().getClassLoader()).build()) {
      client.saveTokens(someTokens());

      io.github.zohooauth.ZohoOAuthTokens stored = client.tokenStore().load("jane@example.com").orElseThrow();
      assertTrue(stored.refreshToken().startsWith("zoho-oauth-enc:v2:"), "sealed in the store");
      assertTrue(stored.accessToken().startsWith("zoho-oauth-enc:v2:"), "sealed in the store");
      assertEquals(someTokens(), client.getTokens("jane@example.com"));
    }
  }

  @Test
  void aKeyThatIsNotThirtyTwoBytesOfBase64IsNamedAndNeverQuoted() throws IOException {
    String shortKey = java.util.Base64.getEncoder().encodeToString("sixteen byte key".getBytes());
    for (String[] bad : new String[][] {{"token_encryption_key=" + shortKey, "16 bytes"},
        {"token_encryption_key=not*base64*at*all", "not base64"},
        {"token_encryption_key=" + KEY + "\ntoken_encryption_old_keys=" + KEY + "," + shortKey, "16 bytes"}}) {
      Path file = write(MINIMAL + "persistence=memory\n" + bad[0] + "\n");

      ConfigurationException error = assertThrows(ConfigurationException.class, () -> configure(file, "memory"));

      assertTrue(error.getMessage().contains("token_encryption_") && error.getMessage().contains(bad[1])
          && error.getMessage().contains("openssl rand -base64 32"), error.getMessage());
      assertFalse(error.getMessage().contains(shortKey) || error.getMessage().contains("not*base64")
          || error.getMessage().contains(KEY), error.getMessage());
    }
  }

  @Test
  void aBlankKeyLineIsAnErrorNotPlainTextStorage() throws IOException {
    Path file = write(MINIMAL + "persistence=memory\ntoken_encryption_key=  \n");

    ConfigurationException error = assertThrows(ConfigurationException.class, () -> configure(file, "memory"));

    assertTrue(error.getMessage().contains("token_encryption_key") && error.getMessage().contains("empty"),
        error.getMessage());
  }

  @Test
  void oldKeysWithoutACurrentOneAreRefused() throws IOException {
    Path file = write(MINIMAL + "persistence=memory\ntoken_encryption_old_keys=" + KEY + "\n");

    ConfigurationException error = assertThrows(ConfigurationException.class, () -> configure(file, "memory"));

    assertTrue(error.getMessage().contains("set token_encryption_key"), error.getMessage());
    assertFalse(error.getMessage().contains(KEY), error.getMessage());
  }

  @Test
  void theInMemoryStoreIgnoresTheKey() throws IOException {
    Path file = write(MINIMAL + "persistence=memory\ntoken_encryption_key=" + KEY + "\n");
    try (ZohoOAuthClient client = configure(file, "memory")) {
      client.saveTokens(someTokens());

      assertEquals(someTokens(), client.tokenStore().load("jane@example.com").orElseThrow(), "kept as it is");
      ConfigurationException rekey = assertThrows(ConfigurationException.class, client::rekeyStoredTokens);
      assertTrue(rekey.getMessage().contains("in-memory store"), rekey.getMessage());
    }
  }

  private static List<String> warnings(ConfigValues values, List<TokenPersistenceProvider> providers) {
    return ClientConfigurer.unknownKeyWarnings(values, providers,
        ClientConfigurer.knownKeys(values, providers, ClientConfigurerTest.class.getClassLoader()));
  }

  /** A store of the application's own, as persistence_handler_class names one. */
  @io.github.zohooauth.spi.ConfigurationKeys("own_store_folder")
  public static final class OwnStore implements io.github.zohooauth.spi.TokenPersistenceHandler {
    private final InMemoryTokenPersistenceHandler tokens = new InMemoryTokenPersistenceHandler();

    public OwnStore(ConfigValues config) {
      config.source(); // the constructor taking the configuration is preferred over a no-argument one
    }

    @Override
    public java.util.Optional<io.github.zohooauth.ZohoOAuthTokens> load(String userIdentifier) {
      return tokens.load(userIdentifier);
    }

    @Override
    public void save(io.github.zohooauth.ZohoOAuthTokens newTokens) {
      tokens.save(newTokens);
    }

    @Override
    public void delete(String userIdentifier) {
      tokens.delete(userIdentifier);
    }
  }

  /** A provider found through META-INF/services written by the test. */
  public static class NamedProvider implements TokenPersistenceProvider {
    private final String name;
    private final Set<String> keys;

    public NamedProvider() {
      this("memory", Set.of());
    }

    NamedProvider(String name, Set<String> keys) {
      this.name = name;
      this.keys = keys;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<String> configurationKeys() {
      return keys;
    }

    @Override
    public io.github.zohooauth.spi.TokenPersistenceHandler create(ConfigValues config) {
      return new InMemoryTokenPersistenceHandler();
    }
  }

  /** The second provider for the "several stores" case. */
  public static final class OtherProvider extends NamedProvider {
    public OtherProvider() {
      super("other", Set.of());
    }
  }

  private ZohoOAuthClient configure(Path file, String... providers) throws IOException {
    return ClientConfigurer.configure(ConfigFileLocator.read(file), loaderWith(providers)).build();
  }

  private ClassLoader loaderWith(String... providers) throws IOException {
    Path root = Files.createTempDirectory(dir, "cp");
    Path services = Files.createDirectories(root.resolve("META-INF/services"));
    StringBuilder lines = new StringBuilder();
    for (String provider : providers) {
      lines.append(provider.equals("memory") ? NamedProvider.class.getName() : OtherProvider.class.getName())
          .append('\n');
    }
    Files.writeString(services.resolve(TokenPersistenceProvider.class.getName()), lines);
    // Child-first for the services file only: the parent (the test classpath) has no providers of its own.
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, getClass().getClassLoader());
  }

  private static ConfigFileLocator locator(Map<String, String> systemProperties, Map<String, String> environment,
      Path workingDirectory, ClassLoader loader) {
    return new ConfigFileLocator(systemProperties::get, environment::get, workingDirectory, loader);
  }

  private Path write(String content) throws IOException {
    return write("oauth_configuration.properties", content);
  }

  private Path write(String name, String content) throws IOException {
    Path file = Files.createTempDirectory(dir, "conf").resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static Properties load(String text) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(text));
    return properties;
  }

  @Test
  void aFileInIso88591AsZohosJavaSdkWroteItIsReadAsSuch() throws IOException {
    Path file = dir.resolve("latin1.properties");
    Files.write(file, "token_persistence_path=/srv/caf\u00e9\nclient_id=1000.ID\n"
        .getBytes(StandardCharsets.ISO_8859_1));

    ConfigValues values = ConfigFileLocator.read(file);

    assertEquals("/srv/caf\u00e9", values.get("token_persistence_path"));
    assertEquals("1000.ID", values.get("client_id"));
  }

  @Test
  void aFileInUtf8WithAByteOrderMarkIsReadAsUtf8AndTheMarkIsNotPartOfTheFirstKey() throws IOException {
    Path file = dir.resolve("utf8.properties");
    Files.write(file, "\uFEFFtoken_persistence_path=/srv/\u5317\u4eac\n".getBytes(StandardCharsets.UTF_8));

    assertEquals("/srv/\u5317\u4eac", ConfigFileLocator.read(file).get("token_persistence_path"));
  }

}
