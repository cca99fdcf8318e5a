package io.github.zohooauth.cli;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.cli.LegacyTokenSources.Found;
import io.github.zohooauth.config.Secrets;
import io.github.zohooauth.exception.UnknownUserException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Imports users from the stores of Zoho's official SDKs into the configured store. Users already "
        + "stored are kept unless --overwrite; users with no refresh token and no valid access token are skipped.")
final class ImportCommand implements Callable<Integer> {
  static final String PASSWORD_VARIABLE = "ZOHO_OAUTH_IMPORT_JDBC_PASSWORD";

  @ParentCommand
  private ZohoOAuthCli cli;
  @Spec
  private CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Source source;

  static final class Source {
    @Option(names = "--from-java-sdk-file", paramLabel = "FILE",
        description = "the old Java SDK's token file (oauth_tokens_file_path)")
    Path oldJavaSdkFile;

    @Option(names = "--from-sdk-tokens-csv", paramLabel = "FILE", description = "the new SDKs' sdk_tokens.txt")
    Path sdkTokensCsv;

    @Option(names = "--from-jdbc", paramLabel = "URL",
        description = "Zoho's SDK table (oauthtokens, or the current SDKs' oauthtoken with --table), e.g. "
            + "jdbc:mysql://localhost:3306/zohooauth")
    String jdbcUrl;
  }

  @Option(names = "--jdbc-user", defaultValue = "root", description = "with --from-jdbc (default: ${DEFAULT-VALUE})")
  private String jdbcUser;

  @Option(names = "--jdbc-password", paramLabel = "PASSWORD",
      description = "with --from-jdbc: the password, or - to read it from standard input (default: "
          + "$" + PASSWORD_VARIABLE + ", else empty). On the command line it shows in shell history and ps.")
  private String jdbcPassword;

  @Option(names = "--table", defaultValue = "oauthtokens", description = "with --from-jdbc (default: ${DEFAULT-VALUE})")
  private String table;

  @Option(names = "--overwrite", description = "replace users already in the configured store")
  private boolean overwrite;

  @Override
  public Integer call() throws Exception {
    List<Found> found = read();
    ZohoOAuthClient client = cli.client();
    cli.warnIfForgetful(spec.commandLine().getErr());
    List<String> imported = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Found user : found) {
      if (user.tokens == null) {
        skipped.add(user.user + " (" + user.skipReason + ")");
      } else if (!overwrite && isStored(client, user.user)) {
        skipped.add(user.user + " (already stored; --overwrite replaces it)");
      } else {
        client.importTokens(user.tokens);
        imported.add(user.user);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Imported " + imported.size() + (imported.size() == 1 ? " user" : " users")
        + (imported.isEmpty() ? "." : ": " + String.join(", ", imported) + "."));
    out.println("Skipped " + skipped.size() + (skipped.isEmpty() ? "." : ": " + String.join("; ", skipped) + "."));
    return ExitCodes.OK;
  }

  /** The users in the source, or a {@link CliException} that names the flag and the problem. */
  private List<Found> read() throws IOException {
    if (source.oldJavaSdkFile != null) {
      return LegacyTokenSources.oldJavaSdkFile(readable(source.oldJavaSdkFile, "--from-java-sdk-file"));
    }
    if (source.sdkTokensCsv != null) {
      return LegacyTokenSources.sdkTokensCsv(readable(source.sdkTokensCsv, "--from-sdk-tokens-csv"));
    }
    String url = Secrets.maskUrl(source.jdbcUrl);
    try {
      return LegacyTokenSources.zohoTable(source.jdbcUrl, jdbcUser, password(), table);
    } catch (SQLException e) {
      String problem = e.getSQLState() != null && e.getSQLState().startsWith("42")
          ? "there is no readable table '" + table + "' of Zoho's SDKs (" + Secrets.maskUrl(e.getMessage())
              + "). Name Zoho's table with --table: oauthtokens for their first SDKs, oauthtoken for the current ones."
          : "could not read from it as " + jdbcUser + ": " + Secrets.maskUrl(e.getMessage()) + ". Check that the "
              + "database runs and is reachable, --jdbc-user and --jdbc-password.";
      throw new CliException("--from-jdbc " + url + ": " + problem, ExitCodes.STORE, e);
    }
  }

  private static Path readable(Path file, String flag) {
    if (!Files.isRegularFile(file)) {
      throw new CliException(flag + " " + file + ": no such file.", ExitCodes.USAGE);
    }
    if (!Files.isReadable(file)) {
      throw new CliException(flag + " " + file + ": not readable by this user.", ExitCodes.USAGE);
    }
    return file;
  }

  private String password() throws IOException {
    if (jdbcPassword != null) {
      return Arguments.secret("--jdbc-password", jdbcPassword, System.in, spec.commandLine().getErr(), true);
    }
    String fromEnvironment = System.getenv(PASSWORD_VARIABLE);
    return fromEnvironment != null ? fromEnvironment : "";
  }

  private static boolean isStored(ZohoOAuthClient client, String user) {
    try {
      client.getTokens(user);
      return true;
    } catch (UnknownUserException e) {
      return false;
    }
  }
}
