/**
 * Every error the library throws: {@link io.github.zohooauth.exception.ZohoOAuthException} and one subclass per
 * cause, each with a message that names the user, the cause and the fix, and never a secret.
 */
package io.github.zohooauth.exception;
