package io.pipelinemedic.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void topicNamesAreExactlyThoseOfTheDesign() {
    assertThat(Topics.ALL)
        .containsExactly(
            "run.failed",
            "run.failed.dlq",
            "context.ready",
            "context.ready.dlq",
            "classified",
            "classified.dlq",
            "fix.proposed",
            "fix.proposed.dlq",
            "source.reported",
            "source.reported.dlq",
            "published",
            "published.dlq",
            "run.passed",
            "run.passed.dlq",
            "fix.reviewed",
            "fix.reviewed.dlq",
            "kb.entries",
            "kb.entries.dlq");
  }

  @Test
  void everyMainTopicCarriesExactlyOneEventType() {
    assertThat(Arrays.stream(EventType.values()).map(EventType::topic))
        .containsExactlyInAnyOrderElementsOf(Topics.MAIN);
  }

  @Test
  void onlyTheKnowledgeBaseIsCompacted() {
    assertThat(Topics.ALL.stream().filter(Topics::isCompacted)).containsExactly("kb.entries");
  }

  @Test
  void cloudEventTypeNamesTopicAndSchemaVersion() {
    assertThat(EventType.RUN_FAILED.ceType()).isEqualTo("io.pipelinemedic.run.failed.v1");
    assertThat(EventType.KB_ENTRY_PUBLISHED.ceType()).isEqualTo("io.pipelinemedic.kb.entries.v1");
    assertThat(EventType.forTopic("classified")).contains(EventType.CLASSIFIED);
    assertThat(EventType.forTopic("classified.dlq")).isEmpty();
    assertThat(EventType.CLASSIFIED.ofAnIncident()).isTrue();
    assertThat(EventType.RUN_PASSED.ofAnIncident()).isFalse();
  }
}
