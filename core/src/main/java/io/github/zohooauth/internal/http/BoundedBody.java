package io.github.zohooauth.internal.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an answer's body whole, refusing one larger than a cap: Zoho's answers are a few hundred bytes, and a
 * client that buffers whatever comes can be made to run out of memory by a broken proxy or a hostile server.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  /** An answer over the cap; reported as Zoho's (a typed error), never retried. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long limit) {
      super("the answer is larger than " + limit + " bytes");
    }
  }

  private final long limit;
  private final long announced;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
  private Flow.Subscription subscription;

  private BoundedBody(long limit, long announced) {
    this.limit = limit;
    this.announced = announced;
  }

  /** A handler of UTF-8 text at most {@code limit} bytes long, checked against Content-Length before reading. */
  static HttpResponse.BodyHandler<String> handler(long limit) {
    return info -> HttpResponse.BodySubscribers.mapping(bytes(limit, info),
        bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  /** A body of at most {@code limit} bytes. */
  static HttpResponse.BodySubscriber<byte[]> bytes(long limit, HttpResponse.ResponseInfo info) {
    return new BoundedBody(limit, info.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (announced > limit) {
      subscription.cancel();
      body.completeExceptionally(new TooLargeException(limit));
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      if (bytes.size() + (long) buffer.remaining() > limit) {
        subscription.cancel();
        body.completeExceptionally(new TooLargeException(limit));
        return;
      }
      byte[] chunk = new byte[buffer.remaining()];
      buffer.get(chunk);
      bytes.write(chunk, 0, chunk.length);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(bytes.toByteArray());
  }
}
