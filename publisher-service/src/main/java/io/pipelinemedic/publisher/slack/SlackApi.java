package io.pipelinemedic.publisher.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelinemedic.publisher.publication.ChannelHttp;
import io.pipelinemedic.service.retry.Retries;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Slack's Web API as the publisher uses it: {@code chat.postMessage} (optionally in a thread) and
 * {@code chat.update}, with a bot token. Slack answers errors as HTTP 200 with {@code ok:false}:
 * the transient ones are retryable, the rest (a missing channel, a revoked token) are refusals.
 *
 * @param http the client
 * @param endpoint the Web API base, e.g. {@code https://slack.com/api}
 * @param token the bot token
 */
public record SlackApi(ChannelHttp http, String endpoint, String token) {

  /** Errors Slack documents as worth retrying. */
  private static final Set<String> TRANSIENT =
      Set.of(
          "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");

  /**
   * A posted message.
   *
   * @param channel the channel's id
   * @param ts the message's ts, parent of its thread
   */
  public record Posted(String channel, String ts) {}

  /** Posts a message, in {@code threadTs}'s thread when given. */
  public Posted post(String channel, String text, ArrayNode blocks, String threadTs)
      throws IOException {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("channel", channel);
    body.put("text", text).put("unfurl_links", false);
    if (blocks != null) {
      body.set("blocks", blocks);
    }
    if (threadTs != null) {
      body.put("thread_ts", threadTs);
    }
    JsonNode answer = call("chat.postMessage", body);
    return new Posted(answer.path("channel").asText(channel), answer.path("ts").asText());
  }

  /** Replaces a message's text and blocks. */
  public void update(String channel, String ts, String text, ArrayNode blocks) throws IOException {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("channel", channel).put("ts", ts);
    body.put("text", text);
    if (blocks != null) {
      body.set("blocks", blocks);
    }
    call("chat.update", body);
  }

  private JsonNode call(String method, ObjectNode body) throws IOException {
    JsonNode answer =
        http.post(
            URI.create(endpoint + "/" + method), Map.of("Authorization", "Bearer " + token), body);
    if (!answer.path("ok").asBoolean(false)) {
      String error = answer.path("error").asText("no ok in the answer");
      String problem = "Slack " + method + " answered ok:false, error " + error;
      throw TRANSIENT.contains(error)
          ? new Retries.Retryable(problem, null)
          : new IOException(problem);
    }
    return answer;
  }
}
