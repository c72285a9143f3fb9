package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinemedic.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stack's configuration: its defaults, a team's file, the environment over both. */
class StackConfigTest {

  private static final Path ROOT =
      Path.of(System.getProperty("medic.root", "..")).toAbsolutePath().normalize();

  @Test
  void defaultsKeepEverythingUnderTheRepositoryAndNameNoTeam() {
    StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"), Map.of());

    assertThat(config.home()).isEqualTo(Path.of("/repo/.medic"));
    assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:19092");
    assertThat(config.postgresPort()).isEqualTo(15432);
    assertThat(config.teamConfig()).isNull();
    assertThat(config.services())
        .extracting(ServiceSpec::name)
        .containsExactly(
            "ingest-service",
            "context-service",
            "classifier-service",
            "kb-sync-service",
            "agent-runner-service",
            "publisher-service");
    assertThat(config.services().get(0).url()).isEqualTo("http://127.0.0.1:8081");
    assertThat(config.services().get(3).environment())
        .containsExactlyEntriesOf(Map.of("MEDIC_KB_GIT_CLONE_DIR", "/repo/.medic/kb-git"));
    assertThat(config.services().get(4).environment())
        .as("the stack's own places only: no team's repository, warehouse or attachment")
        .containsOnlyKeys("MEDIC_RUNNER_WORKSPACES", "MEDIC_RUNNER_DBT")
        .containsEntry("MEDIC_RUNNER_DBT", "/repo/.venv/dbt/bin/dbt");
    assertThat(config.services().get(1).environment()).isEmpty();
    assertThat(config.services().get(2).environment()).isEmpty();
  }

  @Test
  void theTeamsFileGivesEachServiceItsSettingsAndTheEnvironmentWins() throws Exception {
    Path file = Files.createTempFile("medic", ".properties");
    Files.writeString(
        file,
        """
        # a team
        medic.runner.git-remote=${MEDIC_HOME}/team/project.git
        medic.runner.production-duckdb = /data/prod.duckdb
        medic.classifier.warehouse.duckdb.path=/data/prod.duckdb
        medic.kb.git.uri=${MEDIC_ROOT}
        medic.runner.agent.kind=claude-code
        """);

    StackConfig config =
        StackConfig.fromEnvironment(
            Path.of("/repo"),
            Map.of(
                TeamConfig.VARIABLE,
                file.toString(),
                "MEDIC_HOME",
                "/data/medic",
                "MEDIC_RUNNER_PRODUCTION_DUCKDB",
                "/other/prod.duckdb"));

    assertThat(config.teamConfig()).isEqualTo(file);
    assertThat(config.service("agent-runner-service").environment())
        .containsEntry("MEDIC_RUNNER_GIT_REMOTE", "/data/medic/team/project.git")
        .containsEntry("MEDIC_RUNNER_PRODUCTION_DUCKDB", "/other/prod.duckdb")
        .containsEntry(
            "MEDIC_RUNNER_AGENT_EXECUTABLE", "/repo/.venv/agents/node_modules/.bin/claude");
    assertThat(config.service("classifier-service").environment())
        .containsExactlyEntriesOf(
            Map.of("MEDIC_CLASSIFIER_WAREHOUSE_DUCKDB_PATH", "/data/prod.duckdb"));
    assertThat(config.service("kb-sync-service").environment())
        .containsEntry("MEDIC_KB_GIT_URI", "/repo");
  }

