package io.pipelinemedic.kb.notion;

import static io.pipelinemedic.kb.notion.NotionFixtures.block;
import static io.pipelinemedic.kb.notion.NotionFixtures.heading;
import static io.pipelinemedic.kb.notion.NotionFixtures.hosted;
import static io.pipelinemedic.kb.notion.NotionFixtures.id;
import static io.pipelinemedic.kb.notion.NotionFixtures.linkTo;
import static io.pipelinemedic.kb.notion.NotionFixtures.numbered;
import static io.pipelinemedic.kb.notion.NotionFixtures.paragraph;
import static io.pipelinemedic.kb.notion.NotionFixtures.paragraphContent;
import static io.pipelinemedic.kb.notion.NotionFixtures.quote;
import static io.pipelinemedic.kb.notion.NotionFixtures.richText;
import static io.pipelinemedic.kb.notion.NotionFixtures.row;
import static io.pipelinemedic.kb.notion.NotionFixtures.text;
import static io.pipelinemedic.kb.notion.NotionFixtures.textual;
import static io.pipelinemedic.kb.notion.NotionFixtures.toDo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Every block type of the Notion API, each against markdown written by hand. */
class NotionMarkdownTest {

  /** {@code https://www.notion.so/} and the compact id of the test's block {@code n}. */
  private static final String NOTION = "https://www.notion.so/2b1c4f6e93a04d1e8c2f0000000000";

  private final NotionFixtures page = new NotionFixtures();

  @Test
  void paragraph_isItsText() throws IOException {
    assertThat(page.render(paragraph(1, text("Restart the loader, then re-run the build."))))
        .isEqualTo("Restart the loader, then re-run the build.");
  }

  @Test
  void paragraph_isFollowedByItsNestedBlocks() throws IOException {
    JsonNode parent = paragraph(1, true, text("Before you start:"));
    page.nest(parent, paragraph(2, text("Pause the schedule.")));

    assertThat(page.render(parent)).isEqualTo("Before you start:\n\nPause the schedule.");
  }

  @Test
  void heading1() throws IOException {
    assertThat(page.render(block(1, "heading_1", false, heading(false, text("Overview")))))
        .isEqualTo("# Overview");
  }

  @Test
  void heading2() throws IOException {
    assertThat(page.render(block(1, "heading_2", false, heading(false, text("When it happens")))))
        .isEqualTo("## When it happens");
  }

  @Test
  void heading3_toggleable_rendersItsChildren() throws IOException {
    JsonNode heading = block(1, "heading_3", true, heading(true, text("Details")));
    page.nest(heading, paragraph(2, text("Hidden until opened.")));

    assertThat(page.render(heading)).isEqualTo("### Details\n\nHidden until opened.");
  }

  @Test
  void heading4() throws IOException {
    assertThat(page.render(block(1, "heading_4", false, heading(false, text("Fine print")))))
        .isEqualTo("#### Fine print");
  }

  @Test
  void bulletedListItem_nests() throws IOException {
    JsonNode first = block(1, "bulleted_list_item", true, textual(text("Check the catalogue")));
    page.nest(
        first, block(2, "bulleted_list_item", false, textual(text("Column vendor_category"))));

    assertThat(
            page.render(
                first, block(3, "bulleted_list_item", false, textual(text("Ask merchandising")))))
        .isEqualTo(
            """
            - Check the catalogue
              - Column vendor_category
            - Ask merchandising""");
  }

  @Test
  void numberedListItem_countsAndIndentsItsChildrenUnderItsText() throws IOException {
    JsonNode second = block(2, "numbered_list_item", true, numbered("Fix the prefix", null, null));
    page.nest(second, block(3, "bulleted_list_item", false, textual(text("in dbt_project.yml"))));

    assertThat(
            page.render(
                block(1, "numbered_list_item", false, numbered("Stop the job", null, null)),
                second,
                block(4, "numbered_list_item", false, numbered("Run the build", null, null)),
                paragraph(5, text("Then, separately:")),
                block(6, "numbered_list_item", false, numbered("Tell the owner", null, null))))
        .isEqualTo(
            """
            1. Stop the job
            2. Fix the prefix
               - in dbt_project.yml
            3. Run the build

            Then, separately:

            1. Tell the owner""");
  }

