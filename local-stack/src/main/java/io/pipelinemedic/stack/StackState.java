package io.pipelinemedic.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What the supervisor reports about the running stack ({@code .medic/run/stack.properties}):
 * status, process ids and addresses. Written atomically so a reader never sees half a file.
 */
final class StackState {

  static final String STATUS = "status";
  static final String MESSAGE = "message";
  static final String SUPERVISOR_PID = "supervisor.pid";

  /** The team configuration file the stack runs with. */
  static final String CONFIG = "config";

  private final Path file;
  private final Properties values = new Properties();

  private StackState(Path file) {
    this.file = file;
  }

  static StackState at(Path home) {
    return new StackState(home.resolve("run/stack.properties"));
  }

  /** Re-reads the file; an absent file is an empty state. */
  StackState load() throws IOException {
    values.clear();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        values.load(in);
      }
    }
    return this;
  }

  String get(String key) {
    return values.getProperty(key);
  }

  /** Every key of the state. */
  Set<String> keys() {
    return values.stringPropertyNames();
  }

  synchronized StackState put(String key, Object value) {
    values.setProperty(key, String.valueOf(value));
    return this;
  }

  /** The supervisor's process, if it is alive. */
  Optional<ProcessHandle> supervisor() {
    String pid = get(SUPERVISOR_PID);
    return pid == null
        ? Optional.empty()
        : ProcessHandle.of(Long.parseLong(pid))
            // a killed supervisor may linger as a zombie until it is reaped: it has no command
            .filter(p -> p.isAlive() && p.info().command().isPresent());
  }

  synchronized void save() throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer out = Files.newBufferedWriter(temp)) {
      values.store(out, "written by the ./medic supervisor");
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
