package io.pipelinemedic.dbt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs dbt as a child process: an argument list, stdin closed, a timeout, the exit code, and stdout
 * and stderr kept apart. Blocking: call it off the event loop.
 */
public final class DbtRunner {

  /** Keeps dbt from phoning home or checking for new versions. */
  public static final Map<String, String> QUIET =
      Map.of(
          "DBT_SEND_ANONYMOUS_USAGE_STATS", "false",
          "DO_NOT_TRACK", "1",
          "DBT_VERSION_CHECK", "false",
          "DBT_USE_COLORS", "false");

  private final Path executable;
  private final Duration timeout;
  private final Map<String, String> environment;
  private final Confinement confinement;

  /**
   * @param executable the {@code dbt} executable, e.g. {@code .venv/dbt/bin/dbt}
   * @param timeout how long an invocation may run before it is killed
   * @param environment variables added to the process environment (profile paths, secrets)
   */
  public DbtRunner(Path executable, Duration timeout, Map<String, String> environment) {
    this(executable, timeout, environment, Confinement.none());
  }

  private DbtRunner(
      Path executable, Duration timeout, Map<String, String> environment, Confinement confinement) {
    this.executable = executable;
    this.timeout = timeout;
    this.environment = Map.copyOf(environment);
    this.confinement = confinement;
  }

  /** The same dbt, started inside {@code confinement}. */
  public DbtRunner confined(Confinement confinement) {
    return new DbtRunner(executable, timeout, environment, confinement);
  }

  /** The same dbt, with {@code more} variables (a dev target's password) in its environment. */
  public DbtRunner with(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(environment);
    all.putAll(more);
    return new DbtRunner(executable, timeout, all, confinement);
  }

  /** The project's own dbt runtime, installed by {@code tools/dbt/ensure-venv}. */
  public static Path projectExecutable(Path repositoryRoot) {
    return repositoryRoot.resolve(".venv/dbt/bin/dbt");
  }

  /**
   * The whole environment dbt gets, never the parent's: the programs beside dbt's and the system's,
   * the home folder, temporary files, time zone and locale, dbt kept quiet, and the variables this
   * runner was given. No token, key or password of the service reaches dbt or the project's Jinja
   * ({@code env_var}). Confined, its home and temporary files are the confinement's private {@code
   * /tmp}.
   */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    Path bin = executable.toAbsolutePath().getParent();
    env.put("PATH", (bin == null ? "" : bin + ":") + "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "C.UTF-8");
    for (String inherited : List.of("HOME", "TMPDIR", "TZ")) {
      String value = System.getenv(inherited);
      if (value != null) {
        env.put(inherited, value);
      }
    }
    if (confinement.confines()) {
      env.put("HOME", "/tmp");
      env.put("TMPDIR", "/tmp");
    }
    env.putAll(QUIET);
    env.putAll(environment);
    return env;
  }

  /**
   * A warm dbt with this runner's confinement, environment and timeout, started now, each of whose
   * invocations is {@link #run}'s without importing dbt again; empty when the executable is not a
   * Python entry-point script (then only {@link #run} runs it).
   */
  public Optional<DbtWorker> warm(Path workingDirectory) throws IOException {
    Optional<List<String>> program = DbtWorker.commandLine(executable, confinement.confines());
    if (program.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        DbtWorker.start(
            executable, timeout, confinement.wrap(program.get()), environment(), workingDirectory));
  }

  /**
   * Whether {@code other} starts dbt exactly as this runner does: the same program, time limit,
   * environment and confinement.
   */
  public boolean startsAs(DbtRunner other) throws IOException {
    return executable.equals(other.executable)
        && timeout.equals(other.timeout)
        && environment().equals(other.environment())
        && confinement.wrap(List.of()).equals(other.confinement.wrap(List.of()));
  }

  /** Runs {@code command} in {@code workingDirectory} and waits for it, at most the timeout. */
  public DbtResult run(DbtCommand command, Path workingDirectory)
      throws IOException, InterruptedException {
    List<String> commandLine = new ArrayList<>();
    commandLine.add(executable.toAbsolutePath().toString());
    commandLine.addAll(command.arguments());
    Path out = Files.createTempFile("dbt-", ".out");
    Path err = Files.createTempFile("dbt-", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(confinement.wrap(commandLine))
              .directory(workingDirectory.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().clear();
      builder.environment().putAll(environment());
      long started = System.nanoTime();
      Process process = builder.start();
      process.getOutputStream().close();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      return new DbtResult(
          commandLine,
          finished ? process.exitValue() : -1,
          !finished,
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8),
          took);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
