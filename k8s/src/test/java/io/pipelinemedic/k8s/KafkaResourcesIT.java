package io.pipelinemedic.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinemedic.schemas.Topics;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Strimzi's resources against the code: a KafkaTopic for every topic of the event contracts, and
 * each service's KafkaUser allowed exactly the topics and consumer groups the service uses.
 */
class KafkaResourcesIT {

  private static Manifests prod;

  @BeforeAll
  static void render() throws Exception {
    prod = Manifests.render("overlays/prod");
  }

  @Test
  void everyTopicAndDeadLetterTopicOfTheContractsIsAKafkaTopic() {
    Map<String, KafkaTopic> topics = new HashMap<>();
    prod.all(KafkaTopic.class).forEach(topic -> topics.put(topic.getSpec().getTopicName(), topic));

    assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    for (String name : Topics.ALL) {
      KafkaTopic topic = topics.get(name);
      assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "medic");
      assertThat(topic.getSpec().getReplicas()).as(name).isEqualTo(3);
      assertThat(topic.getSpec().getConfig().get("cleanup.policy"))
          .as(name)
          .isEqualTo(Topics.isCompacted(name) ? "compact" : "delete");
      if (!Topics.isCompacted(name)) {
        assertThat(Long.parseLong((String) topic.getSpec().getConfig().get("retention.ms")))
            .as(name + " keeps its records for days, not forever")
            .isPositive();
      }
    }
  }

  @Test
  void eachServiceMayReadAndWriteOnlyItsOwnTopics() throws IOException {
    for (String service : ManifestsIT.SERVICES) {
      Uses uses = uses(service);
      KafkaUser user = prod.named(KafkaUser.class, service);
      assertThat(user.getSpec().getAuthentication())
          .isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
      List<AclRule> acls =
          ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();

      assertThat(topics(acls, AclOperation.READ)).as(service + " reads").isEqualTo(uses.reads());
      assertThat(topics(acls, AclOperation.WRITE)).as(service + " writes").isEqualTo(uses.writes());
      assertThat(groups(acls)).as(service + " groups").isEqualTo(uses.groups());
      assertThat(acls)
          .as(service + ": no wildcard, no prefix on topics, nothing on the cluster")
          .allSatisfy(
              acl -> {
                assertThat(acl.getResource())
                    .isInstanceOfAny(AclRuleTopicResource.class, AclRuleGroupResource.class);
                if (acl.getResource() instanceof AclRuleTopicResource topic) {
                  assertThat(topic.getPatternType()).isEqualTo(AclResourcePatternType.LITERAL);
                  assertThat(topic.getName()).isIn(Topics.ALL);
                }
              });
    }
  }

  @Test
  void kedaMayOnlyDescribeTheRunnersGroupAndTheirTopic() {
    KafkaUser keda = prod.named(KafkaUser.class, "medic-keda");
    List<AclRule> acls =
        ((KafkaUserAuthorizationSimple) keda.getSpec().getAuthorization()).getAcls();

    assertThat(acls)
        .allSatisfy(acl -> assertThat(acl.getOperations()).containsExactly(AclOperation.DESCRIBE));
    assertThat(acls)
        .extracting(
            acl ->
                acl.getResource() instanceof AclRuleTopicResource topic
                    ? "topic " + topic.getName()
                    : "group " + ((AclRuleGroupResource) acl.getResource()).getName())
        .containsExactlyInAnyOrder("topic " + Topics.CLASSIFIED, "group agent-runner-service");
  }

  /**
   * What a service reads, writes and joins: its incoming channels (topic, group, dead-letter topic)
   * and outgoing channels in application.properties, and the clients the code makes itself (the KB
   * view every KB reader keeps, kb-sync's outbox, the publisher's dead letters per channel and its
   * redrive).
   */
  private static Uses uses(String service) throws IOException {
    Properties properties = new Properties();
    try (Reader in =
        Files.newBufferedReader(
            Manifests.ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
      properties.load(in);
    }
    Set<String> reads = new TreeSet<>();
    Set<String> writes = new TreeSet<>();
    Set<String> groups = new TreeSet<>();
    for (String key : properties.stringPropertyNames()) {
      String value = properties.getProperty(key);
      if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topics?")) {
        reads.addAll(List.of(value.split(",")));
      } else if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.group\\.id")) {
        groups.add(value);
      } else if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.dead-letter-queue\\.topic")
          || key.matches("mp\\.messaging\\.outgoing\\.[^.]+\\.topic")) {
        writes.add(value);
      }
    }
    if ("true".equals(properties.getProperty("medic.kb-view.enabled"))) {
      reads.add(Topics.KB_ENTRIES);
      groups.add(service + "-kb-view-*");
    }
    if (service.equals("kb-sync-service")) {
      reads.add(Topics.KB_ENTRIES);
      writes.add(Topics.KB_ENTRIES);
    }
    if (service.equals("publisher-service")) {
      Topics.PIPELINE.forEach(topic -> writes.add(Topics.dlq(topic)));
      // the redrive reads every dead-letter topic of the pipeline and sends its records back
      for (String topic : Topics.REDRIVABLE) {
        reads.add(Topics.dlq(topic));
        writes.add(topic);
      }
    }
    return new Uses(reads, writes, groups);
  }

  private record Uses(Set<String> reads, Set<String> writes, Set<String> groups) {}

  private static Set<String> topics(List<AclRule> acls, AclOperation operation) {
    Set<String> topics = new TreeSet<>();
    for (AclRule acl : acls) {
      if (acl.getResource() instanceof AclRuleTopicResource topic
          && acl.getOperations().contains(operation)) {
        topics.add(topic.getName());
      }
    }
    return topics;
  }

  private static Set<String> groups(List<AclRule> acls) {
    Set<String> groups = new TreeSet<>();
    for (AclRule acl : acls) {
      if (acl.getResource() instanceof AclRuleGroupResource group
          && acl.getOperations().contains(AclOperation.READ)) {
        groups.add(
            group.getName() + (group.getPatternType() == AclResourcePatternType.PREFIX ? "*" : ""));
      }
    }
    return groups;
  }
}