  @Test
  void aTeamsFileWithAForeignSettingOrAnUnknownPlaceholderIsRefusedWithItsLine() throws Exception {
    Path foreign = Files.createTempFile("medic", ".properties");
    Files.writeString(foreign, "quarkus.http.port=1\n");
    Path unknown = Files.createTempFile("medic", ".properties");
    Files.writeString(unknown, "medic.runner.git-remote=${TEAM_REPO}\n");

    assertThatThrownBy(
            () ->
                StackConfig.fromEnvironment(
                    Path.of("/repo"), Map.of(TeamConfig.VARIABLE, foreign.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quarkus.http.port is not a Pipeline Medic setting");
    assertThatThrownBy(
            () ->
                StackConfig.fromEnvironment(
                    Path.of("/repo"), Map.of(TeamConfig.VARIABLE, unknown.toString())))
        .hasMessageContaining("names ${TEAM_REPO}, which has no value");
  }

  @Test
  void theExampleTeamIsAFileLikeAnyOther() {
    StackConfig config =
        StackConfig.fromEnvironment(
            ROOT, Map.of(TeamConfig.VARIABLE, ROOT.resolve(StackConfig.EXAMPLE_CONFIG).toString()));

    assertThat(config.service("agent-runner-service").environment())
        .containsEntry(
            "MEDIC_RUNNER_GIT_REMOTE", ROOT.resolve(".medic/example-team/shop.git").toString())
        .containsKey("MEDIC_RUNNER_ATTACHMENTS_FX");
    assertThat(config.service("context-service").environment())
        .containsEntry("MEDIC_CONTEXT_DBT_CLOUD_BASE_URL", "http://127.0.0.1:8090");
  }

  @Test
  void environmentOverridesPortsAndHome() {
    StackConfig config =
        StackConfig.fromEnvironment(
            Path.of("/repo"),
            Map.of(
                "MEDIC_HOME",
                "/data/medic",
                "MEDIC_KAFKA_PORT",
                "29092",
                "MEDIC_INGEST_PORT",
                "9081",
                "MEDIC_KB_GIT_URI",
                "https://github.com/shop/dbt.git",
                "MEDIC_KB_NOTION_DATABASE_ID",
                "248104cd477e80fdb757e945d38000bd",
                "MEDIC_PUBLISHER_SLACK_TOKEN",
                "xoxb-1",
                "MEDIC_PUBLISHER_PORT",
                "9085"));

    assertThat(config.home()).isEqualTo(Path.of("/data/medic"));
    assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:29092");
    assertThat(config.services().get(0).port()).isEqualTo(9081);
    assertThat(config.services().get(3).environment())
        .containsEntry("MEDIC_KB_GIT_URI", "https://github.com/shop/dbt.git")
        .containsEntry("MEDIC_KB_NOTION_DATABASE_ID", "248104cd477e80fdb757e945d38000bd")
        .doesNotContainKey("MEDIC_PUBLISHER_SLACK_TOKEN");
    assertThat(config.services().get(5).port()).isEqualTo(9085);
    assertThat(config.services().get(5).environment())
        .containsExactlyEntriesOf(Map.of("MEDIC_PUBLISHER_SLACK_TOKEN", "xoxb-1"));
  }

  @Test
  void theKnowledgeBaseIsCompactedAndDeadLettersAreKeptAMonth() {
    assertThat(TopicProvisioner.configOf(Topics.KB_ENTRIES))
        .containsEntry("cleanup.policy", "compact");
    assertThat(TopicProvisioner.configOf(Topics.dlq(Topics.RUN_FAILED)))
        .containsEntry("retention.ms", String.valueOf(30L * 24 * 3600 * 1000));
    assertThat(TopicProvisioner.configOf(Topics.RUN_FAILED)).isEmpty();
  }

  @Test
  void servicesGetTheStackAddressesAndOnlyTheirSecrets() throws Exception {
    Path home = java.nio.file.Files.createTempDirectory("medic-home");
    StackConfig config =
        StackConfig.fromEnvironment(Path.of("/repo"), Map.of("MEDIC_HOME", home.toString()));
    Secrets secrets = Secrets.loadOrCreate(home);

    Map<String, String> env =
        new Supervisor(config).serviceEnvironment(config.services().get(0), secrets);

    assertThat(env)
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092")
        .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:15432/medic")
        .containsEntry("QUARKUS_HTTP_HOST", "127.0.0.1")
        .containsEntry("MEDIC_INGEST_DBT_CLOUD_SECRET", secrets.get("dbt-cloud"));
    assertThat(secrets.get("dbt-cloud")).hasSize(48).isNotEqualTo(secrets.get("airflow"));
    assertThat(Secrets.loadOrCreate(home).get("dbt-cloud"))
        .as("kept across runs")
        .isEqualTo(secrets.get("dbt-cloud"));
  }
}
