package io.pipelinemedic.service.http;

import io.pipelinemedic.service.retry.Retries;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * HTTP calls to a software-as-a-service API with retries ({@link Retries}) and a request-rate cap:
 * 429 and 529 (honouring {@code Retry-After}), other 5xx, timeouts and broken connections are
 * retried with exponential backoff; 404 is an absent resource; a redirect is followed only within
 * the same origin (a token in a header never travels to another host); any other answer, or the
 * last failed attempt, is an {@link IOException} that says what was asked and what came back.
 * Blocking.
 */
public final class RetryingHttp {

  /**
   * How calls are retried and paced.
   *
   * @param attempts attempts per request, the first included
   * @param initialBackoff backoff before the second attempt; doubles after each retry
   * @param maxBackoff ceiling of the backoff
   * @param maxRetryAfter the longest {@code Retry-After} honoured (exactly, never shortened); a
   *     longer one ends the request with that cause
   * @param timeout time limit of one attempt, until the response headers arrive
   * @param bodyTimeout time limit of reading a response's body, from its headers: past it the body
   *     is cut and its reader told so (a server that trickles or stalls ends there)
   * @param requestsPerSecond most requests started per second, retries included; 0 for no cap
   */
  public record Policy(
      int attempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration maxRetryAfter,
      Duration timeout,
      Duration bodyTimeout,
      double requestsPerSecond) {}

  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final int MAX_REDIRECTS = 5;

  private final Policy policy;
  private final Retries.Policy retries;
  private final long intervalNanos;
  private long nextStartNanos = System.nanoTime();

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public RetryingHttp(Policy policy) {
    this.policy = policy;
    this.retries =
        new Retries.Policy(
            policy.attempts(),
            policy.initialBackoff(),
            policy.maxBackoff(),
            policy.maxRetryAfter());
    this.intervalNanos =
        policy.requestsPerSecond() > 0 ? (long) (1_000_000_000L / policy.requestsPerSecond()) : 0;
  }

  /** The response body of a GET, or empty on 404. The caller closes the stream. */
  public Optional<InputStream> get(URI uri, Map<String, String> headers) throws IOException {
    return send("GET", uri, headers, HttpRequest.BodyPublishers.noBody());
  }

  /** The response body of a POST of a JSON document, or empty on 404. */
  public Optional<InputStream> postJson(URI uri, Map<String, String> headers, String json)
      throws IOException {
    return send(
        "POST",
        uri,
        headers,
        HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8),
        "Content-Type",
        "application/json");
  }

  private Optional<InputStream> send(
      String method,
      URI uri,
      Map<String, String> headers,
      HttpRequest.BodyPublisher body,
      String... extraHeaders)
      throws IOException {
    try {
      return Retries.call(
          retries,
          method + " " + uri,
          () -> attempt(method, uri, headers, body, MAX_REDIRECTS, extraHeaders));
    } catch (Retries.Retryable e) {
      throw new IOException(
          method
              + " "
              + uri
              + " failed after "
              + policy.attempts()
              + " attempts; last: "
              + e.getMessage(),
          e);
    }
  }

  private Optional<InputStream> attempt(
      String method,
      URI uri,
      Map<String, String> headers,
      HttpRequest.BodyPublisher body,
      int redirects,
      String... extraHeaders)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(policy.timeout()).method(method, body);
    headers.forEach(request::header);
    if (extraHeaders.length > 0) {
      request.headers(extraHeaders);
    }
    awaitRateSlot();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted during " + method + " " + uri);
    } catch (IOException e) {
      throw new Retries.Retryable(
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          null);
    }
    int status = response.statusCode();
    if (status == 200) {
      return Optional.of(
          new DeadlineInputStream(response.body(), method + " " + uri, policy.bodyTimeout()));
    }
    Optional<String> location = response.headers().firstValue("Location");
    if (REDIRECTS.contains(status) && location.isPresent() && method.equals("GET")) {
      response.body().close();
      URI target = uri.resolve(location.get());
      if (!sameOrigin(uri, target) || redirects == 0) {
        throw new IOException(
            method
                + " "
                + uri
                + " was redirected to "
                + target.getScheme()
                + "://"
                + target.getAuthority()
                + ": not followed (only redirects within the same origin are, so no header of this"
                + " request reaches another host)");
      }
      return attempt(method, target, headers, body, redirects - 1, extraHeaders);
    }
    String excerpt = excerpt(response.body());
    if (status == 404) {
      return Optional.empty();
    }
    String problem = "HTTP " + status + (excerpt.isEmpty() ? "" : " " + excerpt);
    if (status != 429 && status < 500) {
      throw new IOException(method + " " + uri + " answered " + problem);
    }
    throw new Retries.Retryable(
        problem, status == 429 || status == 529 ? retryAfter(response).orElse(null) : null);
  }

  private static boolean sameOrigin(URI from, URI to) {
    return from.getScheme().equalsIgnoreCase(String.valueOf(to.getScheme()))
        && from.getHost().equalsIgnoreCase(String.valueOf(to.getHost()))
        && from.getPort() == to.getPort()
        && UserInfo.of(to).isEmpty();
  }

  /** Blocks until this client may start another request without exceeding the rate cap. */
  private void awaitRateSlot() throws InterruptedIOException {
    if (intervalNanos == 0) {
      return;
    }
    long start;
    synchronized (this) {
      start = Math.max(System.nanoTime(), nextStartNanos);
      nextStartNanos = start + intervalNanos;
    }
    long wait = start - System.nanoTime();
    if (wait > 0) {
      Retries.sleep(Duration.ofNanos(wait));
    }
  }

  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            value -> {
              try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  private static String excerpt(InputStream body) throws IOException {
    try (body) {
      String text = new String(body.readNBytes(300), StandardCharsets.UTF_8);
      return text.strip().replaceAll("\\s+", " ");
    }
  }
}
