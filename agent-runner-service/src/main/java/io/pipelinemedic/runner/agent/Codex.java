package io.pipelinemedic.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * OpenAI Codex headless: {@code codex exec} with the prompt on stdin ({@code -}), writes confined
 * to the workspace and the sandbox's scratch folder by its own sandbox, or, inside the runner's
 * bubblewrap (which drops the capabilities Codex's own bubblewrap would need), by that one alone;
 * no session kept, JSONL events on stdout: the summary is the last agent message, tokens the sum of
 * the {@code turn.completed} usages; an {@code error} event is only a reconnect unless no turn
 * completes. Codex reports no cost and has no turn limit of its own, so its runs are bounded by
 * time.
 *
 * @param executable the {@code codex} binary
 * @param model the model to ask for, or empty for the CLI's default
 * @param config {@code -c key=value} settings, e.g. a model provider ({@code model_provider},
 *     {@code model_providers.<name>}), since the agent's home has no config file
 * @param environment the model key (e.g. {@code OPENAI_API_KEY})
 * @param confined whether the runner's bubblewrap shuts it in, so that its own sandbox is off
 */
public record Codex(
    Path executable,
    Optional<String> model,
    Map<String, String> config,
    Map<String, String> environment,
    boolean confined)
    implements CodingAgent {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "codex";
  }

  @Override
  public List<String> command(AgentLimits limits, Path scratch) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(
        confined
            ? List.of("exec", "--sandbox", "danger-full-access")
            : List.of("exec", "--sandbox", "workspace-write", "--add-dir", scratch.toString()));
    command.addAll(List.of("--skip-git-repo-check", "--ephemeral", "--json"));
    new TreeMap<>(config).forEach((key, value) -> command.addAll(List.of("-c", key + "=" + value)));
    model.ifPresent(name -> command.addAll(List.of("-m", name)));
    command.add("-");
    return command;
  }

  @Override
  public AgentResult read(String stdout, int exitCode) {
    String summary = null;
    String failed = null;
    String lastError = null;
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
        case "turn.failed" -> failed = event.at("/error/message").asText();
        case "error" -> lastError = event.path("message").asText();
        default -> {
          // thread.started, turn.started, item.started, item.updated: nothing to read
        }
      }
    }
    String problem = null;
    if (failed != null) {
      problem = "Codex failed: " + failed;
    } else if (exitCode != 0) {
      problem = "Codex exited with " + exitCode + (lastError == null ? "" : ": " + lastError);
    } else if (turns == 0) {
      problem = "Codex completed no turn" + (lastError == null ? "" : ": " + lastError);
    }
    return new AgentResult(problem, summary, 0, input, output, turns);
  }
}
