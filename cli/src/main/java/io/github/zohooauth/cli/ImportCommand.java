package io.github.zohooauth.cli;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.exception.UnknownUserException;
import io.github.zohooauth.cli.LegacyTokenSources.Found;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Imports users from the stores of Zoho's official SDKs into the configured store. Users already "
        + "stored are kept unless --overwrite; users with no refresh token and no valid access token are skipped.")
final class ImportCommand implements Callable<Integer> {
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
        description = "Zoho's MySQL table, e.g. jdbc:mysql://localhost:3306/zohooauth")
    String jdbcUrl;
  }

  @Option(names = "--jdbc-user", defaultValue = "root", description = "with --from-jdbc (default: ${DEFAULT-VALUE})")
  private String jdbcUser;

  @Option(names = "--jdbc-password", defaultValue = "", description = "with --from-jdbc (default: empty)")
  private String jdbcPassword;

  @Option(names = "--table", defaultValue = "oauthtokens", description = "with --from-jdbc (default: ${DEFAULT-VALUE})")
  private String table;

  @Option(names = "--overwrite", description = "replace users already in the configured store")
  private boolean overwrite;

  @Override
  public Integer call() throws Exception {
    List<Found> found = source.oldJavaSdkFile != null ? LegacyTokenSources.oldJavaSdkFile(source.oldJavaSdkFile)
        : source.sdkTokensCsv != null ? LegacyTokenSources.sdkTokensCsv(source.sdkTokensCsv)
        : LegacyTokenSources.zohoTable(source.jdbcUrl, jdbcUser, jdbcPassword, table);
    ZohoOAuthClient client = cli.client();
    List<String> imported = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Found user : found) {
      if (user.tokens == null) {
        skipped.add(user.user + " (" + user.skipReason + ")");
      } else if (!overwrite && isStored(client, user.user)) {
        skipped.add(user.user + " (already stored; --overwrite replaces it)");
      } else {
        client.saveTokens(user.tokens);
        imported.add(user.user);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Imported " + imported.size() + (imported.size() == 1 ? " user" : " users")
        + (imported.isEmpty() ? "." : ": " + String.join(", ", imported) + "."));
    out.println("Skipped " + skipped.size() + (skipped.isEmpty() ? "." : ": " + String.join("; ", skipped) + "."));
    return ExitCodes.OK;
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
