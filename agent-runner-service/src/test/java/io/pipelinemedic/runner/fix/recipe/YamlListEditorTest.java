package io.pipelinemedic.runner.fix.recipe;

import static io.pipelinemedic.runner.fix.recipe.YamlListEditor.anyKey;
import static io.pipelinemedic.runner.fix.recipe.YamlListEditor.itemKey;
import static io.pipelinemedic.runner.fix.recipe.YamlListEditor.itemWith;
import static io.pipelinemedic.runner.fix.recipe.YamlListEditor.key;
import static io.pipelinemedic.runner.fix.recipe.YamlListEditor.testArgument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Appending to lists in the example project's own YAML files, and in the shapes dbt allows. */
class YamlListEditorTest {

  private static final Path SHOP =
      Path.of(System.getProperty("medic.root", "..")).resolve("examples/shop");

  @Test
  void aNewSkuPrefixIsAppendedToTheProjectVariableAndNothingElseChanges() throws IOException {
    String project = Files.readString(SHOP.resolve("dbt_project.yml"));
    Map<String, Object> garden = new LinkedHashMap<>();
    garden.put("prefix", "GRD");
    garden.put("product_line", "garden");

    String changed =
        YamlListEditor.append(
            project, List.of(key("vars"), key("sku_product_lines")), List.of(garden));

    assertThat(changed)
        .isEqualTo(
            project.replace(
                "    - {prefix: KID, product_line: kids}\n",
                "    - {prefix: KID, product_line: kids}\n    - {prefix: GRD, product_line: garden}\n"));
    assertThat(YamlListEditor.values(changed, List.of(key("vars"), key("sku_product_lines"))))
        .endsWith("{prefix: KID, product_line: kids}", "{prefix: GRD, product_line: garden}");
  }

  @Test
  void aNewStatusIsAddedInsideTheTestsFlowList() throws IOException {
    String models = Files.readString(SHOP.resolve("models/staging/shop/_shop__models.yml"));
    List<YamlListEditor.Step> status =
        List.of(
            key("models"),
            itemWith("name", "stg_orders"),
            key("columns"),
            itemWith("name", "status"),
            anyKey("data_tests", "tests"),
            itemKey("accepted_values"),
            testArgument("values"));

    String changed = YamlListEditor.append(models, status, List.of("on_hold", "yes"));

    assertThat(changed)
        .isEqualTo(
            models.replaceFirst(
                "values: \\[placed, paid, shipped, delivered, returned, cancelled]",
                "values: [placed, paid, shipped, delivered, returned, cancelled, on_hold, 'yes']"));
    assertThat(YamlListEditor.values(changed, status)).endsWith("on_hold", "yes");
  }

  @Test
  void blockListsKeepTheirIndentationQuotingAndTrailingComments() {
    String yaml =
        """
        columns:
          - name: status
            values:
              - "placed"   # the first status
              - "paid"
            # comment after the list
          - name: other
        """;
    List<YamlListEditor.Step> values =
        List.of(key("columns"), itemWith("name", "status"), key("values"));

    String changed = YamlListEditor.append(yaml, values, List.of("on \"hold\""));

    assertThat(changed)
        .isEqualTo(
            yaml.replace("      - \"paid\"\n", "      - \"paid\"\n      - \"on \\\"hold\\\"\"\n"));
    assertThat(YamlListEditor.values(changed, values))
        .containsExactly("placed", "paid", "on \"hold\"");
  }

  @Test
  void blockMapsAreAppendedAsBlockMaps() {
    String yaml = "mapping:\n- prefix: APP\n  line: apparel\nnext: 1\n";
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("prefix", "GRD");
    item.put("line", "garden: outdoor");

    String changed = YamlListEditor.append(yaml, List.of(key("mapping")), List.of(item));

    assertThat(changed)
        .isEqualTo(
            "mapping:\n- prefix: APP\n  line: apparel\n- prefix: GRD\n  line: 'garden: outdoor'\nnext: 1\n");
  }

  @Test
  void aPathThatLeadsNowhereOrNotToAListIsRefused() {
    String yaml = "vars:\n  fx_database: x\n";

    assertThatThrownBy(
            () -> YamlListEditor.append(yaml, List.of(key("vars"), key("missing")), List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no such place");
    assertThatThrownBy(
            () ->
                YamlListEditor.append(yaml, List.of(key("vars"), key("fx_database")), List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a list");
  }
}
