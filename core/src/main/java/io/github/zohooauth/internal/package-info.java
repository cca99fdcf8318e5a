/** Implementation shared by the internal packages. Not exported: no compatibility is promised. */
package io.github.zohooauth.internal;
