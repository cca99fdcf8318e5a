/** The client's token events as Micrometer meters: {@link io.github.zohooauth.micrometer.ZohoOAuthMetrics}. */
module io.github.zohooauth.micrometer {
  requires transitive io.github.zohooauth.core;
  requires transitive micrometer.core;

  exports io.github.zohooauth.micrometer;
}
