package io.pipelinemedic.kb;

import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.KbEntryPublished;
import io.pipelinemedic.schemas.Topics;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.testsupport.TopicRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What is on {@code kb.entries} for one entry: its versions in order, null for a tombstone. */
final class KbTopic {

  private KbTopic() {}

  /** The versions published for {@code id}, in topic order; 0 stands for a tombstone. */
  static List<Integer> versions(String id) {
    return records(id).stream()
        .map(record -> record.value() == null ? 0 : entry(record).version())
        .toList();
  }

  /** The latest entry published for {@code id}, or null after a tombstone. */
  static KbEntry latest(String id) {
    List<ConsumerRecord<String, byte[]>> records = records(id);
    ConsumerRecord<String, byte[]> last = records.get(records.size() - 1);
    return last.value() == null ? null : entry(last);
  }

  static List<ConsumerRecord<String, byte[]>> records(String id) {
    return TopicRecords.matching(Topics.KB_ENTRIES, record -> id.equals(record.key()));
  }

  private static KbEntry entry(ConsumerRecord<String, byte[]> record) {
    try {
      return EventJson.read(record.value(), KbEntryPublished.class).entry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
