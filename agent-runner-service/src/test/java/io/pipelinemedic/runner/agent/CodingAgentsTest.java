package io.pipelinemedic.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each backend's command line and how it reads a run: Claude Code from transcripts its real CLI
 * printed (a fix through {@link MessagesApi}, and a run stopped at its turn limit); Codex from the
 * JSONL its real CLI printed against a local Responses API (a command run and a closing message;
 * five reconnects on 401 then a failed turn); any command from its exit code and output.
 */
class CodingAgentsTest {

  private static final AgentLimits LIMITS = new AgentLimits(Duration.ofMinutes(5), 12, 2.5);

  private final ClaudeCode claude =
      new ClaudeCode(
          Path.of("/opt/claude"),
          Optional.of("claude-sonnet-4-5"),
          List.of("Read", "Edit", "Bash(dbt *)"),
          Optional.of(Path.of("/etc/medic/dbt-mcp.json")),
          Map.of("ANTHROPIC_API_KEY", "sk-1"));

  @Test
  void claudeCodeRunsHeadlessWithItsLimitsAndOnlyTheAllowedTools() {
    assertThat(claude.command(LIMITS, Path.of("/tmp/scratch")))
        .containsSubsequence("/opt/claude", "-p", "--output-format", "stream-json", "--verbose")
        .containsSubsequence("--permission-mode", "acceptEdits")
        .containsSubsequence("--allowedTools", "Read,Edit,Bash(dbt *)")
        .containsSubsequence("--max-turns", "12")
        .containsSubsequence("--max-budget-usd", "2.50")
        .containsSubsequence("--strict-mcp-config", "--mcp-config", "/etc/medic/dbt-mcp.json")
        .containsSubsequence("--model", "claude-sonnet-4-5")
        .contains("--no-session-persistence");
    assertThat(claude.environment())
        .containsEntry("ANTHROPIC_API_KEY", "sk-1")
        .containsEntry("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
        .containsEntry("DISABLE_AUTOUPDATER", "1");
  }

  @Test
  void claudeCodesResultLineGivesSummaryCostTokensAndTurns() throws IOException {
    AgentResult result = claude.read(resource("claude-code-fixed.jsonl"), 0);

    assertThat(result.problem()).isNull();
    assertThat(result.summary()).startsWith("dim_customers selected email");
    assertThat(result.usd()).isEqualTo(0.0192, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(result.inputTokens()).isEqualTo(4800);
    assertThat(result.outputTokens()).isEqualTo(320);
    assertThat(result.turns()).isEqualTo(4);
  }

  @Test
  void claudeCodeStoppedAtItsTurnLimitIsAProblemWithItsReason() throws IOException {
    AgentResult result = claude.read(resource("claude-code-max-turns.jsonl"), 1);

    assertThat(result.problem())
        .isEqualTo("Claude Code ended with error_max_turns: Reached maximum number of turns (10)");
    assertThat(result.turns()).isEqualTo(11);
    assertThat(result.inputTokens()).isEqualTo(10_000);
  }

  @Test
  void claudeCodeWithoutAResultLineSaysSo() {
    assertThat(claude.read("{\"type\":\"system\",\"subtype\":\"init\"}\nSegmentation fault\n", 139))
        .isEqualTo(AgentResult.failed("Claude Code exited with 139 and no result"));
  }

  @Test
  void codexReadsTheLastAgentMessageAndSumsTheTurnsUsage() throws IOException {
    Codex codex =
        new Codex(
            Path.of("/opt/codex"),
            Optional.of("gpt-5"),
            Map.of("model_provider", "\"medic\""),
            Map.of(),
            false);

    assertThat(codex.command(LIMITS, Path.of("/tmp/scratch")))
        .containsExactly(
            "/opt/codex",
            "exec",
            "--sandbox",
            "workspace-write",
            "--add-dir",
            "/tmp/scratch",
            "--skip-git-repo-check",
            "--ephemeral",
            "--json",
            "-c",
            "model_provider=\"medic\"",
            "-m",
            "gpt-5",
            "-");
    assertThat(
            new Codex(Path.of("/opt/codex"), Optional.empty(), Map.of(), Map.of(), true)
                .command(LIMITS, Path.of("/tmp/scratch")))
        .as("inside the runner's bubblewrap, that one is the sandbox")
        .startsWith(
            "/opt/codex", "exec", "--sandbox", "danger-full-access", "--skip-git-repo-check");
    AgentResult fixed = codex.read(resource("codex-exec.jsonl"), 0);
    assertThat(fixed.problem()).isNull();
    assertThat(fixed.summary()).isEqualTo("All done.");
    assertThat(fixed.inputTokens()).isEqualTo(2_000);
    assertThat(fixed.outputTokens()).isEqualTo(100);
    assertThat(fixed.turns()).isEqualTo(1);
    assertThat(fixed.usd()).isZero();
    assertThat(codex.read(resource("codex-failed.jsonl"), 1).problem())
        .isEqualTo(
            "Codex failed: unexpected status 401 Unauthorized: Incorrect API key provided: sk-x.,"
                + " url: http://127.0.0.1:18997/v1/responses");
  }

  @Test
  void anyCommandIsJudgedByItsExitCodeAndSummarisedByItsOutput() {
    CommandAgent command = new CommandAgent("aider", List.of("aider", "--yes"), Map.of());

    assertThat(command.command(LIMITS, Path.of("/tmp/scratch"))).containsExactly("aider", "--yes");
    assertThat(command.read("Edited dim_customers.sql\n", 0))
        .isEqualTo(new AgentResult(null, "Edited dim_customers.sql", 0, 0, 0, 0));
    assertThat(command.read("", 2).problem()).isEqualTo("aider exited with 2");
    assertThat(command.read("x".repeat(5_000), 0).summary()).hasSize(CommandAgent.SUMMARY_CHARS);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = CodingAgentsTest.class.getResourceAsStream("/agents/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
