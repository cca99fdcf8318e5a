/**
 * Encryption at rest: the refresh and access tokens sealed with AES-256-GCM before any store sees them, and opened
 * after it returns them. Not exported.
 */
package io.github.zohooauth.internal.crypto;
