package io.pipelinemedic.dbt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A warm dbt: one Python process of dbt's own runtime that imports dbt once ({@code dbt_worker.py})
 * and runs each invocation in a fork of itself through the {@code dbt} script's own entry point, in
 * the same confinement and environment as {@link DbtRunner#run}. Only the imports are shared: each
 * invocation starts from the imported process as it was and reads the project afresh (dbt's partial
 * parse, as a cold invocation would); confined, every process it started is gone before the next.
 * One invocation at a time, each answer matched to its request; an invocation past the timeout
 * kills the worker with everything it started, and a worker that is gone serves nothing more
 * ({@link #gone}).
 */
public final class DbtWorker implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The end of the worker's answers: it exited. */
  private static final String GONE = "";

  private final Process process;
  private final OutputStream requests;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final Path errors;
  private final Path executable;
  private final Duration timeout;
  private boolean ready;
  private long sent;
  private volatile String broken;

  private DbtWorker(Process process, Path errors, Path executable, Duration timeout) {
    this.process = process;
    this.requests = process.getOutputStream();
    this.errors = errors;
    this.executable = executable;
    this.timeout = timeout;
    Thread reader = new Thread(this::readAnswers, "dbt-worker-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code wrapped} (the {@link #commandLine} as confined) as the worker of {@code
   * executable}: its imports go on while the caller does other things.
   */
  static DbtWorker start(
      Path executable,
      Duration timeout,
      List<String> wrapped,
      Map<String, String> environment,
      Path workingDirectory)
      throws IOException {
    Path errors = Files.createTempFile("dbt-worker-", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(wrapped)
            .directory(workingDirectory.toFile())
            .redirectError(errors.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    try {
      return new DbtWorker(builder.start(), errors, executable, timeout);
    } catch (IOException e) {
      Files.deleteIfExists(errors);
      throw e;
    }
  }

  /**
   * The worker's program: the interpreter of dbt's script, running {@code dbt_worker.py}, told
   * whether it is {@code confined} (then it may end every other process it sees after each
   * invocation).
   */
  static Optional<List<String>> commandLine(Path executable, boolean confined) throws IOException {
    Optional<Path> python = interpreter(executable);
    if (python.isEmpty()) {
      return Optional.empty();
    }
    String program;
    try (InputStream source = DbtWorker.class.getResourceAsStream("dbt_worker.py")) {
      if (source == null) {
        throw new IOException("dbt_worker.py is missing from the dbt-runner module");
      }
      program = new String(source.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> line = new ArrayList<>(List.of(python.get().toString(), "-I", "-c", program));
    if (confined) {
      line.add("confined");
    }
    return Optional.of(line);
  }

  /**
   * The Python interpreter named by the first line of {@code executable} (pip's entry-point scripts
   * start with {@code #!/path/to/python}); empty for anything else.
   */
  static Optional<Path> interpreter(Path executable) throws IOException {
    Path script = executable.toAbsolutePath();
    if (!Files.isRegularFile(script)) {
      return Optional.empty();
    }
    String first;
    try (BufferedReader reader = Files.newBufferedReader(script, StandardCharsets.ISO_8859_1)) {
      first = reader.readLine();
    }
    if (first == null || !first.startsWith("#!/") || first.contains(" ")) {
      return Optional.empty();
    }
    Path python = Path.of(first.substring(2).strip());
    String name = python.getFileName().toString();
    return name.startsWith("python") && Files.isExecutable(python)
        ? Optional.of(python)
        : Optional.empty();
  }

  /**
   * Waits, at most the timeout, until the worker has imported dbt; false when it never will (it
   * exited, or said something else first: it is then {@link #gone}, and dbt is to be run cold).
   */
  public synchronized boolean ready() throws IOException, InterruptedException {
    if (!ready && broken == null) {
      JsonNode hello = answer(System.nanoTime() + timeout.toNanos());
      if (hello != null && hello.path("ready").asBoolean()) {
        ready = true;
      } else if (hello != null) {
        kill();
        broken =
            "the dbt worker did not start: " + Files.readString(errors, StandardCharsets.UTF_8);
        close();
      }
    }
    return ready && broken == null;
  }

  /**
   * Runs {@code command} in {@code workingDirectory} on a {@link #ready} worker, at most the
   * timeout.
   */
  public synchronized DbtResult run(DbtCommand command, Path workingDirectory)
      throws IOException, InterruptedException {
    List<String> commandLine = new ArrayList<>();
    commandLine.add(executable.toAbsolutePath().toString());
    commandLine.addAll(command.arguments());
    if (!ready || broken != null) {
      throw new IOException("the warm dbt is not ready: " + broken);
    }
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    ObjectNode request = JSON.createObjectNode();
    long id = ++sent;
    request.put("id", id);
    request.putPOJO("argv", command.arguments());
    request.put("cwd", workingDirectory.toAbsolutePath().toString());
    try {
      requests.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
      requests.flush();
    } catch (IOException e) {
      return ended(commandLine, started, false);
    }
    JsonNode answer = answer(deadline);
    if (answer == null || !answer.has("exit") || answer.path("id").asLong() != id) {
      return ended(commandLine, started, answer == null);
    }
    return new DbtResult(
        commandLine,
        answer.path("exit").asInt(-1),
        false,
        answer.path("stdout").asText(""),
        answer.path("stderr").asText(""),
        Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * The worker's next answer by {@code deadline}; {@code null} when time ran out (it is killed).
   */
  private JsonNode answer(long deadline) throws IOException, InterruptedException {
    String line = answers.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    if (line == null) {
      broken = "killed after " + timeout.toSeconds() + " s";
      close();
      return null;
    }
    if (line.equals(GONE)) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode(); // not an answer: the worker is not to be trusted further
    }
  }

  /** Whether the worker is gone (killed at a timeout, exited, or answered out of turn). */
  public boolean gone() {
    return broken != null;
  }

  /**
   * An invocation the worker did not answer: timed out, or the worker exited or answered out of
   * turn (then it is killed, and its own words kept).
   */
  private DbtResult ended(List<String> commandLine, long started, boolean timedOut)
      throws IOException {
    if (!timedOut) {
      kill();
      broken =
          "the dbt worker ended without an answer: "
              + Files.readString(errors, StandardCharsets.UTF_8).strip();
      close();
    }
    return new DbtResult(
        commandLine,
        timedOut ? -1 : 2,
        timedOut,
        "",
        broken,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private void readAnswers() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isEmpty()) {
          answers.add(line);
        }
      }
    } catch (IOException e) {
      // the worker is gone; so is its output
    }
    answers.add(GONE);
  }

  /** Kills the worker and every process it started. */
  @Override
  public void close() throws IOException {
    kill();
    Files.deleteIfExists(errors);
  }

  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
