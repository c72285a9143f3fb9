package io.pipelinemedic.runner.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A run's manifest becomes the state dbt defers to only when every relation it names is names. */
class StateManifestTest {

  /** Production is the catalog {@code prod}. */
  private static final Predicate<Relation> PRODUCTION =
      relation -> "prod".equals(relation.database());

  @TempDir Path dir;

  @Test
  void plainRelationsAreKeptAndTheSourcesRead() throws IOException {
    Path state =
        StateManifest.copy(
            manifest("model", "prod", "main_staging", "stg_orders"),
            dir.resolve("state"),
            PRODUCTION);

    assertThat(state.resolve("manifest.json")).exists();
    assertThat(StateManifest.sources(state))
        .containsExactly(new Relation("prod", "raw_shop", "orders"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "model | prod | main | stg_orders\\\"; copy (select 1) to '/tmp/x'; --",
        "seed | prod\\\".\\\"other | main | countries",
        "snapshot | prod | main staging | orders_snapshot",
        "source | prod | raw_shop | orders`",
        "model | prod | main | stg\\norders",
        "model | prod | main | stg--orders",
        "model | prod | main | stg$orders"
      })
  void aRelationThatIsNotPlainNamesIsRefusedBeforeDbtSeesIt(
      String type, String database, String schema, String alias) throws IOException {
    Path hostile = manifest(type, database, schema, alias);

    assertThatThrownBy(() -> StateManifest.copy(hostile, dir.resolve("state"), PRODUCTION))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a plain name");
    assertThat(dir.resolve("state/manifest.json")).doesNotExist();
  }

  @Test
  void aDeferredRelationOutsideProductionIsRefused() throws IOException {
    Path elsewhere = manifest("model", "prod_medic_dev", "main", "stg_orders");

    assertThatThrownBy(() -> StateManifest.copy(elsewhere, dir.resolve("state"), PRODUCTION))
        .hasMessageContaining("not production's: prod_medic_dev.main.stg_orders");
  }

  @Test
  void anAliasBehindAPlainIdentifierOrQuotingTurnedOffIsRefused() throws IOException {
    Path both = dir.resolve("both.json");
    Files.writeString(
        both,
        "{\"nodes\": {\"model.shop.x\": {\"resource_type\": \"model\", \"database\": \"prod\","
            + " \"schema\": \"main\", \"identifier\": \"ok\", \"alias\": \"x\\\"; drop\"}}}");
    Path unquoted = dir.resolve("unquoted.json");
    Files.writeString(
        unquoted,
        "{\"nodes\": {\"model.shop.x\": {\"resource_type\": \"model\", \"database\": \"prod\","
            + " \"schema\": \"main\", \"alias\": \"x\", \"config\": {\"quoting\":"
            + " {\"identifier\": false}}}}}");
    Path objectPart = dir.resolve("object.json");
    Files.writeString(
        objectPart,
        "{\"nodes\": {\"model.shop.x\": {\"resource_type\": \"model\", \"database\": \"prod\","
            + " \"schema\": {\"x\": 1}, \"alias\": \"x\"}}}");

    for (Path hostile : List.of(both, unquoted, objectPart)) {
      assertThatThrownBy(() -> StateManifest.copy(hostile, dir.resolve("state"), PRODUCTION))
          .as(hostile.getFileName().toString())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("so production is not read through it");
    }
  }

  @Test
  void aTestsRelationIsNotRead() throws IOException {
    Path manifest = manifest("test", "prod", "main", "x\\\"; drop table y; --");

    assertThat(
            StateManifest.copy(manifest, dir.resolve("state"), PRODUCTION).resolve("manifest.json"))
        .exists();
  }

  /** A manifest with one node of {@code type} and one plain source; the parts as JSON text. */
  private Path manifest(String type, String database, String schema, String alias)
      throws IOException {
    String node = type.equals("source") ? "source.shop.raw.hostile" : type + ".shop.node";
    String identifier = type.equals("source") ? "identifier" : "alias";
    String nodes =
        type.equals("source")
            ? ""
            : "\"" + node + "\": " + relation(type, database, schema, identifier, alias);
    String hostileSource =
        type.equals("source")
            ? ", \"" + node + "\": " + relation(type, database, schema, identifier, alias)
            : "";
    Path file = dir.resolve("manifest.json");
    Files.writeString(
        file,
        "{\"metadata\": {\"dbt_schema_version\":"
            + " \"https://schemas.getdbt.com/dbt/manifest/v12.json\"},"
            + " \"nodes\": {"
            + nodes
            + "}, \"sources\": {\"source.shop.shop.orders\": "
            + relation("source", "prod", "raw_shop", "identifier", "orders")
            + hostileSource
            + "}}");
    return file;
  }

  private static String relation(
      String type, String database, String schema, String field, String name) {
    return "{\"resource_type\": \""
        + type
        + "\", \"name\": \"n\", \"database\": \""
        + database
        + "\", \"schema\": \""
        + schema
        + "\", \""
        + field
        + "\": \""
        + name
        + "\"}";
  }
}
