package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.stack.demo.ExampleTeam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failure drills on the whole system, each with the example team's new-order-status night (a KB
 * recipe fixed, verified by dbt and pushed): every service killed the hard way in the middle of an
 * incident and restarted; the broker killed and restarted in the middle of a run; then a second
 * agent runner joining the consumer group, both holding partitions. Each incident completes with
 * one fix branch, one commit and one {@code published}; the restart figures are printed (how the
 * work scales with a second runner is measured by {@code PipelineBenchmark}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SystemUnderTest.Shared.class)
class DrillsIT {

  private static final Duration STAGE_WAIT = Duration.ofMinutes(3);

  private static SystemUnderTest system;
  private static ExampleNights team;
  private static ScenarioRun night;

  @BeforeAll
  static void prepareTheNight(SystemUnderTest shared) throws Exception {
    system = shared;
    team = new ExampleNights(system.config());
    night = team.prepare("03-");
  }

  @AfterAll
  static void closeTheTeam() {
    if (team != null) {
      team.close();
    }
  }

  @Test
  @Order(1)
  void eachServiceKilledInTheMiddleOfAnIncidentAndRestartedLosesNothingAndRepeatsNothing()
      throws Exception {
    // which service is killed once the incident has reached which topic
    Map<String, String> killAfter = new LinkedHashMap<>();
    killAfter.put("ingest-service", "run.failed");
    killAfter.put("context-service", "run.failed");
    killAfter.put("classifier-service", "context.ready");
    killAfter.put("agent-runner-service", "classified");
    killAfter.put("publisher-service", "classified");
    killAfter.put("kb-sync-service", "run.failed");
    List<String> figures = new ArrayList<>();
    for (Map.Entry<String, String> drill : killAfter.entrySet()) {
      String service = drill.getKey();
      Instant sent = Instant.now();
      String incident = team.deliver(night);
      team.await(incident, view -> ExampleNights.reached(view, drill.getValue()), STAGE_WAIT);
      if (service.equals("agent-runner-service")) {
        awaitDbtInSandbox(incident); // killed in the middle of its sandbox work
      }
      Instant killed = Instant.now();
      system.supervisor().crashAndRestart(service);
      Duration restart = Duration.between(killed, Instant.now());

      JsonNode view = team.awaitComplete(incident);

      assertOneVerifiedFix(incident, view, service + " killed after " + drill.getValue());
      figures.add(
          String.format(
              "%-22s killed after %-14s restarted in %5.1f s; incident complete in %5.1f s",
              service,
              drill.getValue(),
              restart.toMillis() / 1000.0,
              Duration.between(sent, Instant.now()).toMillis() / 1000.0));
    }
    figures.forEach(System.out::println);
  }

  @Test
  @Order(2)
  void theBrokerKilledInTheMiddleOfARunAndRestartedLosesNoIncidentAndDuplicatesNone()
      throws Exception {
    Instant sent = Instant.now();
    String first = team.deliver(night);
    String second = team.deliver(night);
    team.await(first, view -> ExampleNights.reached(view, "classified"), STAGE_WAIT);

    Instant killed = Instant.now();
    system.supervisor().crashAndRestart(Supervisor.KAFKA);
    Duration restart = Duration.between(killed, Instant.now());

    for (String incident : List.of(first, second)) {
      assertOneVerifiedFix(incident, team.awaitComplete(incident), "broker restarted");
    }
    System.out.printf(
        "kafka killed mid-run, back in %.1f s; both incidents complete in %.1f s%n",
        restart.toMillis() / 1000.0, Duration.between(sent, Instant.now()).toMillis() / 1000.0);
  }

  @Test
  @Order(3)
  void aSecondAgentRunnerJoinsTheGroupAndTheWorkStillEndsOnce() throws Exception {
    ConsumerGroupDescription group = system.addRunner(Duration.ofMinutes(2));

    assertThat(group.members()).as("the runners' consumer group").hasSize(2);
    assertThat(group.members())
        .allSatisfy(member -> assertThat(member.assignment().topicPartitions()).isNotEmpty());
    List<String> incidents = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      incidents.add(team.deliver(night));
    }
    for (String incident : incidents) {
      assertOneVerifiedFix(incident, team.awaitComplete(incident), "two runners");
    }
  }

  /** Whether the runner's sandbox folder {@code sandbox} is one of {@code incident}'s groups'. */
  private static boolean isFor(Path sandbox, String incident) {
    try {
      return Files.readString(sandbox.resolve("group")).startsWith(incident + "/");
    } catch (IOException e) {
      return false; // not made yet, or a folder ahead of the next group
    }
  }

  /**
   * Returns once the runner's sandbox for {@code incident} has started running dbt; fails at once
   * when the runner finished the incident before that could be seen.
   */
  private static void awaitDbtInSandbox(String incident) throws Exception {
    Instant deadline = Instant.now().plus(STAGE_WAIT);
    for (int polls = 0; Instant.now().isBefore(deadline); polls++) {
      if (Files.isDirectory(system.workspaces())) {
        try (Stream<Path> sandboxes = Files.list(system.workspaces())) {
          if (sandboxes.anyMatch(
              sandbox ->
                  isFor(sandbox, incident) && Files.isDirectory(sandbox.resolve("target")))) {
            return;
          }
        }
      }
      if (polls % 20 == 0) {
        JsonNode view = team.view(incident);
        if (view != null && ExampleNights.reached(view, "fix.proposed")) {
          throw new AssertionError(
              "the runner finished " + incident + " before it could be killed in its sandbox");
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the runner did not start dbt for " + incident + " in " + STAGE_WAIT);
  }

  private static void assertOneVerifiedFix(String incident, JsonNode view, String drill)
      throws Exception {
    List<JsonNode> fixes = ExampleNights.events(view, "fix.proposed");
    assertThat(fixes).as(drill + ": fixes of " + incident).isNotEmpty();
    assertThat(fixes)
        .as(drill + ": every fix.proposed verified, with one commit")
        .allSatisfy(fix -> assertThat(fix.path("outcome").asText()).isEqualTo("VERIFIED"))
        .extracting(fix -> fix.at("/change/commitSha").asText())
        .containsOnly(fixes.get(0).at("/change/commitSha").asText());
    assertThat(ExampleNights.events(view, "published")).as(drill + ": one published").hasSize(1);
    assertThat(new ExampleTeam(system.config().exampleTeam()).fixBranches())
        .as(drill + ": one fix branch")
        .filteredOn(branch -> branch.startsWith("medic/" + incident + "-"))
        .hasSize(1);
  }
}
