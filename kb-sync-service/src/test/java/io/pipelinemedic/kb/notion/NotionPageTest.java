package io.pipelinemedic.kb.notion;

import static io.pipelinemedic.kb.notion.NotionFixtures.block;
import static io.pipelinemedic.kb.notion.NotionFixtures.equation;
import static io.pipelinemedic.kb.notion.NotionFixtures.heading;
import static io.pipelinemedic.kb.notion.NotionFixtures.hosted;
import static io.pipelinemedic.kb.notion.NotionFixtures.id;
import static io.pipelinemedic.kb.notion.NotionFixtures.link;
import static io.pipelinemedic.kb.notion.NotionFixtures.linkTo;
import static io.pipelinemedic.kb.notion.NotionFixtures.mention;
import static io.pipelinemedic.kb.notion.NotionFixtures.numbered;
import static io.pipelinemedic.kb.notion.NotionFixtures.paragraph;
import static io.pipelinemedic.kb.notion.NotionFixtures.richText;
import static io.pipelinemedic.kb.notion.NotionFixtures.row;
import static io.pipelinemedic.kb.notion.NotionFixtures.text;
import static io.pipelinemedic.kb.notion.NotionFixtures.textual;
import static io.pipelinemedic.kb.notion.NotionFixtures.toDo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A whole wiki page using every block type, its nested blocks served level by level. */
class NotionPageTest {

  private static final String VENDOR_PAGE = "1c8a2f0e-5b7d-4e21-9a3c-0d4e5f6a7b8c";

  private final NotionFixtures page = new NotionFixtures();

