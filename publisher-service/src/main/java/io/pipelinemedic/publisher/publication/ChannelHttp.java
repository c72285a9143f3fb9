package io.pipelinemedic.publisher.publication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.service.retry.Retries;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * JSON over HTTP for a delivery channel, one attempt per call ({@link Deliveries} retries): a 2xx
 * answer is returned; 429 and 5xx (with {@code Retry-After} when given) and broken connections are
 * {@link Retries.Retryable}; any other answer is a refusal that quotes what came back.
 */
@Singleton
public final class ChannelHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** POSTs {@code body} and returns the answer's JSON. */
  public JsonNode post(URI uri, Map<String, String> headers, JsonNode body) throws IOException {
    return send(
        "POST", uri, headers, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
  }

  /** GETs {@code uri} and returns the answer's JSON. */
  public JsonNode get(URI uri, Map<String, String> headers) throws IOException {
    return send("GET", uri, headers, HttpRequest.BodyPublishers.noBody());
  }

  private JsonNode send(
      String method, URI uri, Map<String, String> headers, HttpRequest.BodyPublisher body)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json; charset=utf-8")
            .method(method, body);
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted during " + method + " " + uri);
    } catch (IOException e) {
      throw new Retries.Retryable(
          method + " " + uri + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), null);
    }
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body().strip();
    if (status / 100 == 2) {
      return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
    }
    String problem =
        method
            + " "
            + uri
            + " answered HTTP "
            + status
            + (text.isEmpty() ? "" : " " + excerpt(text));
    if (status == 429 || status >= 500) {
      Duration retryAfter =
          response
              .headers()
              .firstValue("Retry-After")
              .filter(value -> value.matches("\\d+"))
              .map(value -> Duration.ofSeconds(Long.parseLong(value)))
              .orElse(null);
      throw new Retries.Retryable(problem, retryAfter);
    }
    throw new IOException(problem);
  }

  private static String excerpt(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
