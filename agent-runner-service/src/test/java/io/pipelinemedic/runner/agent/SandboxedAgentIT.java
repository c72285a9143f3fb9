package io.pipelinemedic.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.runner.PlayedScenario;
import io.pipelinemedic.runner.sandbox.GitRemote;
import io.pipelinemedic.runner.sandbox.Sandbox;
import io.pipelinemedic.runner.warehouse.DuckDbDevArea;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox around any agent, with real shell commands as the agent: it runs in the project with
 * the prompt on stdin and nothing of the runner's environment, and at the time limit it is killed
 * together with the processes it started.
 */
class SandboxedAgentIT {

  @TempDir Path root;

  @Test
  void theAgentGetsThePromptAndACleanedEnvironmentOnly() throws Exception {
    Sandbox sandbox = sandbox();
    SandboxedAgent sandboxed =
        new SandboxedAgent(
            new CommandAgent(
                "sh",
                List.of("/bin/sh", "-c", "pwd; cat; echo; env | cut -d= -f1 | sort"),
                // as MEDIC_RUNNER_AGENT_ENV_MODEL_API_KEY in the environment reaches the config
                Map.of("model.api.key", "sk-agent")),
            new AgentLimits(Duration.ofSeconds(30), 1, 0),
            Path.of("/opt/medic/.venv/dbt/bin/dbt"),
            PlayedScenario.confinement());

    SandboxedAgent.Run run = sandboxed.run(sandbox, "Fix stg_orders.");

    assertThat(run.result().problem()).isNull();
    List<String> lines =
        Files.readAllLines(run.transcript(), StandardCharsets.UTF_8).stream()
            .filter(line -> !line.isBlank())
            .toList();
    assertThat(lines.get(0)).isEqualTo(sandbox.project().toRealPath().toString());
    assertThat(lines.get(1)).isEqualTo("Fix stg_orders.");
    Set<String> variables = new TreeSet<>(lines.subList(2, lines.size()));
    variables.removeAll(Set.of("PWD", "SHLVL", "_")); // the shell's own
    assertThat(variables)
        .containsExactlyInAnyOrder(
            "PATH",
            "HOME",
            "TMPDIR",
            "LANG",
            "DBT_PROFILES_DIR",
            "DBT_TARGET_PATH",
            "DBT_LOG_PATH",
            "DBT_SEND_ANONYMOUS_USAGE_STATS",
            "DO_NOT_TRACK",
            "DBT_VERSION_CHECK",
            "DBT_USE_COLORS",
            "MODEL_API_KEY");
  }

  @Test
  void anAgentPastItsTimeLimitIsKilledWithTheProcessesItStarted() throws Exception {
    Sandbox sandbox = sandbox();
    String marker = "medic-sleeper-" + System.nanoTime();
    SandboxedAgent sandboxed =
        new SandboxedAgent(
            new CommandAgent(
                "sleeper",
                List.of("/bin/bash", "-c", "(exec -a " + marker + " sleep 300) & wait"),
                Map.of()),
            new AgentLimits(Duration.ofSeconds(2), 1, 0),
            Path.of("/usr/bin/dbt"),
            PlayedScenario.confinement());

    SandboxedAgent.Run run = sandboxed.run(sandbox, "");

    assertThat(run.result().problem())
        .isEqualTo("sleeper did not finish within PT2S and was stopped");
    assertThat(run.millis()).isLessThan(30_000);
    for (ProcessHandle sleeper :
        ProcessHandle.allProcesses()
            .filter(process -> process.info().commandLine().orElse("").contains(marker))
            .toList()) {
      sleeper.onExit().get(5, TimeUnit.SECONDS); // times out, and fails, if it lives on
    }
  }

  private Sandbox sandbox() throws Exception {
    Path project = Files.createDirectories(root.resolve("project"));
    Path profiles = Files.createDirectories(root.resolve("profiles"));
    for (String folder : List.of("data", "target", "logs")) {
      Files.createDirectories(root.resolve(folder));
    }
    return new Sandbox(
        root,
        new GitRemote(root.toString(), null),
        project,
        profiles,
        new DuckDbDevArea(
            root.resolve("data/prod.duckdb"),
            root.resolve("data/prod.duckdb"),
            Map.of(),
            Optional.empty(),
            0),
        "",
        0);
  }
}
