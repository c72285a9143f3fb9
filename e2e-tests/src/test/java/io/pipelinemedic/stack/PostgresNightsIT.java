package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinemedic.dbt.scenario.Scenario;
import io.pipelinemedic.dbt.scenario.ScenarioRun;
import io.pipelinemedic.dbt.scenario.ScenarioRunner;
import io.pipelinemedic.stack.demo.ExampleTeam;
import io.pipelinemedic.stack.eval.EvalScore;
import io.pipelinemedic.testsupport.TableChecksums;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The example team on PostgreSQL, as {@code ./medic demo --warehouse postgres} runs it: production
 * built afresh each night in the stack's own server by the team's production role, real
 * dbt-postgres, the runner and the classifier on the sandbox role that the repository's script
 * grants. Each night ends as its ground truth says (class, root cause, action; a RECIPE or an AGENT
 * change verified in a dev schema and pushed; the report to the data's owner; the transient lock
 * noted), and every production table and view is byte for byte what it was before the webhook. The
 * coding agent is a scripted engineer ({@code medic.runner.agent.kind=command}) whose change
 * Pipeline Medic verifies like any agent's.
 */
class PostgresNightsIT {

  private static final Set<String> NIGHTS =
      Set.of(
          "01-new-sku-prefix",
          "02-duplicate-order-lines",
          "03-new-order-status",
          "04-fan-out-join",
          "06-renamed-column",
          "08-fx-database-locked");

  private static final Path ENGINEER =
      SystemUnderTest.ROOT.resolve("e2e-tests/src/test/resources/scripted-engineer");

  @Test
  void everyNightEndsAsItsGroundTruthSaysAndProductionIsUnchanged() throws Exception {
    List<Scenario> scenarios =
        ScenarioRunner.scenarios(SystemUnderTest.ROOT).stream()
            .filter(scenario -> NIGHTS.contains(scenario.name()))
            .toList();
    Map<String, Map<String, String>> before = new LinkedHashMap<>();
    Map<String, Map<String, String>> after = new LinkedHashMap<>();
    Map<String, EvalScore> scores = new LinkedHashMap<>();
    List<Night> nights;
    try (SystemUnderTest system =
        SystemUnderTest.start(
            StackConfig.EXAMPLE_POSTGRES_CONFIG,
            Map.of(
                "MEDIC_RUNNER_AGENT_KIND",
                "command",
                "MEDIC_RUNNER_AGENT_COMMAND",
                "sh," + ENGINEER.resolve("fix.sh"),
                "MEDIC_RUNNER_SANDBOX_READ_ONLY_PATHS",
                ENGINEER.toString()))) {
      StackConfig config = system.config();
      Demo demo = new Demo(config, System.out);
      nights =
          demo.play(
              scenarios,
              new Demo.NightObserver() {
                @Override
                public void played(Scenario scenario, ScenarioRun played) throws Exception {
                  before.put(scenario.name(), production(config));
                }

                @Override
                public void after(Scenario scenario, ScenarioRun played, Night night)
                    throws Exception {
                  after.put(scenario.name(), production(config));
                  EvalScore.Events events = EvalScore.Events.of(night);
                  scores.put(
                      scenario.name(),
                      EvalScore.of(
                          scenario,
                          events.classified(),
                          events.fixes(),
                          events.reports(),
                          null,
                          night.took()));
                }
              });
      demo.summarise(nights);
      assertThatThrownBy(() -> sandboxRoleWrites(config))
          .as("PostgreSQL itself refuses the sandbox role a write of production")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }

    for (Scenario scenario : scenarios) {
      String name = scenario.name();
      EvalScore score = scores.get(name);
      assertThat(score).as(name + " was scored").isNotNull();
      assertThat(score.classRight()).as(name + ": class").isTrue();
      assertThat(score.rootCauseRight()).as(name + ": root cause").isTrue();
      assertThat(score.actionRight()).as(name + ": action").isTrue();
      assertThat(score.groups()).as(name + ": one root cause").isEqualTo(1);
      if ("CODE".equals(scenario.expected().failureClass())) {
        assertThat(score.fixVerified()).as(name + ": a fix verified by dbt-postgres").isTrue();
      }
      if (score.ownerRight() != null) {
        assertThat(score.ownerRight()).as(name + ": the report to the data's owner").isTrue();
      }
      assertThat(before.get(name)).as(name + ": production's tables").hasSizeGreaterThan(10);
      assertThat(after.get(name))
          .as(name + ": production after the night, table by table")
          .isEqualTo(before.get(name));
    }
    assertThat(nights).extracting(Night::complete).containsOnly(true);
  }

  /** An MD5 of every production table's rows and of every view's definition, by name. */
  private static Map<String, String> production(StackConfig config) throws SQLException {
    try (Connection admin = connect(config, PostgresNode.USER);
        Statement sql = admin.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows =
          sql.executeQuery(
              "select format('%I.%I', schemaname, tablename) from pg_tables"
                  + " where tableowner = '"
                  + ExampleTeam.PRODUCTION_ROLE
                  + "'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      Map<String, String> checksums = new TreeMap<>(TableChecksums.of(sql, tables));
      try (ResultSet rows =
          sql.executeQuery(
              "select format('%I.%I', schemaname, viewname), md5(definition) from pg_views"
                  + " where viewowner = '"
                  + ExampleTeam.PRODUCTION_ROLE
                  + "'")) {
        while (rows.next()) {
          checksums.put(rows.getString(1), rows.getString(2));
        }
      }
      return checksums;
    }
  }

  private static void sandboxRoleWrites(StackConfig config) throws SQLException {
    try (Connection sandbox = connect(config, "medic_sandbox");
        Statement sql = sandbox.createStatement()) {
      sql.execute("update analytics_marts.fct_orders set amount_paid = 0");
    }
  }

  private static Connection connect(StackConfig config, String user) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + config.postgresPort() + "/shop", user, "");
  }
}
