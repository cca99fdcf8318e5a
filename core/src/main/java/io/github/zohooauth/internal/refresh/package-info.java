/**
 * The refresh engine: a cache kept coherent with the store, FRESH/STALE/EXPIRED, single flight on a bounded pool,
 * leases across instances, and the guard against refusal loops. Not exported.
 */
package io.github.zohooauth.internal.refresh;
