package io.pipelinemedic.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * OpenAI Codex headless: {@code codex exec} with the prompt on stdin ({@code -}), writes confined
 * to the workspace, JSONL events on stdout: the summary is the last agent message, tokens the sum
 * of the {@code turn.completed} usages. Codex reports no cost and has no turn limit of its own, so
 * its runs are bounded by time.
 *
 * @param executable the {@code codex} binary
 * @param environment the model endpoint and key (e.g. {@code OPENAI_API_KEY})
 */
public record Codex(Path executable, Map<String, String> environment) implements CodingAgent {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "codex";
  }

  @Override
  public List<String> command(AgentLimits limits) {
    return List.of(
        executable.toString(),
        "exec",
        "--sandbox",
        "workspace-write",
        "--skip-git-repo-check",
        "--json",
        "-");
  }

  @Override
  public AgentResult read(String stdout, int exitCode) {
    String summary = null;
    String problem = null;
    long input = 0;
    long output = 0;
    int turns = 0;
    for (String line : stdout.split("\n")) {
      JsonNode event;
      try {
        event = line.startsWith("{") ? JSON.readTree(line) : null;
      } catch (IOException e) {
        event = null;
      }
      if (event == null) {
        continue;
      }
      switch (event.path("type").asText()) {
        case "item.completed" -> {
          JsonNode item = event.path("item");
          if ("agent_message".equals(item.path("type").asText())) {
            summary = item.path("text").asText();
          }
        }
        case "turn.completed" -> {
          turns++;
          input += event.at("/usage/input_tokens").asLong();
          output += event.at("/usage/output_tokens").asLong();
        }
        case "turn.failed" -> problem = "Codex failed: " + event.at("/error/message").asText();
        case "error" -> problem = "Codex failed: " + event.path("message").asText();
        default -> {
          // thread.started, turn.started, item.started, item.updated: nothing to read
        }
      }
    }
    if (problem == null && exitCode != 0) {
      problem = "Codex exited with " + exitCode;
    }
    return new AgentResult(problem, summary, 0, input, output, turns);
  }
}
