/**
 * A local Zoho for tests: {@link io.github.zohooauth.testkit.FakeZohoAccountsServer} (accounts server and resource
 * APIs), failure injection, gates, a {@link io.github.zohooauth.testkit.FakeClock}, and other JVMs to play other
 * application instances.
 */
package io.github.zohooauth.testkit;
