package io.pipelinemedic.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.testsupport.KafkaBroker;
import io.pipelinemedic.testsupport.ServiceProcess;
import io.pipelinemedic.testsupport.TopicRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;

/**
 * Two packaged runners in one consumer group, on the real broker, with scenario 03's recipe group:
 * one incident per partition of {@code classified} keeps both busy; then the runner working on an
 * incident is killed (SIGKILL) the moment its branch is pushed, before it can publish, and the
 * other takes the partition over and finishes the group from the pushed commit: one branch, one
 * commit, a verified {@code fix.proposed} naming it.
 */
class RunnerFailoverIT {

  private static final Path TARGET = Path.of("target/runner-failover-it");

  @Test
  void twoRunnersSplitTheWorkAndAKilledRunnersGroupIsDoneOnceByTheOther() throws Exception {
    PlayedScenario played = PlayedScenario.play("03-new-order-status", "runner-failover-it");
    Files.createDirectories(TARGET);
    List<Runner> runners = List.of(start(played, "a"), start(played, "b"));
    try {
      List<String> spread = new ArrayList<>();
      for (int partition = 0; partition < KafkaBroker.PARTITIONS; partition++) {
        spread.add(incidentOn(partition));
      }
      for (String incident : spread) {
        send(played, incident);
      }
      for (String incident : spread) {
        assertThat(verified(incident, Duration.ofMinutes(6)).outcome())
            .isEqualTo(FixOutcome.VERIFIED);
      }
      for (Runner runner : runners) {
        assertThat(runner.log())
            .as("runner %s did part of the work", runner.name())
            .contains("VERIFIED");
      }

      String killed = "inc-" + UUID.randomUUID();
      send(played, killed);
      String branch = "refs/heads/medic/" + killed + "-g1";
      ObjectId pushed = awaitBranch(played.remote(), branch, Duration.ofMinutes(4));
      Runner working =
          runners.stream().filter(r -> r.log().contains(killed)).findFirst().orElseThrow();
      working.process().destroyForcibly().waitFor();

      FixProposed fix = verified(killed, Duration.ofMinutes(4));
      assertThat(fix.outcome()).as(fix.outcomeReason()).isEqualTo(FixOutcome.VERIFIED);
      assertThat(fix.change().commitSha()).isEqualTo(pushed.getName());
      Runner other = runners.stream().filter(r -> r != working).findFirst().orElseThrow();
      assertThat(other.log()).contains(killed + "/g1: RECIPE VERIFIED");
      try (Repository bare = Git.open(played.remote().toFile()).getRepository();
          RevWalk walk = new RevWalk(bare)) {
        RevCommit head = walk.parseCommit(bare.resolve(branch));
        assertThat(head.getName()).isEqualTo(pushed.getName());
        assertThat(head.getParent(0).getName()).isEqualTo(played.run().commit());
        assertThat(bare.getRefDatabase().getRefsByPrefix("refs/heads/medic/" + killed)).hasSize(1);
      }
      List<String> commits = new ArrayList<>();
      for (var record : TopicRecords.matching(Topics.FIX_PROPOSED, r -> killed.equals(r.key()))) {
        commits.add(EventJson.read(record.value(), FixProposed.class).change().commitSha());
      }
      assertThat(commits).isNotEmpty().containsOnly(pushed.getName());
    } finally {
      for (Runner runner : runners) {
        runner.process().destroy();
        runner.process().waitFor();
      }
    }
  }

  /** A runner process and its log. */
  private record Runner(String name, Process process, Path logFile) {
    String log() {
      try {
        return Files.readString(logFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static Runner start(PlayedScenario played, String name) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("medic.runner.git-remote", played.remote().toUri().toString());
    settings.put("medic.runner.production-duckdb", played.run().warehouse().toString());
    settings.put("medic.runner.attachments.fx", played.fx().toString());
    settings.put("medic.runner.dbt", PlayedScenario.dbt().toAbsolutePath().toString());
    settings.put(
        "medic.runner.workspaces",
        TARGET.resolve(name + "-workspaces").toAbsolutePath().toString());
    settings.put("medic.artifacts.dir", played.artifactsFolder().toString());
    StringBuilder options = new StringBuilder();
    settings.forEach(
        (key, value) -> options.append("-D").append(key).append('=').append(value).append(' '));
    Path log = TARGET.resolve("runner-" + name + ".log");
    Files.deleteIfExists(log);
    Process process =
        ServiceProcess.start(
            Path.of("target/quarkus-app/quarkus-run.jar"),
            ServiceProcess.freePort(),
            Map.of("JAVA_TOOL_OPTIONS", options.toString().strip()),
            log,
            "/q/health/ready");
    return new Runner(name, process, log);
  }

  /** An incident id whose records land on {@code partition} of {@code classified}. */
  private static String incidentOn(int partition) {
    while (true) {
      String incident = "inc-" + UUID.randomUUID();
      byte[] key = incident.getBytes(StandardCharsets.UTF_8);
      if (Utils.toPositive(Utils.murmur2(key)) % KafkaBroker.PARTITIONS == partition) {
        return incident;
      }
    }
  }

  private static void send(PlayedScenario played, String incident) throws Exception {
    Classified event = played.event(incident, played.group(Action.RECIPE, "new-order-status"));
    TopicRecords.send(Topics.CLASSIFIED, incident, EventJson.write(event));
  }

  private static FixProposed verified(String incident, Duration timeout) throws Exception {
    return EventJson.read(
        TopicRecords.awaitKey(incident, timeout, Topics.FIX_PROPOSED).value(), FixProposed.class);
  }

  private static ObjectId awaitBranch(Path remote, String branch, Duration timeout)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try (Repository bare = Git.open(remote.toFile()).getRepository()) {
        ObjectId head = bare.resolve(branch);
        if (head != null) {
          return head;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(branch + " was not pushed within " + timeout);
  }
}
