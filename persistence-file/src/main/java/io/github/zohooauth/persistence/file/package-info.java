/**
 * The file token store: one file per user, written atomically, locked across processes on one host.
 * {@link io.github.zohooauth.persistence.file.FileTokenPersistenceHandler} is its API.
 */
package io.github.zohooauth.persistence.file;
