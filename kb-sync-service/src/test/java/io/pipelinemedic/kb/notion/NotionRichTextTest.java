package io.pipelinemedic.kb.notion;

import static io.pipelinemedic.kb.notion.NotionFixtures.equation;
import static io.pipelinemedic.kb.notion.NotionFixtures.link;
import static io.pipelinemedic.kb.notion.NotionFixtures.mention;
import static io.pipelinemedic.kb.notion.NotionFixtures.paragraph;
import static io.pipelinemedic.kb.notion.NotionFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Every annotation and inline type of Notion's rich text, in a paragraph block, against markdown
 * written by hand.
 */
class NotionRichTextTest {

  private static final String RUNBOOK = "https://wiki.shop.example/sku";
  private static final String PAGE_ID = "1c8a2f0e-5b7d-4e21-9a3c-0d4e5f6a7b8c";
  private static final String PAGE_URL = "https://www.notion.so/1c8a2f0e5b7d4e219a3c0d4e5f6a7b8c";

  private final NotionFixtures page = new NotionFixtures();

  @Test
  void bold() throws IOException {
    assertThat(render(text("Act before "), text("9:00", "bold"), text(".")))
        .isEqualTo("Act before **9:00**.");
  }

  @Test
  void italic() throws IOException {
    assertThat(render(text("Column "), text("vendor_category", "italic")))
        .isEqualTo("Column *vendor_category*");
  }

  @Test
  void strikethrough() throws IOException {
    assertThat(render(text("old step", "strikethrough"), text(" new step")))
        .isEqualTo("~~old step~~ new step");
  }

  @Test
  void underline_isLeftOut() throws IOException {
    assertThat(render(text("Always "), text("ask", "underline"), text(" first.")))
        .isEqualTo("Always ask first.");
  }

  @Test
  void code_isACodeSpanWithNothingEscaped() throws IOException {
    assertThat(render(text("Set "), text("vars: {a_b: *x*} <y>", "code")))
        .isEqualTo("Set `vars: {a_b: *x*} <y>`");
  }

  @Test
  void code_containingBackticks_getsALongerFence() throws IOException {
    assertThat(render(text("say `hi`", "code"))).isEqualTo("`` say `hi` ``");
  }

  @Test
  void color_isLeftOut() throws IOException {
    assertThat(render(text("Red", "red"), text(" and "), text("yellow", "yellow_background")))
        .isEqualTo("Red and yellow");
  }

  @Test
  void severalAnnotations_nest() throws IOException {
    assertThat(render(text("Never", "bold", "italic", "strikethrough")))
        .isEqualTo("***~~Never~~***");
  }

  @Test
  void whitespace_staysOutsideTheMarkers() throws IOException {
    assertThat(render(text("Stop "), text(" the job ", "bold"), text("now.")))
        .isEqualTo("Stop  **the job** now.");
  }

  @Test
  void adjacentItemsWithTheSameAnnotations_areOneRun() throws IOException {
    assertThat(
            render(
                text("Act ", "bold"),
                text("before", "bold", "red"),
                text(" 9:00", "bold", "blue"),
                text(" then "),
                text("re", "italic"),
                text("run", "italic", "underline")))
        .isEqualTo("**Act before 9:00** then *rerun*");
  }

  @Test
  void link_isAMarkdownLink() throws IOException {
    assertThat(render(text("See "), link("the runbook", RUNBOOK), text(".")))
        .isEqualTo("See [the runbook](https://wiki.shop.example/sku).");
  }

  @Test
  void linkSplitIntoItems_isOneLink_andAnnotationsGoInside() throws IOException {
    assertThat(
            render(
                link("the ", RUNBOOK),
                link("runbook", RUNBOOK),
                text(" or "),
                link("this", RUNBOOK, "bold")))
        .isEqualTo(
            "[the runbook](https://wiki.shop.example/sku) or [**this**](https://wiki.shop.example/sku)");
  }

  @Test
  void link_relativeToNotionBecomesAbsolute() throws IOException {
    assertThat(render(link("the history", "/1c8a2f0e5b7d4e219a3c0d4e5f6a7b8c#heading")))
        .isEqualTo("[the history](https://www.notion.so/1c8a2f0e5b7d4e219a3c0d4e5f6a7b8c#heading)");
  }

  @Test
  void link_cannotBreakOutOfItsParentheses() throws IOException {
    assertThat(render(link("sets", "https://en.wikipedia.org/wiki/Set_(mathematics) \"x\"")))
        .isEqualTo("[sets](https://en.wikipedia.org/wiki/Set_%28mathematics%29%20%22x%22)");
  }

  @Test
  void link_ofAnUnsafeScheme_isPlainText() throws IOException {
    assertThat(render(link("click", "javascript:alert(1)"))).isEqualTo("click");
  }

