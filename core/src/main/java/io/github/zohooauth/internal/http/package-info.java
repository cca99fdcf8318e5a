/**
 * HTTP to Zoho: the accounts server's endpoints and the strict reading of their answers, calls to the resource
 * APIs, bounds on time and size, proxies. Not exported.
 */
package io.github.zohooauth.internal.http;