  @Test
  void numberedListItem_startsAtListStartIndex() throws IOException {
    assertThat(
            page.render(
                block(1, "numbered_list_item", false, numbered("Fix the prefix", 4, "numbers")),
                block(2, "numbered_list_item", false, numbered("Run the build", null, "numbers"))))
        .isEqualTo("4. Fix the prefix\n5. Run the build");
  }

  @Test
  void numberedListItem_lettersAndRomanKeepNotionsLabelsOnBullets() throws IOException {
    assertThat(
            page.render(
                block(1, "numbered_list_item", false, numbered("Stop", null, "letters")),
                block(2, "numbered_list_item", false, numbered("Fix", null, "letters")),
                paragraph(3, text("and")),
                block(4, "numbered_list_item", false, numbered("Third", 3, "roman")),
                block(5, "numbered_list_item", false, numbered("Fourth", null, "roman"))))
        .isEqualTo(
            """
            - a. Stop
            - b. Fix

            and

            - iii. Third
            - iv. Fourth""");
  }

  @Test
  void toDo_checkedAndNot() throws IOException {
    assertThat(
            page.render(
                block(1, "to_do", false, toDo("Runbook reviewed", true)),
                block(2, "to_do", false, toDo("Automate", false))))
        .isEqualTo("- [x] Runbook reviewed\n- [ ] Automate");
  }

  @Test
  void toggle_isADetailsElementWithAnEscapedSummary() throws IOException {
    JsonNode toggle =
        block(1, "toggle", true, textual(text("Why not a "), text("<seed> & co?", "bold")));
    page.nest(toggle, paragraph(2, text("Prefixes change rarely.")));

    assertThat(page.render(toggle))
        .isEqualTo(
            """
            <details>
            <summary>Why not a &lt;seed&gt; &amp; co?</summary>

            Prefixes change rarely.

            </details>""");
  }

  @Test
  void quote_prefixesItsNestedBlocksToo() throws IOException {
    JsonNode quoted = block(1, "quote", true, textual(text("Never map a prefix to other.")));
    page.nest(quoted, paragraph(2, text("Ask first.")));

    assertThat(page.render(quoted)).isEqualTo("> Never map a prefix to other.\n>\n> Ask first.");
  }

  @Test
  void callout_startsWithItsEmoji() throws IOException {
    String callout =
        """
        {"rich_text": %s, "icon": {"type": "emoji", "emoji": "💡"}, "color": "gray_background"}"""
            .formatted(richText(text("Recipes run without a model.")));

    assertThat(page.render(block(1, "callout", false, callout)))
        .isEqualTo("> 💡 Recipes run without a model.");
  }

  @Test
  void code_keepsItsLanguageAndCaption() throws IOException {
    String code =
        """
        {"caption": %s, "rich_text": %s, "language": "yaml"}"""
            .formatted(
                richText(text("As it ships")), richText(text("vars:\n  sku_product_lines: []")));

    assertThat(page.render(block(1, "code", false, code)))
        .isEqualTo(
            """
            ```yaml
            vars:
              sku_product_lines: []
            ```

            As it ships""");
  }

  @Test
  void code_containingAFence_getsALongerOne() throws IOException {
    String code =
        """
        {"caption": [], "rich_text": %s, "language": "plain text"}"""
            .formatted(richText(text("Write:\n```sql\nselect 1\n```")));

    assertThat(page.render(block(1, "code", false, code)))
        .isEqualTo(
            """
            ````
            Write:
            ```sql
            select 1
            ```
            ````""");
  }

  @Test
  void equation() throws IOException {
    String equation = "{\"expression\": " + quote("e^{i\\pi} + 1 = 0") + "}";

    assertThat(page.render(block(1, "equation", false, equation)))
        .isEqualTo("$$\ne^{i\\pi} + 1 = 0\n$$");
  }

  @Test
  void divider() throws IOException {
    assertThat(
            page.render(
                paragraph(1, text("Before")),
                block(2, "divider", false, "{}"),
                paragraph(3, text("After"))))
        .isEqualTo("Before\n\n---\n\nAfter");
  }