  @Test
  void inlineEquation() throws IOException {
    assertThat(render(text("Growth is "), equation("\\frac{a}{b} < 1"), text(".")))
        .isEqualTo("Growth is $\\frac{a}{b} \\lt  1$.");
  }

  @Test
  void mention_user() throws IOException {
    String user =
        """
        {"type": "user", "user": {"object": "user", "id": "ee5f0f84-409a-440f-983a-a5315961c6e4", \
        "name": "Ana Ruiz", "avatar_url": null, "type": "person", \
        "person": {"email": "ana@shop.example"}}}""";

    assertThat(render(text("Ask "), mention(user, "@Ana Ruiz", null))).isEqualTo("Ask @Ana Ruiz");
  }

  @Test
  void mention_page_isALinkToIt() throws IOException {
    String mentioned = "{\"type\": \"page\", \"page\": {\"id\": \"%s\"}}".formatted(PAGE_ID);

    assertThat(render(mention(mentioned, "Vendor runbook", PAGE_URL)))
        .isEqualTo("[Vendor runbook](" + PAGE_URL + ")");
  }

  @Test
  void mention_database_isALinkToIt() throws IOException {
    String mentioned =
        "{\"type\": \"database\", \"database\": {\"id\": \"%s\"}}".formatted(PAGE_ID);

    assertThat(render(text("Log it in "), mention(mentioned, "Incidents", PAGE_URL, "bold")))
        .isEqualTo("Log it in [**Incidents**](" + PAGE_URL + ")");
  }

  @Test
  void mention_date() throws IOException {
    String date =
        """
        {"type": "date", "date": {"start": "2026-11-02", "end": null, "time_zone": null}}""";

    assertThat(render(text("Due "), mention(date, "2026-11-02", null))).isEqualTo("Due 2026-11-02");
  }

  @Test
  void mention_linkPreview() throws IOException {
    String url = "https://github.com/shop/dbt/pull/42";
    String preview =
        "{\"type\": \"link_preview\", \"link_preview\": {\"url\": \"%s\"}}".formatted(url);

    assertThat(render(mention(preview, url, url))).isEqualTo("[" + url + "](" + url + ")");
  }

  @Test
  void mention_link() throws IOException {
    String linked =
        """
        {"type": "link_mention", "link_mention": {"href": "https://github.com/shop/dbt", \
        "title": "shop/dbt", "link_provider": "GitHub"}}""";

    assertThat(render(mention(linked, "shop/dbt", "https://github.com/shop/dbt")))
        .isEqualTo("[shop/dbt](https://github.com/shop/dbt)");
  }

  @Test
  void mention_template() throws IOException {
    String today =
        """
        {"type": "template_mention", "template_mention": {"type": "template_mention_date", \
        "template_mention_date": "today"}}""";

    assertThat(render(text("Reviewed "), mention(today, "@Today", null)))
        .isEqualTo("Reviewed @Today");
  }

  @Test
  void mention_customEmoji() throws IOException {
    String emoji =
        """
        {"type": "custom_emoji", "custom_emoji": {"id": "45ce454c-d427-4f53-9489-e5d0f3d1db6b", \
        "name": "party_parrot", "url": "https://s3-us-west-2.amazonaws.com/public.notion-static.com/parrot.gif"}}""";

    assertThat(render(text("Fixed "), mention(emoji, ":party_parrot:", null)))
        .isEqualTo("Fixed :party_parrot:");
  }

  @Test
  void markdownCharactersInText_areEscaped() throws IOException {
    assertThat(
            render(text("Use *args, _private, `x`, [a](b) <b> ~x~ $5, R&D & &amp; C:\\tmp | done")))
        .isEqualTo(
            "Use \\*args, \\_private, \\`x\\`, \\[a\\](b) \\<b\\> \\~x\\~ \\$5, R&D & \\&amp; "
                + "C:\\\\tmp | done");
  }

  @Test
  void markdownCharactersInAnnotatedText_areEscapedToo() throws IOException {
    assertThat(render(text("a*b", "bold"))).isEqualTo("**a\\*b**");
  }

  @Test
  void snakeCaseIdentifiers_areLeftAlone() throws IOException {
    assertThat(render(text("stg_order_lines and __init__")))
        .isEqualTo("stg_order_lines and \\_\\_init\\_\\_");
  }

  @Test
  void blockMarkersAtALinesStart_areEscaped() throws IOException {
    assertThat(render(text("# not a heading\n- not a list\n2. not a list\n+ nor\n===")))
        .isEqualTo("\\# not a heading\n\\- not a list\n2\\. not a list\n\\+ nor\n\\===");
  }

  @Test
  void blockMarkersInsideALine_areLeftAlone() throws IOException {
    assertThat(render(text("see "), text("x", "bold"), text(" # tag - 2. item")))
        .isEqualTo("see **x** # tag - 2. item");
  }

  private String render(String... items) throws IOException {
    return page.render(paragraph(1, items));
  }
}
