package io.pipelinemedic.runner.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinemedic.schemas.model.Relation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SQL of the dev schemas on Snowflake and Databricks, which no test here runs against a live
 * account: made unless they exist (transient on Snowflake), an incremental table cloned without
 * copying its data, dropped with everything in them, found by their owner; names that would need
 * quotes on Snowflake refused; what is production's. PostgreSQL's, the same code path for real, is
 * in PostgresDevAreaIT.
 */
class SchemaWarehouseSqlTest {

  private static final String AREA = "medic_inc_1_g_1a2b3c4d";

  private final SnowflakeDevAreas snowflake =
      new SnowflakeDevAreas(
          "acme-prod", "MEDIC", "MEDIC_SANDBOX", "MEDIC_WH", "ANALYTICS", null, "s3cret");
  private final DatabricksDevAreas databricks =
      new DatabricksDevAreas(
          "dbc-1.cloud.databricks.com", "/sql/1.0/warehouses/ab", "main", "dapi");

  @Test
  void snowflakeMakesATransientSchemaAndClonesWithoutCopying() {
    assertThat(snowflake.createSchema(AREA))
        .isEqualTo(
            "create transient schema if not exists ANALYTICS."
                + AREA
                + " data_retention_time_in_days = 0 comment = 'Pipeline Medic dev area'");
    assertThat(
            snowflake.copy(
                new Relation("ANALYTICS", "marts", "fct_usage"),
                new Relation("ANALYTICS", AREA + "_marts", "fct_usage")))
        .isEqualTo(
            "create table ANALYTICS." + AREA + "_marts.fct_usage clone ANALYTICS.marts.fct_usage");
    assertThat(snowflake.dropSchema("MEDIC_INC_1_G_1A2B3C4D"))
        .isEqualTo("drop schema if exists ANALYTICS.\"MEDIC_INC_1_G_1A2B3C4D\" cascade");
    assertThat(snowflake.schemasOf())
        .contains("schema_owner = current_role()")
        .contains("schema_name = upper(?)")
        .contains("like upper(?) escape '!'");
  }

  @Test
  void eachNamesARelationAsItsSqlDoes() {
    Relation relation = new Relation("ANALYTICS", "marts", "fct_usage");
    assertThat(snowflake.sql(relation)).isEqualTo("ANALYTICS.marts.fct_usage");
    assertThat(databricks.sql(relation)).isEqualTo("`ANALYTICS`.`marts`.`fct_usage`");
    assertThat(new PostgresDevAreas("h", 5432, "shop", "u", null).sql(relation))
        .isEqualTo("\"ANALYTICS\".\"marts\".\"fct_usage\"");
  }

  @Test
  void snowflakeRefusesANameThatWouldNeedQuotes() {
    assertThatThrownBy(
            () ->
                snowflake.copy(
                    new Relation("ANALYTICS", "marts", "x\"; drop table y; --"),
                    new Relation("ANALYTICS", AREA, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a plain Snowflake name");
  }

  @Test
  void snowflakesDevSchemasAreNotProductionWhateverTheirCase() {
    assertThat(snowflake.isProduction(new Relation("ANALYTICS", "MARTS", "FCT"))).isTrue();
    assertThat(snowflake.isProduction(new Relation("RAW", "MEDIC_LANDING", "EVENTS"))).isTrue();
    assertThat(snowflake.isProduction(new Relation("analytics", "MEDIC_X_1A2B3C4D", "FCT")))
        .isFalse();
    assertThat(snowflake.environment())
        .isEqualTo(Map.of(SchemaWarehouse.PASSWORD_VARIABLE, "s3cret"));
    SnowflakeDevAreas keyed =
        new SnowflakeDevAreas("a", "u", "r", "w", "d", Path.of("/keys/rsa.p8"), null);
    assertThat(keyed.environment()).isEmpty();
    assertThat(keyed.readOnly()).containsExactly(Path.of("/keys/rsa.p8"));
    assertThat(snowflake.toString()).doesNotContain("s3cret");
  }

  @Test
  void databricksShallowClonesIntoASchemaOfItsCatalog() {
    assertThat(databricks.createSchema(AREA))
        .isEqualTo(
            "create schema if not exists `main`.`" + AREA + "` comment 'Pipeline Medic dev area'");
    assertThat(
            databricks.copy(
                new Relation("main", "marts", "fct_usage"),
                new Relation("main", AREA + "_marts", "fct_usage")))
        .isEqualTo(
            "create table `main`.`"
                + AREA
                + "_marts`.`fct_usage` shallow clone `main`.`marts`.`fct_usage`");
    assertThat(databricks.dropSchema("we`ird"))
        .isEqualTo("drop schema if exists `main`.`we``ird` cascade");
    assertThat(databricks.schemasOf()).contains("schema_owner = current_user()");
    assertThat(databricks.isProduction(new Relation("main", "marts", "fct"))).isTrue();
    assertThat(databricks.isProduction(new Relation("main", AREA, "fct"))).isFalse();
    assertThat(databricks.environment())
        .isEqualTo(Map.of(SchemaWarehouse.PASSWORD_VARIABLE, "dapi"));
    assertThat(databricks.toString()).doesNotContain("dapi");
  }

  @Test
  void aCloneGoesOnlyIntoTheAreasOwnSchemasOfTheDevDatabase() {
    Relation production = new Relation("ANALYTICS", "marts", "fct_usage");
    for (SchemaWarehouse warehouse : java.util.List.of(snowflake, databricks)) {
      String database = warehouse == snowflake ? "ANALYTICS" : "main";
      SchemaDevArea area = new SchemaDevArea(warehouse, AREA, Path.of("state"), 0);
      for (Relation elsewhere :
          java.util.List.of(
              new Relation("OTHER", AREA + "_marts", "fct_usage"),
              new Relation(database, "medic_other_1a2b3c4d", "fct_usage"),
              new Relation(database, "marts", "fct_usage"))) {
        assertThatThrownBy(() -> area.copy(production, elsewhere))
            .as(warehouse + " into " + elsewhere)
            .isInstanceOf(java.io.IOException.class)
            .hasMessageContaining("is not in the dev schema");
      }
    }
    assertThat(databricks.isProduction(new Relation("MAIN", AREA.toUpperCase(), "x"))).isFalse();
  }

  @Test
  void eachProfileIsTheDevSchemaOnlyWithTheSecretInTheEnvironment() {
    assertThat(snowflake.profile("shop", "medic", AREA))
        .contains("type: snowflake")
        .contains("schema: '" + AREA + "'")
        .contains("env_var('" + SchemaWarehouse.PASSWORD_VARIABLE + "'")
        .doesNotContain("s3cret");
    assertThat(databricks.profile("shop", "medic", AREA))
        .contains("type: databricks")
        .contains("catalog: 'main'")
        .contains("env_var('" + SchemaWarehouse.PASSWORD_VARIABLE + "'")
        .doesNotContain("dapi\n");
  }
}
