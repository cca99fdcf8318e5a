/**
 * Finding and reading {@code oauth_configuration.properties} and building a client from it, store discovery
 * included. Not exported.
 */
package io.github.zohooauth.internal.config;
