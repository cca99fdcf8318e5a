/** Provider {@code file}: tokens in files on local disk, crash-safe, safe across processes on one host. */
module io.github.zohooauth.persistence.file {
  requires transitive io.github.zohooauth.core;
  requires com.fasterxml.jackson.databind;

  exports io.github.zohooauth.persistence.file;

  provides io.github.zohooauth.spi.TokenPersistenceProvider
      with io.github.zohooauth.persistence.file.FilePersistenceProvider;
}
