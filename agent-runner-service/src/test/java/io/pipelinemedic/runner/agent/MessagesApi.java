package io.pipelinemedic.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Anthropic Messages API that drives a real Claude Code CLI through a
 * scripted session: {@code POST /v1/messages} answered as server-sent events ({@code
 * message_start}, {@code content_block_start/delta/stop} with {@code text_delta} or one {@code
 * input_json_delta}, {@code message_delta} with the stop reason and usage, {@code message_stop}).
 * Turns are told apart by the request, not by call count: the next turn is the one after the
 * highest scripted {@code tool_use} id the request answers with a {@code tool_result}. {@code
 * {cwd}} in a tool's input is replaced by the CLI's working directory, read from its system prompt.
 * A request without tools (the CLI's own side requests) gets a short text.
 */
public final class MessagesApi implements AutoCloseable {

  /**
   * One scripted answer.
   *
   * @param tool the tool to call, or {@code null} for a closing text
   * @param input the tool's input, or the text
   * @param holds whether to hold the request open until the server closes
   */
  public record Turn(String tool, Object input, boolean holds) {

    /** A {@code tool_use} of {@code tool} with {@code input}. */
    public static Turn tool(String tool, Map<String, Object> input) {
      return new Turn(tool, input, false);
    }

    /** A closing text ({@code stop_reason: end_turn}). */
    public static Turn text(String text) {
      return new Turn(null, text, false);
    }

    /** No answer at all: the request is held open. */
    public static Turn hang() {
      return new Turn(null, "", true);
    }
  }

  /** Input tokens each answer reports. */
  public static final int INPUT_TOKENS = 1_200;

  /** Output tokens each answer reports. */
  public static final int OUTPUT_TOKENS = 80;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TOOL_ID =
      Pattern.compile("\"tool_use_id\"\\s*:\\s*\"toolu_medic_(\\d+)\"");
  private static final Pattern CWD = Pattern.compile("Primary working directory: (\\S+)");

  private final List<Turn> script;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  public MessagesApi(List<Turn> script) throws IOException {
    this.script = List.copyOf(script);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/messages", this::messages);
    server.start();
  }

  /** What {@code ANTHROPIC_BASE_URL} is set to. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request body received, in order. */
  public List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  private void messages(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())
          || exchange.getRequestHeaders().getFirst("x-api-key") == null) {
        error(exchange, 401, "authentication_error", "x-api-key header is required");
        return;
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonNode request = JSON.readTree(body);
      requests.add(request);
      Turn turn;
      int index;
      if (!request.path("tools").isArray() || request.path("tools").isEmpty()) {
        index = -1;
        turn = Turn.text("ok");
      } else {
        index = next(body);
        turn = index < script.size() ? script.get(index) : Turn.text("Done.");
      }
      if (turn.holds()) {
        closed.await();
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      String model = request.path("model").asText("claude-sonnet-4-5");
      ServerSentEvents.write(out, "message_start", messageStart(model, index));
      ObjectNode block = JSON.createObjectNode();
      ObjectNode delta = JSON.createObjectNode();
      if (turn.tool() == null) {
        block.put("type", "text").put("text", "");
        delta.put("type", "text_delta").put("text", (String) turn.input());
      } else {
        block.put("type", "tool_use").put("id", "toolu_medic_" + index).put("name", turn.tool());
        block.putObject("input");
        String input = JSON.writeValueAsString(turn.input()).replace("{cwd}", cwd(body));
        delta.put("type", "input_json_delta").put("partial_json", input);
      }
      ServerSentEvents.write(out, "content_block_start", start(block));
      ServerSentEvents.write(
          out,
          "content_block_delta",
          JSON.createObjectNode()
              .put("type", "content_block_delta")
              .put("index", 0)
              .set("delta", delta));
      ServerSentEvents.write(
          out,
          "content_block_stop",
          JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
      ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
      messageDelta
          .putObject("delta")
          .put("stop_reason", turn.tool() == null ? "end_turn" : "tool_use")
          .putNull("stop_sequence");
      messageDelta.putObject("usage").put("output_tokens", OUTPUT_TOKENS);
      ServerSentEvents.write(out, "message_delta", messageDelta);
      ServerSentEvents.write(
          out, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The turn after the highest scripted tool use the request answers. */
  private static int next(String body) {
    int highest = -1;
    Matcher ids = TOOL_ID.matcher(body);
    while (ids.find()) {
      highest = Math.max(highest, Integer.parseInt(ids.group(1)));
    }
    return highest + 1;
  }

  private static String cwd(String body) {
    Matcher cwd = CWD.matcher(body.replace("\\n", "\n"));
    if (!cwd.find()) {
      throw new IllegalStateException("the request names no working directory");
    }
    return cwd.group(1);
  }

  private static ObjectNode messageStart(String model, int index) {
    ObjectNode message = JSON.createObjectNode();
    message
        .put("id", "msg_medic_" + (index < 0 ? "side" : index))
        .put("type", "message")
        .put("role", "assistant")
        .put("model", model);
    message.set("content", JSON.createArrayNode());
    message.putNull("stop_reason").putNull("stop_sequence");
    message.putObject("usage").put("input_tokens", INPUT_TOKENS).put("output_tokens", 1);
    return JSON.createObjectNode().put("type", "message_start").set("message", message);
  }

  private static ObjectNode start(ObjectNode block) {
    return JSON.createObjectNode()
        .put("type", "content_block_start")
        .put("index", 0)
        .set("content_block", block);
  }

  private static void error(HttpExchange exchange, int status, String type, String message)
      throws IOException {
    ObjectNode body = JSON.createObjectNode().put("type", "error");
    body.putObject("error").put("type", type).put("message", message);
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
