package io.pipelinemedic.context.source;

import io.pipelinemedic.context.config.ContextConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * GET with retries: 429 (honouring {@code Retry-After}), 5xx, timeouts and broken connections are
 * retried with exponential backoff; 404 is an absent resource; any other answer, or the last failed
 * attempt, is an {@link IOException} that says what was asked and what came back. Blocking.
 */
@ApplicationScoped
public class RetryingHttp {

  private static final Logger LOG = Logger.getLogger(RetryingHttp.class);

  @Inject ContextConfig config;

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  /** The response body, or empty on 404. The caller closes the stream. */
  public Optional<InputStream> get(URI uri, Map<String, String> headers) throws IOException {
    ContextConfig.Http http = config.http();
    Duration backoff = http.initialBackoff();
    String lastProblem = null;
    for (int attempt = 1; attempt <= http.attempts(); attempt++) {
      if (attempt > 1) {
        LOG.warnf("GET %s: %s; attempt %d in %d ms", uri, lastProblem, attempt, backoff.toMillis());
        sleep(backoff);
        backoff = min(backoff.multipliedBy(2), http.maxBackoff());
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(http.timeout()).GET();
      headers.forEach(request::header);
      HttpResponse<InputStream> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted during GET " + uri);
      } catch (IOException e) {
        lastProblem =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        continue;
      }
      int status = response.statusCode();
      if (status == 200) {
        return Optional.of(response.body());
      }
      String body = excerpt(response.body());
      if (status == 404) {
        return Optional.empty();
      }
      lastProblem = "HTTP " + status + (body.isEmpty() ? "" : " " + body);
      if (status != 429 && status < 500) {
        throw new IOException("GET " + uri + " answered " + lastProblem);
      }
      if (status == 429) {
        backoff = retryAfter(response).map(after -> min(after, http.maxBackoff())).orElse(backoff);
      }
    }
    throw new IOException(
        "GET " + uri + " failed after " + http.attempts() + " attempts; last: " + lastProblem);
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
      String text = new String(body.readNBytes(300), java.nio.charset.StandardCharsets.UTF_8);
      return text.strip().replaceAll("\\s+", " ");
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration duration) throws InterruptedIOException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while backing off");
    }
  }
}
