package app.example;

import io.github.zohooauth.ZohoApiClient;
import io.github.zohooauth.ZohoOAuth;
import io.github.zohooauth.ZohoOAuthClient;
import io.github.zohooauth.testkit.FakeZohoAccountsServer;
import java.lang.module.ModuleDescriptor;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Signs a user in at the fake, through a file store found by the service loader, and calls the API. */
public final class Main {
  public static void main(String[] args) throws Exception {
    try (FakeZohoAccountsServer zoho = FakeZohoAccountsServer.start()) {
      Properties config = new Properties();
      config.setProperty("client_id", zoho.clientId());
      config.setProperty("client_secret", zoho.clientSecret());
      config.setProperty("redirect_uri", zoho.redirectUri());
      config.setProperty("accounts_url", zoho.accountsUrl());
      config.setProperty("persistence", "file");
      config.setProperty("token_persistence_path", args[0]);
      try (ZohoOAuthClient client = ZohoOAuth.initialize(config)) {
        String user = client.generateAccessToken(zoho.issueGrantCode("modular@example.com")).userIdentifier();
        ZohoApiClient api = client.apiClient();
        HttpResponse<String> answer = api.send(user, HttpRequest.newBuilder(api.uri(user, "/crm/v2/Leads")),
            HttpResponse.BodyHandlers.ofString());
        System.out.println("USER " + user);
        System.out.println("API " + answer.statusCode());
        System.out.println("STORE " + client);
      }
    }
    for (String module : new String[] {"io.github.zohooauth.core", "io.github.zohooauth.persistence.file",
        "io.github.zohooauth.testkit"}) {
      ModuleDescriptor descriptor = ModuleLayer.boot().findModule(module).orElseThrow().getDescriptor();
      System.out.println("EXPORTS " + module + " " + descriptor.exports().stream()
          .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new)));
    }
  }
}
