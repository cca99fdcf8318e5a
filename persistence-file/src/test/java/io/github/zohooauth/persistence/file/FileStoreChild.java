package io.github.zohooauth.persistence.file;

import io.github.zohooauth.ZohoOAuthTokens;
import java.nio.file.Paths;
import java.time.Instant;

/** The program the multi-process tests run in child JVMs. */
public final class FileStoreChild {
  private FileStoreChild() {}

  public static void main(String[] args) throws Exception {
    FileTokenPersistenceHandler store = new FileTokenPersistenceHandler(Paths.get(args[1]));
    switch (args[0]) {
      case "save": // save <folder> <prefix> <count>
        for (int i = 0; i < Integer.parseInt(args[3]); i++) {
          store.save(token(args[2] + "-" + i + "@example.com", "1000." + args[2] + "." + i));
        }
        System.out.println("DONE");
        break;
      case "saveLoop": // saveLoop <folder> <firstGeneration> <users>
        for (long generation = Long.parseLong(args[2]); ; generation++) {
          for (int user = 0; user < Integer.parseInt(args[3]); user++) {
            store.save(token("user" + user + "@example.com", "gen-" + generation));
            System.out.println("ACK " + user + " " + generation);
            System.out.flush();
          }
        }
      default:
        throw new IllegalArgumentException(args[0]);
    }
  }

  private static ZohoOAuthTokens token(String user, String accessToken) {
    return ZohoOAuthTokens.builder().userIdentifier(user).accessToken(accessToken).refreshToken("1000.r." + user)
        .expiresAt(Instant.parse("2030-01-01T00:00:00Z")).build();
  }
}
