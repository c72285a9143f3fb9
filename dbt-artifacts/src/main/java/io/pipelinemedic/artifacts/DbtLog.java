package io.pipelinemedic.artifacts;

import io.pipelinemedic.schemas.model.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The errors in a dbt log, for a run that stopped before it wrote {@code run_results.json} (the
 * warehouse locked, a profile error, the process out of memory): the run's own error after {@code
 * Encountered an error:}, and each node's {@code … Error in model NAME (path)} block. Reads dbt's
 * console output and its {@code logs/dbt.log} alike (colour codes and time stamps are dropped); the
 * text is untrusted and only ever quoted.
 */
public final class DbtLog {

  /**
   * One error the log reports.
   *
   * @param resourceType {@code invocation} for the run's own error, else the node's type
   * @param name the node's name; {@code null} for the run's own error
   * @param path the node's file, as the log names it
   * @param message the error's lines
   */
  public record Error(String resourceType, String name, String path, String message) {}

  private static final int MAX_ERRORS = 20;
  private static final int MAX_MESSAGE = 4 * 1024;
  private static final long MAX_TAIL = 16L * 1024 * 1024;
  private static final int MAX_LINE = 16 * 1024;
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
  private static final Pattern STAMP =
      Pattern.compile("^\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?\\s+(?:\\[\\w+\\s*]\\s+\\[[^\\]]*]:\\s?)?");
  private static final Pattern NODE_ERROR =
      Pattern.compile(
          "^\\s*(?:\\w+ )?Error in (model|snapshot|seed|test|unit_test|sql_operation) (\\S+)"
              + " \\(([^)]*)\\)\\s*$");

  private DbtLog() {}

  /** The errors of the log at {@code file}, the run's own first, each once. */
  public static List<Error> errors(Path file) throws IOException {
    List<Line> lines = new ArrayList<>();
    for (String raw : lastInvocation(tail(file))) {
      String text = ANSI.matcher(raw).replaceAll("");
      Matcher stamp = STAMP.matcher(text);
      boolean stamped = stamp.find();
      lines.add(new Line(stamped ? text.substring(stamp.end()) : text, stamped));
    }
    Set<Error> errors = new LinkedHashSet<>();
    for (int i = 0; i < lines.size() && errors.size() < MAX_ERRORS; i++) {
      String text = lines.get(i).text().strip();
      if (text.equals("Encountered an error:")) {
        errors.add(new Error("invocation", null, null, block(lines, i + 1, false)));
      }
    }
    for (int i = 0; i < lines.size() && errors.size() < MAX_ERRORS; i++) {
      Matcher node = NODE_ERROR.matcher(lines.get(i).text());
      if (node.matches()) {
        String message = lines.get(i).text().strip() + "\n" + block(lines, i + 1, true);
        errors.add(new Error(node.group(1), node.group(2), node.group(3), cut(message.strip())));
      }
    }
    errors.removeIf(error -> error.message().isBlank());
    return List.copyOf(errors);
  }

  /**
   * The lines of the log's last {@link #MAX_TAIL} bytes (where a run's errors are: a {@code
   * dbt.log} may hold many runs), each cut at {@link #MAX_LINE} characters, undecodable bytes
   * replaced.
   */
  private static List<String> tail(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      long skip = Math.max(0, Files.size(file) - MAX_TAIL);
      while (skip > 0) {
        long skipped = in.skip(skip);
        if (skipped <= 0) {
          break;
        }
        skip -= skipped;
      }
      Reader reader =
          new InputStreamReader(
              in,
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPLACE)
                  .onUnmappableCharacter(CodingErrorAction.REPLACE));
      StringBuilder line = new StringBuilder();
      char[] buffer = new char[8192];
      for (int read; (read = reader.read(buffer)) > 0; ) {
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            lines.add(line.toString().replace("\r", ""));
            line.setLength(0);
          } else if (line.length() < MAX_LINE) {
            line.append(buffer[i]);
          }
        }
      }
      if (!line.isEmpty()) {
        lines.add(line.toString());
      }
    }
    return lines;
  }

  /**
   * The lines of the last invocation: from the last {@code Running with dbt=} on (a {@code dbt.log}
   * holds every run since it was created; yesterday's errors are not this run's).
   */
  private static List<String> lastInvocation(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).contains("Running with dbt=")) {
        return lines.subList(i, lines.size());
      }
    }
    return lines;
  }

  /**
   * A run's failures as its log reports them, for a run without {@code run_results.json}: one
   * failure per error, {@code invocation.<project>} for the run's own, {@code
   * <type>.<project>.<name>} for a node's; no lineage, since nothing says what ran.
   */
  public static Extraction extraction(Path file, String project) throws IOException {
    String owner = project == null || project.isBlank() ? "dbt" : project.strip();
    List<Failure> failures = new ArrayList<>();
    for (Error error : errors(file)) {
      boolean node = error.name() != null;
      String id =
          node ? error.resourceType() + "." + owner + "." + error.name() : "invocation." + owner;
      failures.add(
          new Failure(
              id,
              error.resourceType(),
              node ? error.name() : "dbt invocation",
              null,
              null,
              "error",
              error.message(),
              null,
              null,
              null,
              error.path(),
              error.path(),
              null,
              Map.of(),
              null,
              null,
              null,
              List.of(),
              List.of(),
              List.of()));
    }
    return new Extraction(List.copyOf(failures), List.of(), List.of());
  }

  /**
   * The lines after {@code start} that belong to one error: up to the next time-stamped record or
   * blank line, and for a node's block only its indented lines.
   */
  private static String block(List<Line> lines, int start, boolean indented) {
    StringBuilder message = new StringBuilder();
    for (int i = start; i < lines.size(); i++) {
      Line line = lines.get(i);
      boolean ends =
          line.stamped() && !indented
              || line.text().isBlank()
              || indented && !line.text().startsWith("  ")
              || line.text().startsWith("Traceback (most recent call last)");
      if (ends || message.length() > MAX_MESSAGE) {
        break;
      }
      message.append(line.text().strip()).append('\n');
    }
    return cut(message.toString().strip());
  }

  private static String cut(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + " […]";
  }

  private record Line(String text, boolean stamped) {}
}
