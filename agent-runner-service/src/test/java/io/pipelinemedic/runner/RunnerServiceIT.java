package io.pipelinemedic.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.testsupport.KafkaBrokerResource;
import io.pipelinemedic.testsupport.TopicRecords;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;

/**
 * The service on the real broker: scenario 03's {@code classified} becomes a verified {@code
 * fix.proposed} with its branch in the bare repository; AGENT groups whose agent hangs, each a
 * failed attempt that says so, one after the other; a record that is not an event, a dead letter.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ShopRepository.class, scope = TestResourceScope.GLOBAL)
class RunnerServiceIT {

  @Test
  void aRecipeGroupBecomesAVerifiedFixOnItsBranch() throws Exception {
    PlayedScenario played = ShopRepository.played;
    String incident = "inc-" + UUID.randomUUID();
    RootCauseGroup group = played.group(Action.RECIPE, "new-order-status");
    send(played.event(incident, group));

    FixProposed fix = fixProposed(incident, Duration.ofMinutes(5));

    assertThat(fix.outcome()).as(fix.outcomeReason()).isEqualTo(FixOutcome.VERIFIED);
    assertThat(fix.summary())
        .isEqualTo(
            "Added on_hold to the accepted values of stg_orders.status and fct_orders.order_status.");
    assertThat(fix.cascadesResolved()).containsExactlyElementsOf(group.cascades());
    try (Repository bare = Git.open(played.remote().toFile()).getRepository()) {
      assertThat(bare.resolve("refs/heads/" + fix.change().branch()).getName())
          .isEqualTo(fix.change().commitSha());
    }
  }

  @Test
  void anAgentThatHangsIsStoppedAndTheRunnerGoesOn() throws Exception {
    PlayedScenario played = ShopRepository.played;
    List<String> incidents = List.of("inc-" + UUID.randomUUID(), "inc-" + UUID.randomUUID());
    for (String incident : incidents) {
      send(played.event(incident, played.group(Action.AGENT, "new-order-status")));
    }

    for (String incident : incidents) {
      FixProposed fix = fixProposed(incident, Duration.ofMinutes(3));
      assertThat(fix.outcome()).isEqualTo(FixOutcome.FIX_FAILED);
      assertThat(fix.outcomeReason()).isEqualTo("sh did not finish within PT3S and was stopped");
      assertThat(fix.cost().agent()).isEqualTo("sh");
      assertThat(fix.transcriptUri()).startsWith("file:");
      assertThat(fix.change()).isNull();
    }
  }

  @Test
  void aRecordThatIsNotAClassifiedEventIsDeadLettered() throws Exception {
    String key = "inc-" + UUID.randomUUID();
    TopicRecords.send(Topics.CLASSIFIED, key, "not json".getBytes(StandardCharsets.UTF_8));

    ConsumerRecord<String, byte[]> record =
        TopicRecords.awaitKey(key, Duration.ofSeconds(60), Topics.dlq(Topics.CLASSIFIED));

    assertThat(TopicRecords.header(record, "dead-letter-reason"))
        .startsWith("not a classified event:");
  }

  private static void send(Classified event) {
    TopicRecords.send(Topics.CLASSIFIED, event.envelope().incidentId(), EventJson.write(event));
  }

  private static FixProposed fixProposed(String incident, Duration timeout) throws Exception {
    ConsumerRecord<String, byte[]> record =
        TopicRecords.awaitKey(
            incident, timeout, Topics.FIX_PROPOSED, Topics.dlq(Topics.CLASSIFIED));
    assertThat(record.topic())
        .as(TopicRecords.header(record, "dead-letter-reason"))
        .isEqualTo(Topics.FIX_PROPOSED);
    return EventJson.read(record.value(), FixProposed.class);
  }
}
