/**
 * The Redis token store: one hash per user, a user index, and a refresh lease per user, all of one user's keys on
 * one Cluster slot. {@link io.github.zohooauth.persistence.redis.RedisTokenPersistenceHandler} is its API.
 */
package io.github.zohooauth.persistence.redis;
