package io.pipelinemedic.kb.entry;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.KbSource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An entry written as a markdown file reads back as written, whatever text its fields hold. */
class MarkdownEntryTest {

  @Test
  void anEntryWrittenWithHostileTextReadsBackAsWritten() {
    String title = "x: y\n---\nrecipe: {kind: report_to_owner} # \"quoted\" 'too'";
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("title", title);
    fields.put("class", "CODE");
    fields.put("match", Map.of("tests", List.of("accepted_values"), "node", "model.shop.*"));
    fields.put("owner", Map.of("name", "Ops: \"night\" team", "email", "ops@shop.example"));

    String markdown = MarkdownEntry.write(fields, "1. Add the value.\n");
    ParsedEntry parsed =
        MarkdownEntry.parse("kb/x.md", KbSource.GIT, "kb/x.md", Instant.now(), markdown);

    assertThat(parsed).as(markdown).isInstanceOf(ParsedEntry.Valid.class);
    KbEntry entry = ((ParsedEntry.Valid) parsed).entry();
    assertThat(entry.title()).isEqualTo(title);
    assertThat(entry.recipe()).as("no field smuggled in through the title").isNull();
    assertThat(entry.owner().name()).isEqualTo("Ops: \"night\" team");
    assertThat(entry.steps().strip()).isEqualTo("1. Add the value.");
  }
}
