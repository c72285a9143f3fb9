package io.pipelinemedic.runner.fix.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinemedic.artifacts.Manifest;
import io.pipelinemedic.artifacts.ManifestNode;
import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A KB values_query runs without dbt: only ref and source, resolved and quoted; no other Jinja. */
class ValuesQueryTest {

  private static final Manifest MANIFEST =
      new Manifest(
          Map.of(
              "model.shop.stg_order_lines",
              node("model.shop.stg_order_lines", "model", "stg_order_lines", "staging"),
              "source.shop.vendor.products",
              node("source.shop.vendor.products", "source", "products", "raw_vendor")),
          Map.of());

  /** A relation as DuckDB and PostgreSQL write it. */
  private static final Function<Relation, String> QUOTED =
      relation -> relation.joined(name -> "\"" + name.replace("\"", "\"\"") + "\"");

  @Test
  void refAndSourceBecomeTheManifestsRelationsQuoted() throws IOException {
    String sql =
        ValuesQuery.resolve(
            "select l.sku from {{ ref('stg_order_lines') }} l"
                + " join {{source( \"vendor\" , 'products' )}} p on p.sku = l.sku",
            MANIFEST,
            ManifestNode::relation,
            QUOTED);

    assertThat(sql)
        .isEqualTo(
            "select l.sku from \"prod\".\"staging\".\"stg_order_lines\" l"
                + " join \"prod\".\"raw_vendor\".\"products\" p on p.sku = l.sku");
    assertThat(
            ValuesQuery.resolve(
                "select 1 from {{ ref('shop', 'stg_order_lines') }}",
                MANIFEST,
                ManifestNode::relation,
                QUOTED))
        .contains("\"stg_order_lines\"");
  }

  @Test
  void anyOtherJinjaIsRefusedAndNothingIsRendered() {
    for (String hostile :
        List.of(
            "select '{{ env_var(\"MEDIC_RUNNER_GIT_TOKEN\") }}' as v",
            "select * from {{ run_query('copy (select 1) to \\'/tmp/x\\'') }}",
            "{% set x = 1 %}select 1",
            "select 1 {# a comment #}",
            "select * from {{ ref('stg_order_lines') ~ '; drop table x' }}")) {
      assertThatThrownBy(
              () -> ValuesQuery.resolve(hostile, MANIFEST, ManifestNode::relation, QUOTED))
          .as(hostile)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("only {{ ref(...) }} and {{ source(...) }}");
    }
  }

  @Test
  void aReferenceToNothingOfTheProjectIsNamed() {
    assertThatThrownBy(
            () ->
                ValuesQuery.resolve(
                    "select 1 from {{ ref('gone') }}", MANIFEST, ManifestNode::relation, QUOTED))
        .hasMessageContaining("{{ ref('gone') }} names nothing of the project");
    assertThatThrownBy(
            () ->
                ValuesQuery.resolve(
                    "select 1 from {{ ref('other', 'stg_order_lines') }}",
                    MANIFEST,
                    ManifestNode::relation,
                    QUOTED))
        .hasMessageContaining("names nothing");
  }

  private static ManifestNode node(String id, String type, String name, String schema) {
    return new ManifestNode(
        id,
        type,
        name,
        null,
        null,
        new Relation("prod", schema, name),
        null,
        null,
        List.of(),
        null,
        null,
        null);
  }
}
