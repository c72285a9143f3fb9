package io.pipelinemedic.runner.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.runner.PlayedScenario;
import io.pipelinemedic.runner.agent.AgentLimits;
import io.pipelinemedic.runner.agent.CommandAgent;
import io.pipelinemedic.runner.agent.SandboxedAgent;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Scenario 17 (an incremental model's new column against last night's table, on_schema_change fail)
 * fixed in a dev area that defers to production: production's table of the incremental model is
 * copied into the dev area, so the build before the change fails as the night did, a change that
 * fixes nothing is not verified, and the real fix is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncrementalModelIT {

  private static final String MODEL = "models/marts/fct_usage_daily.sql";

  private PlayedScenario incremental;

  @BeforeAll
  void play() throws Exception {
    incremental = PlayedScenario.play("17-incremental-schema-change", "incremental-model-it");
  }

  @Test
  void aChangeThatFixesNothingIsNotVerified() throws Exception {
    FixProposed fix = attempt("printf '\\n-- looked at it\\n' >> " + MODEL);

    assertThat(fix.outcome()).as(fix.outcomeReason()).isEqualTo(FixOutcome.VERIFICATION_FAILED);
    assertThat(fix.verification().before().errored())
        .as("the incremental run fails in the dev area as it did in production")
        .isPositive();
    assertThat(fix.outcomeReason()).contains("fct_usage_daily");
  }

  @Test
  void theIncrementalModelTakingTheNewColumnIsVerified() throws Exception {
    FixProposed fix =
        attempt(
            "sed -i \"s/on_schema_change='fail'/on_schema_change='append_new_columns'/\" " + MODEL);

    assertThat(fix.outcome()).as(fix.outcomeReason()).isEqualTo(FixOutcome.VERIFIED);
    assertThat(fix.verification().before().errored()).isPositive();
    assertThat(fix.verification().after().errored()).isZero();
  }

  private FixProposed attempt(String script) throws Exception {
    RootCauseGroup group = incremental.group(Action.AGENT, null);
    Classified event = incremental.event("inc-" + System.nanoTime(), group);
    SandboxedAgent agent =
        new SandboxedAgent(
            new CommandAgent("edit", List.of("sh", "-c", script), Map.of()),
            new AgentLimits(Duration.ofMinutes(2), 10, 1.0),
            PlayedScenario.dbt(),
            PlayedScenario.confinement());
    Path workspaces =
        Files.createDirectories(incremental.remote().resolveSibling("fix-" + System.nanoTime()));
    FixProposed fix = incremental.fixes(workspaces, agent, Duration.ZERO).fix(event, group).event();
    System.out.printf("%s: %s%n", fix.outcome(), fix.outcomeReason());
    return fix;
  }
}