  @Test
  void table_withColumnHeader() throws IOException {
    JsonNode table =
        block(
            1,
            "table",
            true,
            """
            {"table_width": 2, "has_column_header": true, "has_row_header": false}""");
    page.nest(
        table,
        row(2, richText(text("prefix")), richText(text("product_line"))),
        row(3, richText(text("GRD")), richText(text("garden | home"))),
        row(4, richText(text("a|b", "code")), richText(text("two\nlines"))));

    assertThat(page.render(table))
        .isEqualTo(
            """
            | prefix | product_line |
            | --- | --- |
            | GRD | garden \\| home |
            | `a\\|b` | two<br>lines |""");
  }

  @Test
  void table_withRowHeaderOnly() throws IOException {
    JsonNode table =
        block(
            1,
            "table",
            true,
            """
            {"table_width": 2, "has_column_header": false, "has_row_header": true}""");
    page.nest(
        table,
        row(2, richText(text("Owner")), richText(text("Merchandising"))),
        row(3, richText(text("Channel")), richText(text("merch-data"))));

    assertThat(page.render(table))
        .isEqualTo(
            """
            |   |   |
            | --- | --- |
            | **Owner** | Merchandising |
            | **Channel** | merch-data |""");
  }

  @Test
  void columnList_rendersEveryColumnInOrder() throws IOException {
    JsonNode columns = block(1, "column_list", true, "{}");
    JsonNode left = block(2, "column", true, "{\"width_ratio\": 0.5}");
    JsonNode right = block(4, "column", true, "{\"width_ratio\": 0.5}");
    page.nest(columns, left, right);
    page.nest(left, paragraph(3, text("Left")));
    page.nest(
        right,
        paragraph(5, text("Right")),
        block(6, "bulleted_list_item", false, textual(text("More"))));

    assertThat(page.render(columns)).isEqualTo("Left\n\nRight\n\n- More");
  }

  @Test
  void syncedBlock_originalRendersItsChildren() throws IOException {
    JsonNode original = block(1, "synced_block", true, "{\"synced_from\": null}");
    page.nest(original, paragraph(2, text("Shared step")));

    assertThat(page.render(original)).isEqualTo("Shared step");
  }

  @Test
  void syncedBlock_referenceRendersItsOriginalsChildren() throws IOException {
    page.serve(id(9), paragraph(10, text("Shared step")));
    String reference =
        """
        {"synced_from": {"type": "block_id", "block_id": "%s"}}"""
            .formatted(id(9));

    assertThat(page.render(block(1, "synced_block", true, reference))).isEqualTo("Shared step");
  }

  @Test
  void syncedBlock_referenceToAnOriginalWithoutChildren_isNothing() throws IOException {
    String reference =
        """
        {"synced_from": {"type": "block_id", "block_id": "%s"}}"""
            .formatted(id(9));

    assertThat(
            page.render(
                paragraph(1, text("Before")),
                block(2, "synced_block", true, reference),
                paragraph(3, text("After"))))
        .isEqualTo("Before\n\nAfter");
  }

  @Test
  void template_isADetailsElementOfWhatItInserts() throws IOException {
    JsonNode template =
        block(1, "template", true, "{\"rich_text\": %s}".formatted(richText(text("Add a step"))));
    page.nest(template, block(2, "to_do", false, toDo("New step", false)));

    assertThat(page.render(template))
        .isEqualTo(
            """
            <details>
            <summary>Add a step</summary>

            - [ ] New step

            </details>""");
  }

  @Test
  void childPage_isALinkToIt() throws IOException {
    assertThat(page.render(block(1, "child_page", true, "{\"title\": \"History [old]\"}")))
        .isEqualTo("[History \\[old\\]](" + NOTION + "01)");
  }

  @Test
  void childDatabase_isALinkToIt() throws IOException {
    assertThat(page.render(block(2, "child_database", false, "{\"title\": \"Incidents\"}")))
        .isEqualTo("[Incidents](" + NOTION + "02)");
  }

  @Test
  void linkToPage_pageDatabaseAndComment() throws IOException {
    String target = "1c8a2f0e-5b7d-4e21-9a3c-0d4e5f6a7b8c";

    assertThat(
            page.render(
                block(1, "link_to_page", false, linkTo("page_id", target)),
                block(2, "link_to_page", false, linkTo("database_id", target)),
                block(3, "link_to_page", false, linkTo("comment_id", target))))
        .isEqualTo(
            """
            [linked page](https://www.notion.so/1c8a2f0e5b7d4e219a3c0d4e5f6a7b8c)

            [linked database](https://www.notion.so/1c8a2f0e5b7d4e219a3c0d4e5f6a7b8c)

            <!-- Notion link to comment 1c8a2f0e-5b7d-4e21-9a3c-0d4e5f6a7b8c -->""");
  }

