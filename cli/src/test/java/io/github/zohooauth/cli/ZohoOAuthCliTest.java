package io.github.zohooauth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.zohooauth.persistence.file.FileTokenPersistenceHandler;
import io.github.zohooauth.persistence.jdbc.TestDatabases;
import io.github.zohooauth.testkit.Endpoint;
import io.github.zohooauth.testkit.Failure;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import io.github.zohooauth.testkit.FakeZohoAccountsServerExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a script would use it: command lines, output, exit codes. */
@ExtendWith(FakeZohoAccountsServerExtension.class)
class ZohoOAuthCliTest {
  private static final String USER = "jane@example.com";

  @TempDir
  Path dir;
  private FakeZohoAccountsServer zoho;
  private Path config;

  @BeforeEach
  void writeConfig(FakeZohoAccountsServer zoho) throws Exception {
    this.zoho = zoho;
    config = dir.resolve("oauth_configuration.properties");
    Files.writeString(config, "client_id=" + zoho.clientId() + "\nclient_secret=" + zoho.clientSecret()
        + "\nredirect_uri=" + zoho.redirectUri() + "\naccounts_url=" + zoho.accountsUrl()
        + "\nscope=ZohoCRM.modules.ALL,AaaServer.profile.READ\npersistence=file\ntoken_persistence_path="
        + dir.resolve("tokens") + "\ncurrentUserEmail=" + USER + "\n");
  }

  @Test
  void exchangeStoresTheUserAndPrintsNoTokenUnlessAsked() {
    Result result = cli("exchange", "--grant", zoho.issueGrantCode(USER));

    assertEquals(ExitCodes.OK, result.code, result.toString());
    assertTrue(result.out.contains("Stored tokens for " + USER), result.out);
    assertFalse(result.out.contains("1000."), "no token without --show-tokens: " + result.out);

    Result shown = cli("exchange", "--grant", zoho.issueGrantCode("joe@example.com"), "--show-tokens");
    assertTrue(shown.out.contains("access_token=1000."), shown.out);
    assertTrue(shown.out.contains("refresh_token=1000."), shown.out);
  }

  @Test
  void tokenPrintsOnlyAValidAccessTokenForScripts() {
    cli("exchange", "--grant", zoho.issueGrantCode(USER));
    String stored = new FileTokenPersistenceHandler(dir.resolve("tokens")).load(USER).orElseThrow().accessToken();

    assertEquals(stored + System.lineSeparator(), cli("token", "--user", USER).out);
    assertEquals(stored + System.lineSeparator(), cli("token").out, "currentUserEmail is the default user");
  }

  @Test
  void exchangeReadsTheGrantCodeFromStandardInputAndWarnsWhenItIsInline() {
    Result piped = withStdin(zoho.issueGrantCode(USER) + "\n", () -> cli("exchange", "--grant", "-"));
    assertEquals(ExitCodes.OK, piped.code, piped.toString());
    assertTrue(piped.out.contains("Stored tokens for " + USER), piped.out);
    assertFalse(piped.err.contains("warning: --grant"), piped.err);

    Result inline = cli("exchange", "--grant", zoho.issueGrantCode("joe@example.com"));
    assertEquals(ExitCodes.OK, inline.code, inline.toString());
    assertTrue(inline.err.contains("warning: --grant given on the command line") && inline.err.contains("--grant -"),
        inline.err);
    Result inlineRefresh = cli("add", "--refresh-token", zoho.issueRefreshToken("kim@example.com"), "--user",
        "kim@example.com");
    assertTrue(inlineRefresh.err.contains("--refresh-token -"), inlineRefresh.err);

    Result nothing = withStdin("", () -> cli("exchange", "--grant", "-"));
    assertEquals(ExitCodes.USAGE, nothing.code, nothing.toString());
    assertTrue(nothing.err.contains("--grant - read nothing from standard input"), nothing.err);
  }

