/**
 * Configuration as token stores see it: {@link io.github.zohooauth.config.ConfigValues} (the properties, with
 * environment references resolved and errors that name the key), the key names, and
 * {@link io.github.zohooauth.config.Secrets} for masking credentials in what is logged.
 */
package io.github.zohooauth.config;
