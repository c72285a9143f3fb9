package io.pipelinemedic.publisher.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinemedic.publisher.OutcomeEvents;
import io.pipelinemedic.publisher.record.IncidentRow;
import io.pipelinemedic.publisher.standins.BlockKitLimits;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.RunRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The incident's Slack message as people read it, from a classification and its outcomes. */
class SlackMessagesTest {

  private static final String URL = "https://medic.example/?incident=inc-1";

  @Test
  void itNamesTheJobProjectTimeAndTheRunAsAShortSuffix() {
    RunRef run =
        new RunRef(
            "dbt-core",
            null,
            "shop",
            null,
            "production",
            "nightly",
            "nightly",
            "3225ad6d-1950-4581-b05c-73d6c5dc0366",
            "Error",
            20,
            null,
            null,
            null,
            Instant.parse("2026-12-05T04:12:30Z"),
            null,
            null,
            null);

    assertThat(SlackMessages.headline(run, run.finishedAt()))
        .isEqualTo("nightly failed in shop at 04:12 UTC on 2026-12-05 (run …c5dc0366)");
    assertThat(SlackMessages.shortRun("70412")).isEqualTo("70412");
  }

  @Test
  void aReportHasAButtonToItsPlaceOnThePageAndTheOwnerIsMentioned() {
    RootCauseGroup source = OutcomeEvents.vendorDuplicates();
    Classified classified = OutcomeEvents.classified("inc-1", source);
    SlackMentions mentions = new SlackMentions(Map.of(OutcomeEvents.COMMERCE.name(), "U024BE7LH"));

    SlackMessages.Message message =
        SlackMessages.of(
            incident(),
            classified,
            Map.of(source.groupId(), new SlackMessages.Outcome("Report sent.", null)),
            URL,
            null,
            mentions);

    assertThat(message.blocks().get(1).at("/text/text").asText())
        .contains("· owner <@U024BE7LH>")
        .endsWith("\nReport sent.");
    JsonNode buttons = message.blocks().get(message.blocks().size() - 1).path("elements");
    assertThat(buttons)
        .extracting(b -> b.path("url").asText())
        .containsExactly(URL + "#group-g2", URL);
    assertThat(buttons)
        .extracting(b -> b.at("/text/text").asText())
        .containsExactly("Report", "Incident");
  }

  @Test
  void textFromTheRunNeverBecomesAMentionOrALink() {
    RootCauseGroup group = OutcomeEvents.newOrderStatus();
    Owner owner = new Owner("<!channel>", null, null);
    RootCauseGroup owned = like(group, group.groupId(), group.rootCauseNode(), owner);
    Classified classified = OutcomeEvents.classified("inc-1", owned);
    RunRef hostile =
        new RunRef(
            "a",
            null,
            "<https://evil.example|shop>",
            null,
            null,
            "j",
            "<!here> nightly",
            "r1",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    Classified renamed =
        new Classified(
            classified.envelope(),
            hostile,
            classified.failures(),
            classified.lineage(),
            classified.groups(),
            null);
    SlackMentions mentions = new SlackMentions(Map.of("<!channel>", "<!channel>"));

    SlackMessages.Message message =
        SlackMessages.of(
            incident(),
            renamed,
            Map.of(
                group.groupId(), new SlackMessages.Outcome("<@U1> merged <x|y>", "javascript:1")),
            URL,
            null,
            mentions);

    String all = message.text() + message.blocks();
    assertThat(all)
        .doesNotContain("<!here>", "<!channel>", "<https://evil", "<@U1>", "javascript:");
    assertThat(message.text())
        .startsWith("&lt;!here&gt; nightly failed in &lt;https://evil.example|shop&gt;");
  }

  @Test
  void sixtyRootCausesAndALongOutcomeStayWithinBlockKitsLimits() {
    RootCauseGroup group = OutcomeEvents.newOrderStatus();
    List<RootCauseGroup> groups = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      groups.add(like(group, "g" + i, group.rootCauseNode() + i, null));
    }
    Classified classified =
        OutcomeEvents.classified("inc-1", groups.toArray(RootCauseGroup[]::new));

    SlackMessages.Message message =
        SlackMessages.of(
            incident(),
            classified,
            Map.of("g0", new SlackMessages.Outcome("y".repeat(4000), null)),
            URL,
            null,
            SlackMentions.NONE);

    assertThat(BlockKitLimits.errors(message.blocks())).isEmpty();
    assertThat(message.blocks().toString())
        .contains("…and 20 more root causes on the incident page.");
  }

  /** {@code group} as another root cause: its id, node and owner replaced, no recipe or steps. */
  private static RootCauseGroup like(RootCauseGroup group, String id, String node, Owner owner) {
    return new RootCauseGroup(
        id,
        node,
        group.failureClass(),
        group.action(),
        group.decidedBy(),
        group.confidence(),
        group.reason(),
        group.signature(),
        group.failures(),
        group.cascades(),
        group.kbEntryId(),
        null,
        null,
        List.of(),
        owner);
  }

  private static IncidentRow incident() {
    IncidentRow row = new IncidentRow();
    row.incidentId = "inc-1";
    row.receivedAt = Instant.parse("2026-12-05T04:13:00Z");
    return row;
  }
}