  @Test
  void anEmptyOrInvisibleUserIsAUsageErrorSaidInFlags() {
    cli("exchange", "--grant", zoho.issueGrantCode(USER));
    int tokenRequests = zoho.requestCount(io.github.zohooauth.testkit.Endpoint.TOKEN);
    for (String[] args : new String[][] {{"token", "--user", ""}, {"revoke", "--user", " "},
        {"add", "--refresh-token", "1000.x", "--user", ""},
        {"exchange", "--grant", "1000.code", "--user", "a\u0001b"}}) {
      Result result = cli(args);
      assertEquals(ExitCodes.USAGE, result.code, String.join(" ", args) + ": " + result);
      assertTrue(result.err.contains("--user"), result.err);
      assertFalse(result.err.contains("Builder") || result.err.contains("userIdentifier"), result.err);
    }
    assertEquals(tokenRequests, zoho.requestCount(io.github.zohooauth.testkit.Endpoint.TOKEN), "Zoho was not asked");
  }

  @Test
  void addReadsTheRefreshTokenFromStandardInput() {
    String refreshToken = zoho.issueRefreshToken(USER);

    Result result = withStdin(refreshToken + "\n", () -> cli("add", "--refresh-token", "-", "--user", USER));

    assertEquals(ExitCodes.OK, result.code, result.toString());
    assertEquals(refreshToken, new FileTokenPersistenceHandler(dir.resolve("tokens")).load(USER).orElseThrow()
        .refreshToken());
  }

  @Test
  void listShowsUsersButNoToken() {
    cli("exchange", "--grant", zoho.issueGrantCode(USER));
    cli("add", "--refresh-token", zoho.issueRefreshToken("joe@example.com"), "--user", "joe@example.com");

    Result result = cli("list");

    assertEquals(ExitCodes.OK, result.code, result.toString());
    assertTrue(result.out.contains(USER) && result.out.contains("joe@example.com"), result.out);
    assertTrue(result.out.contains(zoho.apiDomain()), result.out);
    assertTrue(result.out.contains("2 users"), result.out);
    assertFalse(result.out.contains("1000."), result.out);
  }

  @Test
  void revokeDeletesTheUserAndThenTokenSaysUnknownUser() {
    cli("exchange", "--grant", zoho.issueGrantCode(USER));

    assertEquals(ExitCodes.OK, cli("revoke", "--user", USER).code);
    Result after = cli("token", "--user", USER);

    assertEquals(ExitCodes.UNKNOWN_USER, after.code, after.toString());
    assertTrue(after.err.contains("No tokens are stored for '" + USER + "'"), after.err);
    assertTrue(after.err.contains("zoho-oauth exchange --grant CODE"), "the CLI's words: " + after.err);
    assertFalse(after.err.contains("generateAccessToken"), "not the library's: " + after.err);
    assertEquals(1, zoho.requestCount(Endpoint.REVOKE));
  }

  @Test
  void authUrlCarriesScopesAndStateButNotTheSecret() {
    Result result = cli("auth-url", "--scope", "ZohoCRM.modules.ALL,AaaServer.profile.READ", "--state", "xyz",
        "--consent");

    assertTrue(result.out.startsWith(zoho.accountsUrl() + "/oauth/v2/auth?"), result.out);
    assertTrue(result.out.contains("state=xyz") && result.out.contains("prompt=consent"), result.out);
    assertFalse(result.out.contains(zoho.clientSecret()), result.out);
  }

  @Test
  void exitCodesTellFailuresApart() throws Exception {
    String used = zoho.issueGrantCode(USER);
    cli("exchange", "--grant", used);
    Result reused = cli("exchange", "--grant", used);
    assertEquals(ExitCodes.ZOHO_REFUSED, reused.code, reused.toString());
    assertTrue(reused.err.contains("Generate a new grant code"), reused.err);

    zoho.failNext(Endpoint.TOKEN, Failure.zohoError("invalid_code"));
    Result revoked = cli("add", "--refresh-token", "1000.dead", "--user", "x@example.com");
    assertEquals(ExitCodes.REAUTHORIZE, revoked.code, revoked.toString());

    assertEquals(ExitCodes.USAGE, cli("exchange").code, "a missing --grant is a usage error");
    assertEquals(ExitCodes.USAGE, cli("frobnicate").code);

    Files.writeString(config, "client_secret=x\npersistence=file\n");
    Result badConfig = cli("list");
    assertEquals(ExitCodes.CONFIGURATION, badConfig.code, badConfig.toString());
    assertTrue(badConfig.err.contains("client_id"), badConfig.err);
  }

