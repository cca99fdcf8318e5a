/** Micrometer meters for zoho-oauth-java; see {@link io.github.zohooauth.micrometer.ZohoOAuthMetrics}. */
package io.github.zohooauth.micrometer;
