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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the OpenAI Responses API that drives a real Codex CLI through a scripted
 * session: {@code POST /v1/responses} answered as server-sent events ({@code response.created},
 * {@code response.output_item.added} and {@code .done} with a {@code function_call} of {@code
 * exec_command} or an assistant {@code message}, {@code response.completed} with usage). The next
 * turn is the one after the highest scripted {@code call_id} the request answers with a {@code
 * function_call_output}.
 */
public final class ResponsesApi implements AutoCloseable {

  /** Input tokens each answer reports. */
  public static final int INPUT_TOKENS = 1_500;

  /** Output tokens each answer reports. */
  public static final int OUTPUT_TOKENS = 60;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CALL_ID =
      Pattern.compile("\"call_id\"\\s*:\\s*\"call_medic_(\\d+)\"");

  private final List<String> script;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

  /**
   * @param script per turn, a shell command for {@code exec_command}, or the closing text when it
   *     starts with {@code "text:"}
   */
  public ResponsesApi(List<String> script) throws IOException {
    this.script = List.copyOf(script);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/responses", this::responses);
    server.start();
  }

  /** The provider's {@code base_url}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Every request body received, in order. */
  public List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  private void responses(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (!"POST".equals(exchange.getRequestMethod())
          || authorization == null
          || !authorization.startsWith("Bearer ")) {
        byte[] body =
            "{\"error\":{\"message\":\"Missing bearer authentication\",\"type\":\"invalid_request_error\"}}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(401, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(JSON.readTree(body));
      int turn = next(body);
      String step = turn < script.size() ? script.get(turn) : "text:Done.";
      ObjectNode item = JSON.createObjectNode();
      if (step.startsWith("text:")) {
        item.put("type", "message").put("id", "msg_medic_" + turn).put("role", "assistant");
        item.put("status", "completed");
        ObjectNode text = item.putArray("content").addObject();
        text.put("type", "output_text").put("text", step.substring("text:".length()));
        text.putArray("annotations");
      } else {
        item.put("type", "function_call").put("id", "fc_medic_" + turn);
        item.put("call_id", "call_medic_" + turn).put("name", "exec_command");
        item.put("arguments", JSON.writeValueAsString(Map.of("cmd", step)));
      }
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      String id = "resp_medic_" + turn;
      ObjectNode created = JSON.createObjectNode().put("type", "response.created");
      created
          .putObject("response")
          .put("id", id)
          .put("object", "response")
          .put("status", "in_progress");
      ServerSentEvents.write(out, "response.created", created);
      for (String kind : List.of("response.output_item.added", "response.output_item.done")) {
        ObjectNode output = JSON.createObjectNode().put("type", kind).put("output_index", 0);
        output.set("item", item);
        ServerSentEvents.write(out, kind, output);
      }
      ObjectNode completed = JSON.createObjectNode().put("type", "response.completed");
      ObjectNode response = completed.putObject("response").put("id", id).put("object", "response");
      response.put("status", "completed");
      response.putArray("output").add(item);
      ObjectNode usage = response.putObject("usage");
      usage.put("input_tokens", INPUT_TOKENS).put("output_tokens", OUTPUT_TOKENS);
      usage.put("total_tokens", INPUT_TOKENS + OUTPUT_TOKENS);
      usage.putObject("input_tokens_details").put("cached_tokens", 0);
      usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
      ServerSentEvents.write(out, "response.completed", completed);
    }
  }

  private static int next(String body) {
    int highest = -1;
    Matcher ids = CALL_ID.matcher(body);
    while (ids.find()) {
      highest = Math.max(highest, Integer.parseInt(ids.group(1)));
    }
    return highest + 1;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
