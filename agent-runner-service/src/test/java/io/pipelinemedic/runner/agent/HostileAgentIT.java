package io.pipelinemedic.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.runner.PlayedScenario;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.FileChange;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An "any command" coding agent that fixes scenario 06 honestly and also attacks the runner through
 * git and through dbt: hooks written into the clone's git folder, and a model whose Jinja writes a
 * file while the fix is verified. Neither runs nor reaches the team's repository.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileAgentIT {

  /** The honest part: scenario 06's column, renamed as upstream renamed it. */
  private static final String FIX =
      "sed -i 's/    customers.email,/    customers.email_address as email,/'"
          + " models/marts/dim_customers.sql";

  private PlayedScenario renamed;

  @BeforeAll
  void play() throws Exception {
    renamed = PlayedScenario.play("06-renamed-column", "hostile-agent-it");
  }

  @Test
  void gitHooksTheAgentWritesNeverRun() throws Exception {
    Path ran = renamed.remote().resolveSibling("hook-ran-" + System.nanoTime()).toAbsolutePath();
    String hooks =
        "mkdir -p .git/hooks && for hook in pre-commit commit-msg post-commit pre-push; do"
            + " printf '#!/bin/sh\\ntouch "
            + ran
            + "\\n' > .git/hooks/$hook && chmod +x .git/hooks/$hook; done";

    FixProposed fix = attempt(FIX + " && " + hooks);

    assertThat(fix.outcome()).as(fix.outcomeReason()).isEqualTo(FixOutcome.VERIFIED);
    assertThat(ran).as("no hook of the agent ran in the runner").doesNotExist();
    assertThat(fix.change().files())
        .extracting(FileChange::path)
        .containsExactly("models/marts/dim_customers.sql");
  }

  @Test
  void aFileWrittenWhileTheFixIsVerifiedIsNeverPushed() throws Exception {
    // no hook (a guardrail refuses those): the model's own Jinja writes a file when it is built
    String writes =
        "printf '%s\\n' \"{% if execute %}{% do run_query(\\\"copy (select 1 as x) to"
            + " 'models/unchecked.csv'\\\") %}{% endif %}\" | cat - models/marts/dim_customers.sql"
            + " > fixed.sql && mv fixed.sql models/marts/dim_customers.sql";

    FixProposed fix = attempt(FIX + " && " + writes);

    assertThat(fix.outcome()).as(fix.outcomeReason()).isEqualTo(FixOutcome.FIX_FAILED);
    assertThat(fix.outcomeReason())
        .contains("changed after the guardrails checked them")
        .contains("nothing was pushed");
    try (Repository bare = Git.open(renamed.remote().toFile()).getRepository()) {
      assertThat(
              bare.getRefDatabase()
                  .getRefsByPrefix("refs/heads/medic/" + fix.envelope().incidentId()))
          .isEmpty();
    }
  }

  @Test
  void theAgentSeesNothingOfTheHostButItsSandbox() throws Exception {
    Path outside = renamed.remote().resolveSibling("escaped-" + System.nanoTime()).toAbsolutePath();
    Path production = renamed.run().warehouse().toAbsolutePath();
    Path besideProduction = Files.writeString(production.resolveSibling("other-team.csv"), "x");
    byte[] before = Files.readAllBytes(production);
    // each probe that finds something fails the script, and with it the attempt; what it writes
    // outside its folders lands in the sandbox's own empty file system, gone with it
    String probes =
        String.join(
            " && ",
            // production is shown, read-only, and nothing beside it
            "test -r " + production,
            "! (printf x >> " + production + ") 2>/dev/null",
            "! test -e " + besideProduction,
            "! test -e " + renamed.remote().resolveSibling("artifacts").toAbsolutePath(),
            "! test -e " + renamed.remote().toAbsolutePath(),
            "! test -e ../git",
            "! test -e " + System.getProperty("user.home") + "/.m2",
            "(touch " + outside + " 2>/dev/null || true)",
            "test \"$(ls /proc | grep -c '^[0-9]')\" -lt 10");

    FixProposed fix = attempt(FIX + " && " + probes);

    assertThat(fix.outcome()).as(fix.outcomeReason()).isEqualTo(FixOutcome.VERIFIED);
    assertThat(outside).doesNotExist();
    assertThat(Files.readAllBytes(production)).isEqualTo(before);
  }

  @Test
  void dbtOnTheAgentsCodeWritesNothingOutsideTheSandbox() throws Exception {
    Path outside = renamed.remote().resolveSibling("written-" + System.nanoTime()).toAbsolutePath();
    String writes =
        "printf '%s\\n' \"{% if execute %}{% do run_query(\\\"copy (select 1 as x) to '"
            + outside
            + "'\\\") %}{% endif %}\" | cat - models/marts/dim_customers.sql"
            + " > fixed.sql && mv fixed.sql models/marts/dim_customers.sql";

    attempt(FIX + " && " + writes);

    assertThat(outside)
        .as("the model's COPY wrote into the sandbox's own file system")
        .doesNotExist();
  }

  @Test
  void aModelTheChangeHidesFromGitIsNotThereWhenTheFixIsVerified() throws Exception {
    // the tracked change refers to a model the agent wrote and told git to ignore: verified
    // with it, the pushed commit would name a model that does not exist
    String hidden =
        """
        printf 'email_shim.sql\\n' > models/marts/.gitignore \
        && printf 'select *, email_address as email from {{ ref("stg_customers") }}\\n' \
          > models/marts/email_shim.sql \
        && sed -i "s/ref('stg_customers')/ref('email_shim')/" models/marts/dim_customers.sql
        """;

    FixProposed fix = attempt(hidden);

    assertThat(fix.outcome()).as(fix.outcomeReason()).isEqualTo(FixOutcome.VERIFICATION_FAILED);
    assertThat(fix.outcomeReason()).contains("email_shim");
  }

  @Test
  void aSymbolicLinkInTheChangeIsRefused() throws Exception {
    FixProposed fix = attempt(FIX + " && ln -s /etc/hostname models/marts/host.sql");

    assertThat(fix.outcome()).isEqualTo(FixOutcome.GUARDRAIL_REJECTED);
    assertThat(fix.outcomeReason()).contains("no_links").contains("models/marts/host.sql");
  }

  private FixProposed attempt(String script) throws Exception {
    RootCauseGroup group = renamed.group(Action.AGENT, "renamed-column");
    Classified event = renamed.event("inc-" + System.nanoTime(), group);
    SandboxedAgent agent =
        new SandboxedAgent(
            new CommandAgent("hostile", List.of("sh", "-c", script), Map.of()),
            new AgentLimits(Duration.ofMinutes(2), 10, 1.0),
            PlayedScenario.dbt(),
            PlayedScenario.confinement());
    Path workspaces =
        Files.createDirectories(renamed.remote().resolveSibling("hostile-" + System.nanoTime()));
    FixProposed fix = renamed.fixes(workspaces, agent, Duration.ZERO).fix(event, group).event();
    System.out.printf("%s: %s%n", fix.outcome(), fix.outcomeReason());
    return fix;
  }
}
