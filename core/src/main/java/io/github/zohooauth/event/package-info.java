/**
 * What the client does with tokens, as events: {@link io.github.zohooauth.event.TokenEventListener}, for metrics,
 * alerts and logs of an application's own.
 */
package io.github.zohooauth.event;
