/**
 * The exchanges with Zoho's accounts server that make or end a user's tokens: grants, refreshes, revokes. Not
 * exported.
 */
package io.github.zohooauth.internal.exchange;
