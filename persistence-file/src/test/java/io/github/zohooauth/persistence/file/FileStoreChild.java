package io.github.zohooauth.persistence.file;

import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.ZohoOAuthTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
      case "refresh": // refresh <folder> <accountsUrl> <clientId> <clientSecret> <user> <threads>
        refresh(store, args);
        break;
      default:
        throw new IllegalArgumentException(args[0]);
    }
  }

  private static void refresh(FileTokenPersistenceHandler store, String[] args) throws Exception {
    try (ZohoOAuthClient client = ZohoOAuthClient.builder().clientId(args[3]).clientSecret(args[4])
        .accountsUrl(args[2]).tokenStore(store).build()) {
      int threads = Integer.parseInt(args[6]);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      System.out.println("READY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine(); // GO
      List<Future<String>> tokens = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        tokens.add(pool.submit(() -> client.getAccessToken(args[5])));
      }
      for (Future<String> token : tokens) {
        System.out.println("TOKEN " + token.get());
      }
      pool.shutdown();
    }
  }

  private static ZohoOAuthTokens token(String user, String accessToken) {
    return ZohoOAuthTokens.builder().userIdentifier(user).accessToken(accessToken).refreshToken("1000.r." + user)
        .expiresAt(Instant.parse("2030-01-01T00:00:00Z")).build();
  }
}
