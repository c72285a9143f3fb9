package io.pipelinemedic.dbt;

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
}
