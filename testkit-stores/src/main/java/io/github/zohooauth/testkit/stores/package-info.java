/**
 * For token store authors: the contract suite to extend, and drivers that share one store between several JVMs.
 */
package io.github.zohooauth.testkit.stores;