  @Test
  void bookmark_withoutCaptionShowsItsUrl() throws IOException {
    String bookmark = "{\"caption\": [], \"url\": \"https://wiki.shop.example/sku_prefixes\"}";

    assertThat(page.render(block(1, "bookmark", false, bookmark)))
        .isEqualTo(
            "[https://wiki.shop.example/sku_prefixes](https://wiki.shop.example/sku_prefixes)");
  }

  @Test
  void bookmark_ofAnUnsafeUrl_isACommentInstead() throws IOException {
    String bookmark = "{\"caption\": [], \"url\": \"javascript:alert(1)\"}";

    assertThat(page.render(block(1, "bookmark", false, bookmark)))
        .isEqualTo("<!-- Notion bookmark without a usable URL -->");
  }

  @Test
  void embed_withCaption() throws IOException {
    String embed =
        """
        {"caption": %s, "url": "https://grafana.shop.example/d/orders"}"""
            .formatted(richText(text("Orders "), text("dashboard", "bold")));

    assertThat(page.render(block(1, "embed", false, embed)))
        .isEqualTo("[Orders dashboard](https://grafana.shop.example/d/orders)");
  }

  @Test
  void linkPreview() throws IOException {
    assertThat(
            page.render(
                block(
                    1,
                    "link_preview",
                    false,
                    "{\"url\": \"https://github.com/shop/dbt/pull/42\"}")))
        .isEqualTo("[https://github.com/shop/dbt/pull/42](https://github.com/shop/dbt/pull/42)");
  }

  @Test
  void image_externalIsAMarkdownImageWithItsCaption() throws IOException {
    String image =
        """
        {"caption": %s, "type": "external", "external": {"url": "https://img.shop.example/lineage.png"}}"""
            .formatted(richText(text("The lineage")));

    assertThat(page.render(block(1, "image", false, image)))
        .isEqualTo("![The lineage](https://img.shop.example/lineage.png)");
  }

  @Test
  void image_hostedByNotionIsAStableReference() throws IOException {
    assertThat(page.render(block(1, "image", false, hosted("lineage.png", "a1", "[]", null))))
        .isEqualTo("![](notion-file:" + id(1) + ")");
  }

  @Test
  void image_fromAFileUploadIsAStableReference() throws IOException {
    String image =
        """
        {"caption": [], "type": "file_upload", "file_upload": {"id": "a3f9d3e2-1abc-42de-b904-badc0ffee000"}}""";

    assertThat(page.render(block(1, "image", false, image)))
        .isEqualTo("![](notion-file:" + id(1) + ")");
  }

  @Test
  void hostedFile_renderIsIdenticalWhenTheSignedUrlChanges() throws IOException {
    String before =
        page.render(
            block(1, "file", false, hosted("catalogue.csv", "5f2c", "[]", "catalogue.csv")));
    String after =
        page.render(
            block(1, "file", false, hosted("catalogue.csv", "e91b", "[]", "catalogue.csv")));

    assertThat(before).isEqualTo(after).isEqualTo("[catalogue.csv](notion-file:" + id(1) + ")");
  }

  @Test
  void video_externalWithoutCaptionIsNamedByItsType() throws IOException {
    String video =
        """
        {"caption": [], "type": "external", "external": {"url": "https://www.youtube.com/watch?v=x1"}}""";

    assertThat(page.render(block(1, "video", false, video)))
        .isEqualTo("[video](https://www.youtube.com/watch?v=x1)");
  }

  @Test
  void pdf_hostedWithCaption() throws IOException {
    String caption = richText(text("Vendor contract"));

    assertThat(page.render(block(1, "pdf", false, hosted("contract.pdf", "77", caption, null))))
        .isEqualTo("[Vendor contract](notion-file:" + id(1) + ")");
  }

  @Test
  void file_externalIsNamedByItsName() throws IOException {
    String file =
        """
        {"caption": [], "type": "external", "external": {"url": "https://files.shop.example/prefixes.csv"}, "name": "prefixes.csv"}""";

    assertThat(page.render(block(1, "file", false, file)))
        .isEqualTo("[prefixes.csv](https://files.shop.example/prefixes.csv)");
  }

