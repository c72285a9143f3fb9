package io.pipelinemedic.dbt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a dbt invocation ended; success is judged by the exit code alone.
 *
 * @param command the full command line that ran (executable first)
 * @param exitCode dbt's exit code (0 ok, 1 a node failed, 2 dbt itself failed); -1 when killed
 * @param timedOut whether it was killed at the timeout
 * @param stdout what dbt printed on standard output
 * @param stderr what dbt printed on standard error
 * @param duration wall time
 */
public record DbtResult(
    List<String> command,
    int exitCode,
    boolean timedOut,
    String stdout,
    String stderr,
    Duration duration) {

  /** At most this much of what dbt said goes into {@link #lastError()}. */
  private static final int MAX_SAID = 500;

  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }

  /** The command, how it ended, and both streams, labelled: what a person needs when it fails. */
  public String describe() {
    String ending = timedOut ? "timed out and was killed" : "exited with " + exitCode;
    return String.join(" ", command)
        + "\n"
        + ending
        + " after "
        + duration.toMillis()
        + " ms\n--- stdout ---\n"
        + stdout
        + "\n--- stderr ---\n"
        + stderr;
  }

  /**
   * The first words of the command, how it ended, and what dbt said after its last {@code
   * Encountered an error:} (else its last line), without log timestamps: one line for a person.
   */
  public String lastError() {
    List<String> lines =
        stdout
            .lines()
            .map(line -> line.replaceFirst("^\\S*\\d{2}:\\d{2}:\\d{2}\\s+", "").strip())
            .filter(line -> !line.isEmpty())
            .toList();
    int error = lines.lastIndexOf("Encountered an error:");
    String said =
        error >= 0
            ? String.join(" ", lines.subList(error + 1, lines.size()))
            : lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    String ending = timedOut ? "timed out" : "exited with " + exitCode;
    String program =
        command.isEmpty()
            ? "dbt"
            : Path.of(command.get(0)).getFileName()
                + (command.size() > 1 ? " " + command.get(1) : "");
    return program
        + " "
        + ending
        + (said.isEmpty() ? "" : ": " + said.substring(0, Math.min(said.length(), MAX_SAID)));
  }
}