  @Test
  void aPageOfEveryBlockType() throws IOException {
    String vendorMention =
        "{\"type\": \"page\", \"page\": {\"id\": \"%s\"}}".formatted(VENDOR_PAGE);
    JsonNode whenItHappens = block(3, "heading_2", true, heading(true, text("When it happens")));
    page.nest(whenItHappens, paragraph(4, text("Nightly, after the vendor load.")));
    JsonNode catalogue = block(6, "bulleted_list_item", true, textual(text("Check the catalogue")));
    page.nest(
        catalogue, block(7, "bulleted_list_item", false, textual(text("Column vendor_category"))));
    JsonNode toggle = block(13, "toggle", true, textual(text("Why not a seed?")));
    page.nest(toggle, paragraph(14, text("Prefixes change rarely.")));
    JsonNode table =
        block(
            20,
            "table",
            true,
            "{\"table_width\": 2, \"has_column_header\": true, \"has_row_header\": false}");
    page.nest(
        table,
        row(21, richText(text("prefix")), richText(text("product_line"))),
        row(22, richText(text("GRD")), richText(text("garden | home"))));
    JsonNode columns = block(23, "column_list", true, "{}");
    JsonNode left = block(24, "column", true, "{\"width_ratio\": 0.4}");
    JsonNode right = block(26, "column", true, "{\"width_ratio\": 0.6}");
    page.nest(columns, left, right);
    page.nest(left, paragraph(25, text("Left")));
    page.nest(right, paragraph(27, text("Right")));
    JsonNode original = block(28, "synced_block", true, "{\"synced_from\": null}");
    page.nest(original, paragraph(29, text("Shared: page the owner.")));
    String syncedFrom = "{\"synced_from\": {\"type\": \"block_id\", \"block_id\": \"%s\"}}";
    JsonNode template =
        block(31, "template", true, "{\"rich_text\": %s}".formatted(richText(text("Add a step"))));
    page.nest(template, block(32, "to_do", false, toDo("New step", false)));
    JsonNode tab = block(46, "tab", true, "{}");
    JsonNode linux = paragraph(47, true, text("Linux"));
    page.nest(tab, linux);
    page.nest(linux, paragraph(48, text("Use apt.")));

    String markdown =
        page.render(
            block(1, "heading_1", false, heading(false, text("Unknown SKU prefix"))),
            paragraph(
                2,
                text("The vendor sends a prefix that "),
                text("sku_product_lines", "code"),
                text(" does not know; see "),
                link("the runbook", "https://wiki.shop.example/sku"),
                text(" and "),
                mention(vendorMention, "Vendor runbook", "https://www.notion.so/" + VENDOR_PAGE),
                text(". Growth "),
                equation("x^2"),
                text(".")),
            whenItHappens,
            block(5, "heading_3", false, heading(false, text("Steps"))),
            catalogue,
            block(8, "bulleted_list_item", false, textual(text("Ask merchandising"))),
            block(9, "numbered_list_item", false, numbered("Append the prefix", 3, "numbers")),
            block(10, "numbered_list_item", false, numbered("Run the build", null, "numbers")),
            block(11, "to_do", false, toDo("Runbook reviewed", true)),
            block(12, "to_do", false, toDo("Automate", false)),
            toggle,
            block(15, "quote", false, textual(text("Never map a prefix to other."))),
            block(
                16,
                "callout",
                false,
                "{\"rich_text\": %s, \"icon\": {\"type\": \"emoji\", \"emoji\": \"💡\"}, \"color\": \"default\"}"
                    .formatted(richText(text("Recipes run without a model.")))),
            block(
                17,
                "code",
                false,
                "{\"caption\": [], \"rich_text\": %s, \"language\": \"yaml\"}"
                    .formatted(richText(text("vars:\n  sku_product_lines: []")))),
            block(18, "equation", false, "{\"expression\": \"a^2 + b^2 = c^2\"}"),
            block(19, "divider", false, "{}"),
            table,
            columns,
            original,
            block(30, "synced_block", true, syncedFrom.formatted(id(28))),
            template,
            block(33, "child_page", true, "{\"title\": \"History\"}"),
            block(34, "child_database", false, "{\"title\": \"Incidents\"}"),
            block(35, "link_to_page", false, linkTo("page_id", VENDOR_PAGE)),
            block(
                36,
                "bookmark",
                false,
                "{\"caption\": %s, \"url\": \"https://wiki.shop.example/sku\"}"
                    .formatted(richText(text("Runbook")))),
            block(
                37,
                "embed",
                false,
                "{\"caption\": [], \"url\": \"https://grafana.shop.example/d/orders\"}"),
            block(38, "link_preview", false, "{\"url\": \"https://github.com/shop/dbt/pull/42\"}"),
            block(
                39,
                "image",
                false,
                hosted("lineage.png", "c0ffee", richText(text("Lineage")), null)),
            block(
                40,
                "video",
                false,
                "{\"caption\": [], \"type\": \"external\", \"external\": {\"url\": \"https://www.youtube.com/watch?v=x1\"}}"),
            block(41, "pdf", false, hosted("contract.pdf", "5eed", "[]", null)),
            block(42, "file", false, hosted("catalogue.csv", "beef", "[]", "catalogue.csv")),
            block(
                43,
                "audio",
                false,
                "{\"caption\": %s, \"type\": \"external\", \"external\": {\"url\": \"https://audio.shop.example/call.mp3\"}}"
                    .formatted(richText(text("Call")))),
            block(44, "breadcrumb", false, "{}"),
            block(45, "table_of_contents", false, "{\"color\": \"default\"}"),
            tab,
            block(49, "unsupported", false, "{\"block_type\": \"form\"}"),
            block(
                50,
                "meeting_notes",
                false,
                "{\"title\": %s, \"status\": \"notes_ready\"}"
                    .formatted(richText(text("Weekly sync")))),
            block(51, "heading_4", false, heading(false, text("Appendix"))),
            block(52, "ai_block", false, "{}"));

    assertThat(markdown)
        .isEqualTo(
            """
            # Unknown SKU prefix

            The vendor sends a prefix that `sku_product_lines` does not know; see \
            [the runbook](https://wiki.shop.example/sku) and \
            [Vendor runbook](https://www.notion.so/1c8a2f0e5b7d4e219a3c0d4e5f6a7b8c). Growth $x^2$.

            ## When it happens

            Nightly, after the vendor load.

            ### Steps

            - Check the catalogue
              - Column vendor_category
            - Ask merchandising

            3. Append the prefix
            4. Run the build

            - [x] Runbook reviewed
            - [ ] Automate

            <details>
            <summary>Why not a seed?</summary>

            Prefixes change rarely.

            </details>

            > Never map a prefix to other.

            > 💡 Recipes run without a model.

            ```yaml
            vars:
              sku_product_lines: []
            ```

            $$
            a^2 + b^2 = c^2
            $$

            ---

            | prefix | product_line |
            | --- | --- |
            | GRD | garden \\| home |

            Left

            Right

            Shared: page the owner.

            Shared: page the owner.

            <details>
            <summary>Add a step</summary>

            - [ ] New step

            </details>

            [History](https://www.notion.so/2b1c4f6e93a04d1e8c2f000000000033)

            [Incidents](https://www.notion.so/2b1c4f6e93a04d1e8c2f000000000034)

            [linked page](https://www.notion.so/1c8a2f0e5b7d4e219a3c0d4e5f6a7b8c)

            [Runbook](https://wiki.shop.example/sku)

            [https://grafana.shop.example/d/orders](https://grafana.shop.example/d/orders)

            [https://github.com/shop/dbt/pull/42](https://github.com/shop/dbt/pull/42)

            ![Lineage](notion-file:2b1c4f6e-93a0-4d1e-8c2f-000000000039)

            [video](https://www.youtube.com/watch?v=x1)

            [pdf](notion-file:2b1c4f6e-93a0-4d1e-8c2f-000000000041)

            [catalogue.csv](notion-file:2b1c4f6e-93a0-4d1e-8c2f-000000000042)

            [Call](https://audio.shop.example/call.mp3)

            Linux

            Use apt.

            <!-- Notion block "form" is not supported by the Notion API -->

            <!-- Notion meeting_notes "Weekly sync" is not rendered -->

            #### Appendix

            <!-- Notion block "ai_block" is not rendered -->""");
  }
}
