package io.pipelinemedic.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Claude Code in print mode: {@code claude -p} with the prompt on stdin, edits accepted without
 * asking, only the allowed tools, its own turn and cost limits, no session kept, MCP servers only
 * from the given config; its stream-json transcript ends with the result line the run is read from.
 *
 * @param executable the {@code claude} binary
 * @param model the model to ask for, or empty for the CLI's default
 * @param allowedTools e.g. {@code Read, Edit, Write, Glob, Grep, Bash(dbt *)}
 * @param mcpConfig an MCP config file (e.g. the dbt MCP server), or empty
 * @param environment the model endpoint and key ({@code ANTHROPIC_BASE_URL}, {@code
 *     ANTHROPIC_API_KEY})
 */
public record ClaudeCode(
    Path executable,
    Optional<String> model,
    List<String> allowedTools,
    Optional<Path> mcpConfig,
    Map<String, String> environment)
    implements CodingAgent {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Keeps the CLI from updating itself or sending anything but the model requests. */
  private static final Map<String, String> QUIET =
      Map.of(
          "DISABLE_TELEMETRY", "1",
          "DISABLE_AUTOUPDATER", "1",
          "DISABLE_ERROR_REPORTING", "1",
          "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");

  @Override
  public String name() {
    return "claude-code";
  }

  @Override
  public List<String> command(AgentLimits limits, Path scratch) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of("-p", "--output-format", "stream-json", "--verbose"));
    command.addAll(List.of("--permission-mode", "acceptEdits"));
    command.addAll(List.of("--allowedTools", String.join(",", allowedTools)));
    command.addAll(List.of("--max-turns", String.valueOf(limits.turns())));
    command.addAll(List.of("--max-budget-usd", String.format(Locale.ROOT, "%.2f", limits.usd())));
    command.addAll(List.of("--no-session-persistence", "--strict-mcp-config"));
    mcpConfig.ifPresent(file -> command.addAll(List.of("--mcp-config", file.toString())));
    model.ifPresent(name -> command.addAll(List.of("--model", name)));
    return command;
  }

  @Override
  public List<Path> reads() {
    return mcpConfig.map(List::of).orElse(List.of());
  }

  @Override
  public Map<String, String> environment() {
    Map<String, String> variables = new LinkedHashMap<>(QUIET);
    variables.putAll(environment);
    return variables;
  }

  /** Reads the last {@code result} line of the transcript. */
  @Override
  public AgentResult read(String stdout, int exitCode) {
    JsonNode result = null;
    for (String line : stdout.split("\n")) {
      if (line.startsWith("{") && line.contains("\"result\"")) {
        try {
          JsonNode node = JSON.readTree(line);
          if ("result".equals(node.path("type").asText())) {
            result = node;
          }
        } catch (java.io.IOException e) {
          // a line of another shape: the transcript is kept whole, only the result is read
        }
      }
    }
    if (result == null) {
      return AgentResult.failed("Claude Code exited with " + exitCode + " and no result");
    }
    JsonNode usage = result.path("usage");
    String problem = null;
    if (result.path("is_error").asBoolean(exitCode != 0)) {
      List<String> errors = new ArrayList<>();
      result.path("errors").forEach(error -> errors.add(error.asText()));
      problem =
          "Claude Code ended with "
              + result.path("subtype").asText("an error")
              + (errors.isEmpty() ? "" : ": " + String.join("; ", errors));
    }
    return new AgentResult(
        problem,
        result.path("result").isTextual() ? result.path("result").asText() : null,
        result.path("total_cost_usd").asDouble(),
        usage.path("input_tokens").asLong()
            + usage.path("cache_creation_input_tokens").asLong()
            + usage.path("cache_read_input_tokens").asLong(),
        usage.path("output_tokens").asLong(),
        result.path("num_turns").asInt());
  }
}
