package io.pipelinemedic.publisher.standins;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The limits Slack's Block Kit reference documents for the blocks Pipeline Medic sends, which Slack
 * enforces with {@code invalid_blocks}: at most 50 blocks; a section's text a {@code mrkdwn} or
 * {@code plain_text} object of at most 3,000 characters; an actions block of at most 25 elements; a
 * context block of at most 10; a button's text {@code plain_text} of at most 75 characters, its
 * {@code url} at most 3,000, its {@code action_id} at most 255 and unique in the message.
 */
public final class BlockKitLimits {

  private BlockKitLimits() {}

  /** What is wrong with {@code blocks} (missing or null: nothing). */
  public static List<String> errors(JsonNode blocks) {
    List<String> errors = new ArrayList<>();
    if (blocks.isMissingNode() || blocks.isNull()) {
      return errors;
    }
    if (!blocks.isArray() || blocks.size() > 50) {
      errors.add("must be an array of at most 50 blocks");
      return errors;
    }
    Set<String> actionIds = new HashSet<>();
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode block = blocks.get(i);
      String at = "[json-pointer:/blocks/" + i;
      switch (block.path("type").asText()) {
        case "section" ->
            text(block.path("text"), 3000, Set.of("mrkdwn", "plain_text"), at + "/text]", errors);
        case "context" -> {
          if (!block.path("elements").isArray() || block.path("elements").size() > 10) {
            errors.add("must have at most 10 elements " + at + "/elements]");
          }
        }
        case "actions" -> {
          JsonNode elements = block.path("elements");
          if (!elements.isArray() || elements.isEmpty() || elements.size() > 25) {
            errors.add("must have 1 to 25 elements " + at + "/elements]");
            continue;
          }
          for (int e = 0; e < elements.size(); e++) {
            JsonNode element = elements.get(e);
            String where = at + "/elements/" + e;
            if (!"button".equals(element.path("type").asText())) {
              continue;
            }
            text(element.path("text"), 75, Set.of("plain_text"), where + "/text]", errors);
            if (element.has("url") && element.path("url").asText().length() > 3000) {
              errors.add("must be less than 3001 characters " + where + "/url]");
            }
            String actionId = element.path("action_id").asText(null);
            if (actionId != null && (actionId.length() > 255 || !actionIds.add(actionId))) {
              errors.add("duplicate or too long action_id " + where + "/action_id]");
            }
          }
        }
        default -> errors.add("unsupported type " + at + "/type]");
      }
    }
    return errors;
  }

  private static void text(
      JsonNode text, int max, Set<String> types, String at, List<String> errors) {
    if (!types.contains(text.path("type").asText())) {
      errors.add("must be one of " + types + " " + at);
    } else if (text.path("text").asText().isEmpty() || text.path("text").asText().length() > max) {
      errors.add("must be 1 to " + max + " characters " + at);
    }
  }
}
