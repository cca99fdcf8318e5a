/** Registers core's in-memory store as provider {@code memory}. Not exported. */
package io.github.zohooauth.persistence.memory;
