package io.pipelinemedic.publisher.standins;

import static io.pipelinemedic.publisher.standins.JsonAnswers.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Slack's Web API: {@code chat.postMessage} and {@code chat.update} with a bot
 * token, answering as Slack does (HTTP 200 with {@code ok:true, channel, ts, message}, or {@code
 * ok:false} with an error such as {@code channel_not_found}, {@code invalid_auth} or {@code
 * message_not_found}, {@code invalid_blocks} with its errors for blocks past Block Kit's limits;
 * 429 with {@code Retry-After} when rate limited). It can be taken down (503) or told to rate-limit
 * the next calls.
 */
public final class SlackWebApi implements AutoCloseable {

  private static final ObjectMapper JSON = JsonAnswers.JSON;

  /** A request Slack received: the method and its JSON body. */
  public record Call(String method, JsonNode body) {}

  /** Every request that reached it, in order, including refused ones. */
  public final List<Call> calls = new CopyOnWriteArrayList<>();

  /** Every message posted, with updates applied. */
  public final Map<String, ObjectNode> messages = new ConcurrentHashMap<>();

  private final String token;
  private final Map<String, String> channels;
  private final HttpServer server;
  private final AtomicInteger sequence = new AtomicInteger();
  private volatile boolean down;
  private final AtomicInteger rateLimited = new AtomicInteger();

  /**
   * @param token the bot token it accepts
   * @param channels channel ids by the names a caller may use
   */
  public SlackWebApi(String token, Map<String, String> channels) throws IOException {
    this.token = token;
    this.channels = channels;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/", this::handle);
    server.start();
  }

  /** The Web API base, for {@code medic.publisher.slack.endpoint}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
  }

  /** Answers 503 to everything while down. */
  public void down(boolean down) {
    this.down = down;
  }

  /** Answers the next {@code calls} with 429 and {@code Retry-After: 1}. */
  public void rateLimitNext(int calls) {
    rateLimited.set(calls);
  }

  /** The replies in the thread of {@code ts}, in order. */
  public List<ObjectNode> thread(String ts) {
    return messages.values().stream()
        .filter(m -> ts.equals(m.path("thread_ts").asText(null)))
        .sorted(Comparator.comparing(m -> m.path("ts").asText()))
        .toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestURI().getPath().substring("/api/".length());
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      calls.add(new Call(method, body));
      if (down) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        exchange.getResponseHeaders().add("Retry-After", "1");
        send(exchange, 429, JSON.createObjectNode().put("ok", false).put("error", "ratelimited"));
        return;
      }
      if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 200, error("invalid_auth"));
        return;
      }
      String channel = channels.get(body.path("channel").asText());
      if (channel == null && channels.containsValue(body.path("channel").asText())) {
        channel = body.path("channel").asText();
      }
      if (channel == null) {
        send(exchange, 200, error("channel_not_found"));
        return;
      }
      if (!body.hasNonNull("text") && !body.hasNonNull("blocks")) {
        send(exchange, 200, error("no_text"));
        return;
      }
      List<String> invalid = BlockKitLimits.errors(body.path("blocks"));
      if (!invalid.isEmpty()) {
        ObjectNode answer = error("invalid_blocks");
        invalid.forEach(answer.putArray("errors")::add);
        send(exchange, 200, answer);
        return;
      }
      switch (method) {
        case "chat.postMessage" -> {
          String ts = String.format("1763697600.%06d", sequence.incrementAndGet());
          ObjectNode message = JSON.createObjectNode().put("type", "message");
          message.put("ts", ts).put("channel", channel).put("text", body.path("text").asText());
          message.set("blocks", body.path("blocks"));
          if (body.hasNonNull("thread_ts")) {
            if (!messages.containsKey(body.path("thread_ts").asText())) {
              send(exchange, 200, error("thread_not_found"));
              return;
            }
            message.put("thread_ts", body.path("thread_ts").asText());
          }
          messages.put(ts, message);
          ObjectNode answer = JSON.createObjectNode().put("ok", true);
          answer.put("channel", channel).put("ts", ts).set("message", message);
          send(exchange, 200, answer);
        }
        case "chat.update" -> {
          ObjectNode message = messages.get(body.path("ts").asText());
          if (message == null || !channel.equals(message.path("channel").asText())) {
            send(exchange, 200, error("message_not_found"));
            return;
          }
          message.put("text", body.path("text").asText());
          message.set("blocks", body.path("blocks"));
          message.put("edited", true);
          ObjectNode answer = JSON.createObjectNode().put("ok", true);
          answer.put("channel", channel).put("ts", body.path("ts").asText());
          answer.put("text", body.path("text").asText());
          send(exchange, 200, answer);
        }
        default -> send(exchange, 200, error("unknown_method"));
      }
    }
  }

  /** Channels a test may use: names to ids. */
  public static Map<String, String> channels(String... namesAndIds) {
    Map<String, String> channels = new HashMap<>();
    for (int i = 0; i < namesAndIds.length; i += 2) {
      channels.put(namesAndIds[i], namesAndIds[i + 1]);
    }
    return channels;
  }

  private static ObjectNode error(String error) {
    return JSON.createObjectNode().put("ok", false).put("error", error);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
