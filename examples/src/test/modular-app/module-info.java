/** A small application on the module path: core, a store and the testkit, with no --add-modules or --add-opens. */
module app.example {
  requires io.github.zohooauth.core;
  requires io.github.zohooauth.persistence.file;
  requires io.github.zohooauth.testkit;
}
