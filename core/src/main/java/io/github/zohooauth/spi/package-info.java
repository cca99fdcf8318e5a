/**
 * The token store contract: {@link io.github.zohooauth.spi.TokenPersistenceHandler} (load, save, delete, and the
 * compare-and-set and refresh lease that make one refresh per user across instances),
 * {@link io.github.zohooauth.spi.TokenPersistenceProvider} for discovery by {@link java.util.ServiceLoader}, and the
 * in-memory store.
 */
package io.github.zohooauth.spi;
