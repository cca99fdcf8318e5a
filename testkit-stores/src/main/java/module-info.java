/**
 * For authors of token stores: {@link io.github.zohooauth.testkit.stores.TokenStoreContract}, the JUnit 5 suite
 * every store extends, and drivers that run several application instances (JVMs) on one shared store.
 */
module io.github.zohooauth.testkit.stores {
  requires transitive io.github.zohooauth.core;
  requires transitive io.github.zohooauth.testkit;
  requires transitive org.junit.jupiter.api;
  requires java.management;

  exports io.github.zohooauth.testkit.stores;
  // JUnit runs the suite's test methods reflectively in the extending class.
  opens io.github.zohooauth.testkit.stores to org.junit.platform.commons;
}
