package io.pipelinemedic.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.Topics;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {

  @Test
  void defaultsKeepEverythingUnderTheRepository() {
    StackConfig config = StackConfig.fromEnvironment(Path.of("/repo"), Map.of());

    assertThat(config.home()).isEqualTo(Path.of("/repo/.medic"));
    assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:19092");
    assertThat(config.postgresPort()).isEqualTo(15432);
    assertThat(config.services())
        .extracting(ServiceSpec::name)
        .containsExactly(
            "ingest-service",
            "context-service",
            "classifier-service",
            "kb-sync-service",
            "agent-runner-service",
            "publisher-service");
    assertThat(config.services().get(3).environment())
        .containsEntry("MEDIC_KB_GIT_URI", "/repo")
        .containsEntry("MEDIC_KB_GIT_PATH", "examples")
        .containsEntry("MEDIC_KB_GIT_CLONE_DIR", "/repo/.medic/kb-git");
    assertThat(config.services().get(0).url()).isEqualTo("http://127.0.0.1:8081");
    assertThat(config.services().get(1).environment())
        .containsEntry("MEDIC_CONTEXT_DBT_CLOUD_BASE_URL", "http://127.0.0.1:8090");
    assertThat(config.services().get(4).environment())
        .containsEntry("MEDIC_RUNNER_GIT_REMOTE", "/repo/.medic/example-team/shop.git")
        .containsEntry(
            "MEDIC_RUNNER_PRODUCTION_DUCKDB", "/repo/.medic/example-team/warehouse/prod.duckdb")
        .containsEntry("MEDIC_RUNNER_DBT", "/repo/.venv/dbt/bin/dbt");
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