  @Test
  void unreachableZohoIsANetworkError() throws Exception {
    Files.writeString(config, Files.readString(config).replace(zoho.accountsUrl(), "http://127.0.0.1:9")
        + "http_max_retries=0\n");

    Result result = cli("add", "--refresh-token", "1000.r", "--user", USER);

    assertEquals(ExitCodes.NETWORK, result.code, result.toString());
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"exchange", "add", "token", "list", "revoke", "auth-url", "import"}) {
      Result help = cli(command, "--help");
      assertEquals(ExitCodes.OK, help.code, command);
      assertTrue(help.out.startsWith("Usage: zoho-oauth " + command), help.out);
    }
  }

  @Test
  void importReadsTheOldJavaSdkFile() throws Exception {
    String refresh = zoho.issueRefreshToken("old@example.com");
    Path file = dir.resolve("zoho_tokens.txt");
    Files.writeString(file, "useridentifier=old@example.com\naccesstoken=1000.expired\nrefreshtoken=" + refresh
        + "\nexpirytime=1500000000000\nscope=ZohoCRM.modules.ALL\n\nuseridentifier=broken@example.com\naccesstoken="
        + "1000.x\nrefreshtoken=null\nexpirytime=1500000000000\nscope=\n");

    Result result = cli("import", "--from-java-sdk-file", file.toString());

    assertEquals(ExitCodes.OK, result.code, result.toString());
    assertTrue(result.out.contains("Imported 1 user: old@example.com."), result.out);
    assertTrue(result.out.contains("broken@example.com (no refresh token"), result.out);
    assertTrue(cli("token", "--user", "old@example.com").out.startsWith("1000."), "imported users refresh");
    assertEquals(1, zoho.refreshRequestCount("old@example.com"));
  }

  @Test
  void importReadsTheNewSdksCsvAndKeepsUsersAlreadyStored() throws Exception {
    cli("exchange", "--grant", zoho.issueGrantCode(USER));
    String refresh = zoho.issueRefreshToken("csv@example.com");
    long future = Instant.now().plusSeconds(1_800).toEpochMilli();
    Path file = dir.resolve("sdk_tokens.txt");
    Files.writeString(file, "\"id\",\"user_mail\",\"client_id\",\"client_secret\",\"refresh_token\",\"access_token\","
        + "\"grant_token\",\"expiry_time\",\"redirect_url\",\"api_domain\"\n"
        + "\"1\",\"csv@example.com\",\"c\",\"s\",\"" + refresh + "\",\"1000.csv.access\",\"\",\"" + future
        + "\",\"https://x\",\"https://www.zohoapis.eu\"\n"
        + "\"2\",\"" + USER + "\",\"c\",\"s\",\"1000.r\",\"1000.a\",\"\",\"" + future + "\",\"\",\"\"\n");

    Result result = cli("import", "--from-sdk-tokens-csv", file.toString());

    assertTrue(result.out.contains("Imported 1 user: csv@example.com."), result.out);
    assertTrue(result.out.contains(USER + " (already stored"), result.out);
    assertEquals("1000.csv.access" + System.lineSeparator(), cli("token", "--user", "csv@example.com").out);
  }

  @Test
  void loginDevicePrintsTheCodeAndPageWaitsForTheUserAndSaysWhomItStored() throws Exception {
    try (FakeZohoAccountsServer devices = FakeZohoAccountsServer.builder()
        .deviceInterval(java.time.Duration.ofMillis(200)).start()) {
      Files.writeString(config, Files.readString(config).replace(zoho.accountsUrl(), devices.accountsUrl()));
      devices.approveDevicesAs("device@example.com");

      Result result = cli("login", "--device");

      assertEquals(ExitCodes.OK, result.code, result.toString());
      assertTrue(result.out.contains("Open " + devices.accountsUrl() + "/oauth/v3/device and enter the code "),
          result.out);
      assertTrue(result.out.contains("Stored tokens for device@example.com"), result.out);
      assertEquals(0, devices.deviceSlowDowns());
    }
  }

  @Test
  void loginDeviceWithNoScopeAnywhereNamesTheFlagAndTheKey() throws Exception {
    Files.writeString(config, Files.readString(config).replace("scope=ZohoCRM.modules.ALL,AaaServer.profile.READ\n",
        ""));

    Result result = cli("login", "--device");

    assertEquals(ExitCodes.USAGE, result.code, result.toString());
    assertTrue(result.err.contains("--scope") && result.err.contains("scope in the configuration file"), result.err);
    assertFalse(result.err.contains("startDeviceAuthorization"), result.err);
  }

  @Test
  void theCliNamesFlagsAndTheFileWhereTheLibraryWouldNameMethods() throws Exception {
    String plain = Files.readString(config);
    Files.writeString(config, plain.replace("scope=ZohoCRM.modules.ALL,AaaServer.profile.READ\n", ""));
    Result noScope = cli("auth-url");
    assertEquals(ExitCodes.CONFIGURATION, noScope.code, noScope.toString());
    assertTrue(noScope.err.contains("pass them with --scope"), noScope.err);
    assertFalse(noScope.err.contains("AuthorizationRequest"), noScope.err);

    Files.writeString(config, plain.replace("accounts_url=" + zoho.accountsUrl(),
        "accounts_url=" + zoho.accountsUrl().replace("http://", "")));
    Result noScheme = cli("list");
    assertTrue(noScheme.err.contains("write it with its scheme") && noScheme.err.contains("accounts_url"),
        noScheme.err);

    Files.writeString(config, plain);
    Result unknown = cli("token", "--user", "nobody@example.com");
    assertEquals(ExitCodes.UNKNOWN_USER, unknown.code, unknown.toString());
    assertTrue(unknown.err.contains("in file:" + dir.resolve("tokens")), "which store was searched: " + unknown.err);

    String missingFile = "Found no oauth_configuration.properties. Looked at: x. Create the file (client_id, "
        + "client_secret, redirect_uri, ...), or point -Dzoho.oauth.config=<path> at it, or call "
        + "ZohoOAuth.initialize(path).";
    assertTrue(CliMessages.inCliWords(missingFile).endsWith("or name it with --config FILE (or the environment "
        + "variable ZOHO_OAUTH_CONFIG)."), CliMessages.inCliWords(missingFile));
  }

  @Test
  void addClientCredentialsStoresTheOrganisationsTokenAndTokenServesIt() {
    Result added = cli("add", "--client-credentials", "--soid", "ZohoCRM.600000434", "--scope",
        "ZohoCRM.modules.ALL,ZohoCRM.settings.READ");

    assertEquals(ExitCodes.OK, added.code, added.toString());
    assertTrue(added.out.contains("Stored tokens for ZohoCRM.600000434") && added.out.contains("organisation"),
        added.out);
    assertFalse(added.out.contains("auth-url"), "no advice about refresh tokens: " + added.out);
    Result token = cli("token", "--user", "ZohoCRM.600000434");
    assertEquals(ExitCodes.OK, token.code, token.toString());
    assertEquals(1, zoho.tokenRequestCount(FakeZohoAccountsServer.GRANT_CLIENT_CREDENTIALS));
  }

  @Test
  void addClientCredentialsSaysWhichFlagIsMissingOrWrongInTheCommandsWords() {
    Result noSoid = cli("add", "--client-credentials", "--scope", "ZohoCRM.modules.ALL");
    Result badSoid = cli("add", "--client-credentials", "--soid", "jane@example.com", "--scope", "ZohoCRM.modules.ALL");
    Result noScope = cli("add", "--client-credentials", "--soid", "ZohoCRM.600000434");
    Result mixed = cli("add", "--client-credentials", "--soid", "ZohoCRM.600000434", "--scope", "s", "--user", USER);
    Result neither = cli("add");

    for (Result result : new Result[] {noSoid, badSoid, noScope, mixed, neither}) {
      assertEquals(ExitCodes.USAGE, result.code, result.toString());
      assertFalse(result.err.contains("generateAccessToken") || result.err.contains("Builder"), result.err);
    }
    assertTrue(noSoid.err.contains("--soid ZohoCRM.600000434"), noSoid.err);
    assertTrue(badSoid.err.contains("'jane@example.com' is not that"), badSoid.err);
    assertTrue(noScope.err.contains("--scope"), noScope.err);
    assertTrue(mixed.err.contains("leave out --refresh-token and --user"), mixed.err);
    assertTrue(neither.err.contains("--refresh-token TOKEN and --user EMAIL"), neither.err);
    assertEquals(0, zoho.tokenRequestCount(FakeZohoAccountsServer.GRANT_CLIENT_CREDENTIALS));
  }

  @Test
  void importReadsZohosMysqlTable() throws Exception {
    String url = TestDatabases.mariaDb();
    String table = TestDatabases.uniqueTable();
    String refresh = zoho.issueRefreshToken("db@example.com");
    try (Connection connection = DriverManager.getConnection(url)) {
      connection.createStatement().execute("CREATE TABLE " + table + "(useridentifier varchar(100), accesstoken "
          + "varchar(100), refreshtoken varchar(100), expirytime bigint)");
      connection.createStatement().execute("INSERT INTO " + table + " VALUES ('db@example.com', '1000.old', '"
          + refresh + "', 1500000000000)");
      try {
        Result result = cli("import", "--from-jdbc", url, "--table", table);

        assertEquals(ExitCodes.OK, result.code, result.toString());
        assertTrue(result.out.contains("Imported 1 user: db@example.com."), result.out);
      } finally {
        connection.createStatement().execute("DROP TABLE " + table);
      }
    }
  }

  @Test
  void importReadsTheCurrentSdksOauthtokenTableWithItsApiDomainAndSkipsRowsWithoutAUser() throws Exception {
    String url = TestDatabases.mariaDb();
    String table = "oauthtoken_" + TestDatabases.uniqueTable().substring("oauthtokens_".length());
    String refresh = zoho.issueRefreshToken("sdk8@example.com");
    try (Connection connection = DriverManager.getConnection(url)) {
      connection.createStatement().execute("CREATE TABLE " + table + " (id varchar(10) NOT NULL, user_name "
          + "varchar(255), client_id varchar(255), client_secret varchar(255), refresh_token varchar(255), "
          + "access_token varchar(255), grant_token varchar(255), expiry_time varchar(20), redirect_url "
          + "varchar(255), api_domain varchar(255), primary key (id))");
      connection.createStatement().execute("INSERT INTO " + table + " (id, user_name, client_id, client_secret, "
          + "refresh_token, access_token, grant_token, expiry_time, redirect_url, api_domain) VALUES ('1', "
          + "'sdk8@example.com', 'c', 's', '" + refresh + "', '1000.sdk8', 'g', '1500000000000', 'r', '"
          + zoho.apiDomain() + "'), ('2', NULL, 'c', 's', '1000.r', '1000.a', 'g', '1500000000000', 'r', NULL)");
      try {
        Result result = cli("import", "--from-jdbc", url, "--table", table);

        assertEquals(ExitCodes.OK, result.code, result.toString());
        assertTrue(result.out.contains("Imported 1 user: sdk8@example.com."), result.out);
        String listed = cli("list").out;
        assertTrue(listed.lines().anyMatch(line -> line.startsWith("sdk8@example.com")
            && line.contains(zoho.apiDomain())), "imported with its api_domain: " + listed);
        Result token = cli("token", "--user", "sdk8@example.com");
        assertEquals(ExitCodes.OK, token.code, token.toString());
        assertNotEquals("1000.sdk8", token.out.trim(), "the expired token was refreshed with the imported one");
      } finally {
        connection.createStatement().execute("DROP TABLE " + table);
      }
    }
  }

  @Test
  void tokenWithNoUserAnywhereSaysWhichFlagOrKeyNamesOne() throws Exception {
    Files.writeString(config, Files.readString(config).replace("currentUserEmail=" + USER + "\n", ""));

    Result result = cli("token");

    assertEquals(ExitCodes.USAGE, result.code, result.toString());
    assertTrue(result.err.contains("--user EMAIL") && result.err.contains("currentUserEmail"), result.err);
    assertFalse(result.err.contains("getAccessToken") || result.err.contains("Builder"), result.err);
  }

  @Test
  void aGrantWithNoRefreshTokenSaysWhyAndHowToGetOne() {
    Result result = cli("exchange", "--grant", zoho.issueGrantCode(USER, "ZohoCRM.modules.ALL", false), "--user",
        USER);

    assertEquals(ExitCodes.OK, result.code, result.toString());
    assertTrue(result.out.contains("first consent") && result.out.contains("zoho-oauth auth-url --consent"),
        result.out);
  }

  @Test
  void enumOptionsAreCaseInsensitiveAsInThePropertiesFile() {
    Result result = cli("auth-url", "--access-type", "offline");

    assertEquals(ExitCodes.OK, result.code, result.toString());
    assertTrue(result.out.contains("access_type=offline"), result.out);
  }

  @Test
  void listShowsExpiryToTheSecondInAlignedColumns() {
    cli("exchange", "--grant", zoho.issueGrantCode(USER));

    String[] lines = cli("list").out.split("\\R");

    assertTrue(lines[1].matches(".*\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +FRESH .*"), lines[1]);
    assertEquals(lines[0].indexOf("STATE"), lines[1].indexOf("FRESH"), "columns line up:\n" + lines[0] + "\n"
        + lines[1]);
  }

  @Test
  void helpDescribesEveryOptionAndEachCommandInOneSentence() {
    assertTrue(cli("revoke", "--help").out.contains("the user whose tokens to revoke"));
    String main = cli("--help").out;
    assertTrue(main.contains("token     Prints a valid access token (refreshed if needed) and nothing else."), main);
  }

  @Test
  void aMemoryStoreIsSaidToForgetWhenTheCommandEnds() throws Exception {
    Files.writeString(config, Files.readString(config).replace("persistence=file", "persistence=memory"));

    Result result = cli("exchange", "--grant", zoho.issueGrantCode(USER));

    assertEquals(ExitCodes.OK, result.code, result.toString());
    assertTrue(result.err.contains("persistence=memory") && result.err.contains("gone when this command ends"),
        result.err);
  }

  @Test
  void importProblemsAreExplainedWithTheirFlagAndExitCode() throws Exception {
    Result missing = cli("import", "--from-java-sdk-file", dir.resolve("nope.txt").toString());
    assertEquals(ExitCodes.USAGE, missing.code, missing.toString());
    assertTrue(missing.err.contains("--from-java-sdk-file") && missing.err.contains("no such file"), missing.err);

    Result down = cli("import", "--from-jdbc", "jdbc:mysql://127.0.0.1:1/zohooauth?connectTimeout=500",
        "--jdbc-password", "S3cret");
    assertEquals(ExitCodes.STORE, down.code, down.toString());
    assertTrue(down.err.contains("--from-jdbc jdbc:mysql://127.0.0.1:1/zohooauth"), down.err);
    assertFalse(down.err.contains("S3cret"), down.err);

    Result noTable = cli("import", "--from-jdbc", TestDatabases.mariaDb(), "--table", "no_such_table_here");
    assertEquals(ExitCodes.STORE, noTable.code, noTable.toString());
    assertTrue(noTable.err.contains("no_such_table_here") && noTable.err.contains("--table"), noTable.err);
  }

  @Test
  void importReadsTheDatabasePasswordFromStandardInput() throws Exception {
    String url = TestDatabases.mariaDb();
    String table = TestDatabases.uniqueTable();
    try (Connection connection = DriverManager.getConnection(url)) {
      connection.createStatement().execute("CREATE TABLE " + table + "(useridentifier varchar(100), accesstoken "
          + "varchar(100), refreshtoken varchar(100), expirytime bigint)");
      try {
        // the test database's password is empty: a line with nothing on it
        Result result = withStdin("\n", () -> cli("import", "--from-jdbc", url.replaceAll("[?&]password=[^&]*", ""),
            "--jdbc-password", "-", "--table", table));

        assertEquals(ExitCodes.OK, result.code, result.toString());
        assertTrue(result.out.contains("Imported 0 users."), result.out);
      } finally {
        connection.createStatement().execute("DROP TABLE " + table);
      }
    }
  }

  @Test
  void aTokenDatabaseThatIsDownIsAStoreFailure() throws Exception {
    Files.writeString(config, Files.readString(config).replace("persistence=file", "persistence=jdbc")
        + "jdbc_url=jdbc:mysql://127.0.0.1:1/zohooauth?connectTimeout=500\n");

    Result result = cli("list");

    assertEquals(ExitCodes.STORE, result.code, result.toString());
  }

  @Test
  void newKeyPrintsThirtyTwoRandomBytesInBase64AndNothingElse() {
    Result first = cli("new-key");
    Result second = cli("new-key");

    assertEquals(ExitCodes.OK, first.code, first.toString());
    String key = first.out.trim();
    assertEquals(32, java.util.Base64.getDecoder().decode(key).length);
    assertEquals(1, first.out.lines().count(), first.out);
    assertFalse(key.equals(second.out.trim()), "a new key each time");
    assertTrue(first.err.contains("token_encryption_key=${ZOHO_TOKEN_KEY}"), first.err);
  }

  @Test
  void rekeyEncryptsPlainUsersThenRotatesAndAWrongKeyIsSaidInTheFilesWords() throws Exception {
    cli("exchange", "--grant", zoho.issueGrantCode(USER));
    cli("add", "--refresh-token", zoho.issueRefreshToken("joe@example.com"), "--user", "joe@example.com");
    String token = cli("token", "--user", USER).out.trim();
    String plain = Files.readString(config);
    String key1 = cli("new-key").out.trim();
    String key2 = cli("new-key").out.trim();

    Files.writeString(config, plain + "token_encryption_key=" + key1 + "\n");
    Result refused = cli("rekey");
    assertEquals(ExitCodes.STORE, refused.code, "plain tokens are not trusted under a key: " + refused);
    assertTrue(refused.err.contains("token_encryption_accept_plaintext") && !refused.err.contains("Builder"),
        refused.err);
    Files.writeString(config, plain + "token_encryption_key=" + key1 + "\ntoken_encryption_accept_plaintext=true\n");
    Result first = cli("rekey");
    assertEquals(ExitCodes.OK, first.code, first.toString());
    assertTrue(first.out.startsWith("Re-encrypted 2 users with key id "), first.out);
    assertTrue(first.out.contains("0 users already under it; 0 users left as they were."), first.out);
    assertFalse(tokenFiles().contains(token), "the access token is no longer on disk in plain text");
    assertEquals(token, cli("token", "--user", USER).out.trim(), "the same token, read through the key");

    Files.writeString(config, plain + "token_encryption_key=" + key2 + "\ntoken_encryption_old_keys=" + key1 + "\n");
    Result rotated = cli("rekey");
    assertTrue(rotated.out.startsWith("Re-encrypted 2 users"), rotated.out);
    assertEquals("Re-encrypted 0 users", cli("rekey").out.substring(0, 20), "a second run finds nothing to do");

    Files.writeString(config, plain + "token_encryption_key=" + key1 + "\n");
    Result wrongKey = cli("token", "--user", USER);
    assertEquals(ExitCodes.CONFIGURATION, wrongKey.code, wrongKey.toString());
    assertTrue(wrongKey.err.contains("token_encryption_old_keys") && wrongKey.err.contains("key id"),
        wrongKey.err);
    assertFalse(wrongKey.err.contains("Builder") || wrongKey.err.contains(key1) || wrongKey.err.contains(key2),
        "the CLI's words, and no key: " + wrongKey.err);
    Result wrongRekey = cli("rekey");
    assertEquals(ExitCodes.STORE, wrongRekey.code, wrongRekey.toString());
    assertTrue(wrongRekey.out.contains("2 users left as they were"), wrongRekey.out);
    assertTrue(wrongRekey.err.contains("error: " + USER + ": ") && wrongRekey.err.contains("error: joe@example.com"),
        wrongRekey.err);
  }

  /** Every token file's bytes. */
  private String tokenFiles() throws Exception {
    StringBuilder all = new StringBuilder();
    try (var files = Files.walk(dir.resolve("tokens"))) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }

  private Result cli(String... args) {
    String[] withConfig = new String[args.length + 2];
    withConfig[0] = "--config";
    withConfig[1] = config.toString();
    System.arraycopy(args, 0, withConfig, 2, args.length);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ZohoOAuthCli.run(withConfig, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private static Result withStdin(String input, java.util.function.Supplier<Result> action) {
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    try {
      return action.get();
    } finally {
      System.setIn(original);
    }
  }

  private static final class Result {
    final int code;
    final String out;
    final String err;

    Result(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }

    @Override
    public String toString() {
      return "exit " + code + "\nout: " + out + "\nerr: " + err;
    }
  }
}