  @Test
  void audio_externalWithCaption() throws IOException {
    String audio =
        """
        {"caption": %s, "type": "external", "external": {"url": "https://audio.shop.example/call.mp3"}}"""
            .formatted(richText(text("Call with the vendor")));

    assertThat(page.render(block(1, "audio", false, audio)))
        .isEqualTo("[Call with the vendor](https://audio.shop.example/call.mp3)");
  }

  @Test
  void breadcrumbAndTableOfContents_areNothing() throws IOException {
    assertThat(
            page.render(
                paragraph(1, text("Before")),
                block(2, "breadcrumb", false, "{}"),
                block(3, "table_of_contents", false, "{\"color\": \"default\"}"),
                paragraph(4, text("After"))))
        .isEqualTo("Before\n\nAfter");
  }

  @Test
  void tab_rendersEachTabsTitleWithItsIconAndContent() throws IOException {
    JsonNode tabs = block(1, "tab", true, "{}");
    String penguin = "{\"type\": \"emoji\", \"emoji\": \"🐧\"}";
    JsonNode linux = block(2, "paragraph", true, paragraphContent(penguin, text("Linux")));
    JsonNode mac = paragraph(4, true, text("macOS"));
    page.nest(tabs, linux, mac);
    page.nest(linux, paragraph(3, text("Use apt.")));
    page.nest(mac, paragraph(5, text("Use brew.")));

    assertThat(page.render(tabs)).isEqualTo("🐧 Linux\n\nUse apt.\n\nmacOS\n\nUse brew.");
  }

  @Test
  void unsupported_isACommentNamingTheBlockType() throws IOException {
    assertThat(page.render(block(1, "unsupported", false, "{\"block_type\": \"form\"}")))
        .isEqualTo("<!-- Notion block \"form\" is not supported by the Notion API -->");
  }

  @Test
  void meetingNotes_isACommentNamingIt() throws IOException {
    String notes =
        """
        {"title": %s, "status": "notes_ready", "children": {"summary_block_id": "%s", \
        "notes_block_id": "%s", "transcript_block_id": "%s"}}"""
            .formatted(richText(text("Weekly sync")), id(7), id(8), id(9));

    assertThat(page.render(block(1, "meeting_notes", false, notes)))
        .isEqualTo("<!-- Notion meeting_notes \"Weekly sync\" is not rendered -->");
  }

  @Test
  void unknownType_isACommentNamingIt_thatNoTextCanClose() throws IOException {
    assertThat(page.render(block(1, "form-->x", false, "{}")))
        .isEqualTo("<!-- Notion block \"form->x\" is not rendered -->");
  }

  @Test
  void nestingDeeperThanTwentyLevels_isCutWithAComment() throws IOException {
    JsonNode top = block(1, "quote", true, textual(text("level 1")));
    JsonNode parent = top;
    for (int level = 2; level <= 30; level++) {
      JsonNode child = block(level, "quote", true, textual(text("level " + level)));
      page.nest(parent, child);
      parent = child;
    }

    String markdown = page.render(top);

    assertThat(markdown)
        .contains("level 21")
        .doesNotContain("level 22")
        .endsWith(
            "> ".repeat(21)
                + "<!-- Notion blocks nested deeper than 20 levels are not rendered -->");
  }

  @Test
  void aBlockWithManyChildren_keepsThemAll() throws IOException {
    JsonNode[] steps = new JsonNode[5000];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = block(i + 2, "to_do", false, toDo("step " + (i + 1), false));
    }
    JsonNode quoted = block(1, "quote", true, textual(text("Checklist")));
    page.nest(quoted, steps);

    String markdown = page.render(quoted);

    assertThat(markdown.lines()).hasSize(5002);
    assertThat(markdown)
        .startsWith("> Checklist\n>\n> - [ ] step 1\n")
        .endsWith("\n> - [ ] step 5000");
  }

  @Test
  void syncedBlockReferringToItself_ends() throws IOException {
    String reference =
        """
        {"synced_from": {"type": "block_id", "block_id": "%s"}}"""
            .formatted(id(1));
    JsonNode loop = block(1, "synced_block", true, reference);
    page.serve(id(1), loop);

    assertThat(page.render(loop))
        .isEqualTo("<!-- Notion blocks nested deeper than 20 levels are not rendered -->");
  }
}
