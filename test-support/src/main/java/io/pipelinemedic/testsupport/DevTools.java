package io.pipelinemedic.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal client of Chromium's DevTools protocol over its WebSocket: a page opened in a new
 * target, and expressions evaluated in it; what {@link HeadlessChromium#dataset} needs.
 */
final class DevTools implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private WebSocket socket;

  private DevTools() {}

  /** Connects to the browser {@code process} started with {@code --remote-debugging-port=0}. */
  static DevTools connect(Process process, Duration timeout) throws IOException {
    BufferedReader log =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    String endpoint = null;
    for (String line = log.readLine(); line != null; line = log.readLine()) {
      if (line.startsWith("DevTools listening on ")) {
        endpoint = line.substring("DevTools listening on ".length()).strip();
        break;
      }
    }
    if (endpoint == null) {
      throw new IOException("chromium did not say where its DevTools listen");
    }
    Thread drain = new Thread(() -> drain(log), "chromium-log"); // its log must not fill the pipe
    drain.setDaemon(true);
    drain.start();
    DevTools devTools = new DevTools();
    devTools.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(timeout)
            .buildAsync(URI.create(endpoint), devTools.listener())
            .join();
    return devTools;
  }

  /** The page's {@code <html>} data attributes once it has {@code data-<waitFor>}. */
  Map<String, String> dataset(String url, String waitFor, Duration timeout) throws IOException {
    String target =
        call(null, "Target.createTarget", JSON.createObjectNode().put("url", url))
            .path("targetId")
            .asText();
    String session =
        call(
                null,
                "Target.attachToTarget",
                JSON.createObjectNode().put("targetId", target).put("flatten", true))
            .path("sessionId")
            .asText();
    String expression =
        "document.documentElement && document.documentElement.dataset."
            + waitFor
            + " ? JSON.stringify(document.documentElement.dataset) : null";
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      JsonNode value =
          call(
                  session,
                  "Runtime.evaluate",
                  JSON.createObjectNode().put("expression", expression).put("returnByValue", true))
              .at("/result/value");
      if (value.isTextual()) {
        Map<String, String> dataset = new LinkedHashMap<>();
        JSON.readTree(value.asText())
            .fields()
            .forEachRemaining(f -> dataset.put(f.getKey(), f.getValue().asText()));
        return dataset;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    throw new IOException(HeadlessChromium.redacted(url) + " never had data-" + waitFor);
  }

  private JsonNode call(String session, String method, ObjectNode params) throws IOException {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    answers.put(id, answer);
    socket.sendText(message.toString(), true).join();
    try {
      JsonNode reply = answer.get(30, TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IOException(method + ": " + reply.path("error"));
      }
      return reply.path("result");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException(method + " was not answered", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private WebSocket.Listener listener() {
    StringBuilder text = new StringBuilder();
    return new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          try {
            JsonNode message = JSON.readTree(text.toString());
            CompletableFuture<JsonNode> waiting = answers.remove(message.path("id").asInt(-1));
            if (waiting != null) {
              waiting.complete(message);
            }
          } catch (IOException ignored) {
            // not an answer
          }
          text.setLength(0);
        }
        webSocket.request(1);
        return null;
      }
    };
  }

  private static void drain(BufferedReader log) {
    try {
      while (log.readLine() != null) {
        // discarded
      }
    } catch (IOException ignored) {
      // the browser is gone
    }
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
  }
}
