package io.pipelinemedic.runner.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A coding agent run headless in a sandbox: its command line (the prompt arrives on stdin), the
 * variables it needs beyond the sandbox's own, and how to read its account of the run.
 */
public interface CodingAgent {

  /** The agent's name in {@code fix.proposed}: {@code claude-code}, {@code codex}, a command's. */
  String name();

  /**
   * The command line, with the limits the agent itself can enforce.
   *
   * @param scratch the sandbox's folder outside the project the agent may also write to (dbt's
   *     target and logs, temporary files)
   */
  List<String> command(AgentLimits limits, Path scratch);

  /** Files of the host it reads besides its own runtime (an MCP config), shown read-only. */
  default List<Path> reads() {
    return List.of();
  }

  /** Variables the agent needs (its model endpoint and key); nothing else is passed through. */
  Map<String, String> environment();

  /**
   * Reads the run from the agent's standard output and exit code.
   *
   * @param stdout everything it printed, the transcript when it prints one
   * @param exitCode its exit code
   */
  AgentResult read(String stdout, int exitCode);
}
