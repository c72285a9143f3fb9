package io.pipelinemedic.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinemedic.dbt.Folders;
import io.pipelinemedic.runner.PlayedScenario;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The next group finds dbt imported: as a group is done, a warm dbt starts for the next sandbox,
 * which takes it only when it would have started its own exactly so, on the same files.
 */
class WarmAheadIT {

  @Test
  void theNextSandboxTakesTheDbtStartedAheadOnlyWhenItIsShownTheSame() throws Exception {
    PlayedScenario played = PlayedScenario.play("03-new-order-status", "warm-ahead-it");
    Path workspaces = Files.createDirectories(played.remote().resolveSibling("workspaces"));
    Sandboxes sandboxes = played.sandboxesWarmingAhead(workspaces);
    RootCauseGroup group = played.group(Action.RECIPE, "new-order-status");

    Sandbox first = sandboxes.create(played.event("inc-1", group), group);
    assertThat(sandboxes.dbt().warmedAhead(first)).as("nothing was done before").isFalse();
    sandboxes.finish(first, true);

    Sandbox second = sandboxes.create(played.event("inc-2", group), group);
    assertThat(sandboxes.dbt().warmedAhead(second)).isTrue();
    assertThat(second.root()).isNotEqualTo(first.root());
    assertThat(Files.readString(second.root().resolve(Sandboxes.GROUP))).isEqualTo("inc-2/g1\n");
    // the worker started ahead serves the sandbox's own folders and dev area
    assertThat(sandboxes.dbt().selected(second, List.of("stg_orders+")))
        .hasValueSatisfying(
            ids -> assertThat(ids).contains("model.shop.stg_orders", "model.shop.fct_orders"));
    DevDbt.Build build = sandboxes.dbt().build(second, List.of("stg_orders+"));
    assertThat(build.nodes())
        .anyMatch(node -> node.uniqueId().equals("model.shop.stg_orders"))
        .anyMatch(node -> node.status().equals("fail"));
    sandboxes.finish(second, true);

    // production replaced meanwhile (another file at the same path): the worker ahead still sees
    // the one it was shown, so the sandbox starts its own
    Path production = played.run().warehouse();
    Path replacement = production.resolveSibling("replacement.duckdb");
    Files.copy(production, replacement);
    Files.move(replacement, production, StandardCopyOption.REPLACE_EXISTING);
    Sandbox third = sandboxes.create(played.event("inc-3", group), group);
    assertThat(sandboxes.dbt().warmedAhead(third)).isFalse();
    sandboxes.finish(third, true);

    // a run without a manifest gets a copy of production, shown otherwise: it starts its own
    Classified withState = played.event("inc-4", group);
    Classified withoutState =
        new Classified(
            withState.envelope(),
            withState.run(),
            withState.failures(),
            withState.lineage(),
            withState.groups(),
            null,
            withState.results());
    Sandbox fourth = sandboxes.create(withoutState, group);
    assertThat(sandboxes.dbt().warmedAhead(fourth)).isFalse();
    assertThat(sandboxes.dbt().selected(fourth, List.of("stg_orders+"))).isPresent();
    sandboxes.finish(fourth, true);

    // at shutdown the one started ahead of the next group stops and its folder goes
    assertThat(workspaces).isNotEmptyDirectory();
    sandboxes.stopAhead();
    assertThat(workspaces).isEmptyDirectory();

    // a sandbox that cannot be made (the repository is gone) leaves no folder behind
    Folders.delete(played.remote());
    assertThatThrownBy(() -> sandboxes.create(played.event("inc-5", group), group))
        .hasMessageContaining("cannot clone");
    assertThat(workspaces).isEmptyDirectory();
  }
}
