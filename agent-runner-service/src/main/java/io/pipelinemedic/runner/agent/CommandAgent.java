package io.pipelinemedic.runner.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Any command as the coding agent: it runs in the project with the prompt on stdin; its exit code
 * says whether it finished and the end of its output is the summary. It reports no usage.
 *
 * @param name the agent's name in {@code fix.proposed}
 * @param commandLine the command and its arguments
 * @param environment variables it needs
 */
public record CommandAgent(String name, List<String> commandLine, Map<String, String> environment)
    implements CodingAgent {

  /** The most of its output kept as the summary. */
  static final int SUMMARY_CHARS = 2_000;

  @Override
  public List<String> command(AgentLimits limits, Path scratch) {
    return commandLine;
  }

  @Override
  public AgentResult read(String stdout, int exitCode) {
    String text = stdout.strip();
    String summary =
        text.length() <= SUMMARY_CHARS ? text : text.substring(text.length() - SUMMARY_CHARS);
    return new AgentResult(
        exitCode == 0 ? null : name + " exited with " + exitCode,
        summary.isEmpty() ? null : summary,
        0,
        0,
        0,
        0);
  }
}
