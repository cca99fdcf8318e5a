package io.github.zohooauth.testkit;

import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a fresh {@link FakeZohoAccountsServer} before each test and stops it after, handing it to test methods
 * and constructors that declare a parameter of that type.
 *
 * <pre>{@code
 * @ExtendWith(FakeZohoAccountsServerExtension.class)
 * class MyTest {
 *   @Test void refreshes(FakeZohoAccountsServer zoho) { ... }
 * }
 * }</pre>
 *
 * <p>Register it with {@code @RegisterExtension} and {@link #configuredWith(Consumer)} to change the fake's
 * settings, for example a controllable clock.
 */
// JUnit is an optional dependency of the testkit (requires static): only this class exposes its types.
@SuppressWarnings("exports")
public final class FakeZohoAccountsServerExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeZohoAccountsServerExtension.class);

  private final Consumer<FakeZohoAccountsServer.Builder> settings;

  public FakeZohoAccountsServerExtension() {
    this(builder -> {});
  }

  private FakeZohoAccountsServerExtension(Consumer<FakeZohoAccountsServer.Builder> settings) {
    this.settings = settings;
  }

  /** An extension whose servers start with the settings {@code settings} applies. */
  public static FakeZohoAccountsServerExtension configuredWith(Consumer<FakeZohoAccountsServer.Builder> settings) {
    return new FakeZohoAccountsServerExtension(settings);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    FakeZohoAccountsServer server = context.getStore(NAMESPACE).remove("server", FakeZohoAccountsServer.class);
    if (server != null) {
      server.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FakeZohoAccountsServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  private FakeZohoAccountsServer server(ExtensionContext context) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent("server", key -> {
      FakeZohoAccountsServer.Builder builder = FakeZohoAccountsServer.builder();
      settings.accept(builder);
      return builder.start();
    }, FakeZohoAccountsServer.class);
  }
}
