package io.pipelinemedic.runner.agent;

import io.pipelinemedic.dbt.Confinement;
import io.pipelinemedic.dbt.DbtRunner;
import io.pipelinemedic.runner.sandbox.Sandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A coding agent run in a sandbox's clone, inside the sandbox's confinement ({@link
 * Sandbox#confine}: the project, the dev area and its own folder writable, its runtime and dbt's
 * read-only, nothing else of the host; the network shared, for its model endpoint), with a cleaned
 * environment: no variable of the runner is inherited (no production credential, no token it was
 * not given), {@code HOME} and {@code TMPDIR} are the sandbox's own, {@code dbt} on the {@code
 * PATH} is the project's runtime and its only profile is the dev target. The prompt arrives on
 * stdin; stdout is kept as the transcript. At the time limit the agent and every process it started
 * are killed.
 *
 * @param agent the backend
 * @param limits time, turns and cost
 * @param dbt the dbt executable the agent may run
 * @param confinement what every process of the runner's sandboxes is shown (dbt's runtime)
 */
public record SandboxedAgent(
    CodingAgent agent, AgentLimits limits, Path dbt, Confinement confinement) {

  /**
   * One run.
   *
   * @param result the agent's account, with the sandbox's own finding when it was killed
   * @param transcript its standard output, in the sandbox
   * @param millis wall time
   */
  public record Run(AgentResult result, Path transcript, long millis) {}

  /** The folder in the sandbox the agent's home and temporary files live in. */
  static final String FOLDER = "agent";

  /** The folder in the sandbox, not shown to the agent, its prompt and output are kept in. */
  static final String OUTPUT = "agent-output";

  /** Runs the agent on {@code prompt} in the sandbox's project. */
  public Run run(Sandbox sandbox, String prompt) throws IOException, InterruptedException {
    Path folder = Files.createDirectories(sandbox.root().toAbsolutePath().resolve(FOLDER));
    Path home = Files.createDirectories(folder.resolve("home"));
    Path tmp = Files.createDirectories(folder.resolve("tmp"));
    // its prompt and output lie where it cannot write: a transcript it replaced by a link would
    // be read by the runner, outside the sandbox
    Path output = Files.createDirectories(sandbox.root().toAbsolutePath().resolve(OUTPUT));
    Path input = Files.writeString(output.resolve("prompt.md"), prompt, StandardCharsets.UTF_8);
    Path transcript = output.resolve("transcript.jsonl");
    Path errors = output.resolve("stderr.txt");
    List<String> command = agent.command(limits, folder);
    List<Path> reads = new ArrayList<>(Confinement.runtime(Path.of(command.get(0))));
    reads.addAll(agent.reads());
    Confinement box =
        sandbox.confine(confinement).readOnly(reads).writable(List.of(folder)).withNetwork();
    ProcessBuilder builder =
        new ProcessBuilder(box.wrap(command))
            .directory(sandbox.project().toFile())
            .redirectInput(input.toFile())
            .redirectOutput(transcript.toFile())
            .redirectError(errors.toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(environment(sandbox, folder, home, tmp));
    long start = System.nanoTime();
    Process process = builder.start();
    boolean finished = process.waitFor(limits.time().toMillis(), TimeUnit.MILLISECONDS);
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    AgentResult result =
        agent.read(
            Files.readString(transcript, StandardCharsets.UTF_8),
            finished ? process.exitValue() : -1);
    if (!finished) {
      result =
          result.withProblem(
              agent.name() + " did not finish within " + limits.time() + " and was stopped");
    }
    return new Run(result, transcript, millis);
  }

  private Map<String, String> environment(Sandbox sandbox, Path folder, Path home, Path tmp) {
    Map<String, String> env = new LinkedHashMap<>(DbtRunner.QUIET);
    env.put(
        "PATH",
        String.join(
            ":",
            List.of(
                dbt.toAbsolutePath().getParent().toString(),
                "/usr/local/bin",
                "/usr/bin",
                "/bin")));
    env.put("HOME", home.toString());
    env.put("TMPDIR", tmp.toString());
    env.put("LANG", "C.UTF-8");
    env.put("DBT_PROFILES_DIR", sandbox.profiles().toAbsolutePath().toString());
    env.put("DBT_TARGET_PATH", folder.resolve("target").toString());
    env.put("DBT_LOG_PATH", folder.resolve("logs").toString());
    // the agent's dbt builds as the runner's does: in the dev area, deferring to production
    sandbox
        .area()
        .state()
        .ifPresent(
            state -> {
              env.put("DBT_DEFER", "true");
              env.put("DBT_STATE", state.toAbsolutePath().toString());
            });
    env.putAll(sandbox.area().environment());
    agent.environment().forEach((name, value) -> env.put(variable(name), value));
    return env;
  }

  /**
   * The variable a configured name stands for: {@code medic.runner.agent.env.ANTHROPIC_API_KEY} in
   * a properties file and {@code MEDIC_RUNNER_AGENT_ENV_ANTHROPIC_API_KEY} in the environment
   * (which the configuration sees as {@code anthropic.api.key}) both give {@code
   * ANTHROPIC_API_KEY}.
   */
  static String variable(String configured) {
    return configured.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
