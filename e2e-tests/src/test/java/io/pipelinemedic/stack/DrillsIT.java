package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.stack.demo.ExampleTeam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
 * agent runner joining the consumer group. Each incident completes with one fix branch, one commit
 * and one {@code published}; the figures are printed.
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
  void aSecondAgentRunnerTakesPartOfTheWork() throws Exception {
    Duration one = batch(4);
    ServiceSpec runner = system.config().service("agent-runner-service");
    system
        .supervisor()
        .startAnother(
            new ServiceSpec(
                runner.name(),
                runner.jar(),
                SystemUnderTest.freePort(),
                runner.secrets(),
                runner.environment()));
    // the batch is timed once the group has settled with both runners (a rebalance in the middle
    // of a group redelivers it: the other runner resumes it, which costs a verification)
    ConsumerGroupDescription group = awaitMembers(2, Duration.ofMinutes(2));
    assertThat(group.members()).hasSize(2);
    assertThat(group.members())
        .allSatisfy(member -> assertThat(member.assignment().topicPartitions()).isNotEmpty());
    Duration two = batch(4);

    System.out.printf(
        "a batch of 4 incidents: one runner %.1f s, two runners %.1f s, ratio %.2f%n",
        one.toMillis() / 1000.0, two.toMillis() / 1000.0, (double) one.toMillis() / two.toMillis());
  }

  /** Returns once the runner's sandbox for {@code incident} has started running dbt. */
  private static void awaitDbtInSandbox(String incident) throws Exception {
    Instant deadline = Instant.now().plus(STAGE_WAIT);
    while (Instant.now().isBefore(deadline)) {
      if (Files.isDirectory(system.workspaces())) {
        try (Stream<Path> sandboxes = Files.list(system.workspaces())) {
          if (sandboxes.anyMatch(
              sandbox ->
                  sandbox.getFileName().toString().startsWith(incident + "-")
                      && Files.isDirectory(sandbox.resolve("target")))) {
            return;
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the runner did not start dbt for " + incident + " in " + STAGE_WAIT);
  }

  /** The runners' consumer group once it has {@code members} members, each with partitions. */
  private static ConsumerGroupDescription awaitMembers(int members, Duration timeout)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.config().bootstrapServers()))) {
      while (true) {
        ConsumerGroupDescription group =
            admin
                .describeConsumerGroups(List.of("agent-runner-service"))
                .all()
                .get()
                .get("agent-runner-service");
        if ((group.members().size() == members
                && group.members().stream()
                    .noneMatch(member -> member.assignment().topicPartitions().isEmpty()))
            || Instant.now().isAfter(deadline)) {
          return group;
        }
        Thread.sleep(500);
      }
    }
  }

  /** Delivers {@code size} runs at once; the time until every one of them is complete. */
  private static Duration batch(int size) throws Exception {
    Instant start = Instant.now();
    List<String> incidents = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      incidents.add(team.deliver(night));
    }
    for (String incident : incidents) {
      assertOneVerifiedFix(incident, team.awaitComplete(incident), "batch");
    }
    return Duration.between(start, Instant.now());
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
