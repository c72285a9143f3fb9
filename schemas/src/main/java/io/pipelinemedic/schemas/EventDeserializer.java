package io.pipelinemedic.schemas;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** Kafka value deserializer that reads each topic's event record; null stays a tombstone. */
public class EventDeserializer implements Deserializer<PipelineEvent> {

  @Override
  public PipelineEvent deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    EventType type =
        EventType.forTopic(topic)
            .orElseThrow(() -> new SerializationException("no event type for topic " + topic));
    try {
      return EventJson.read(data, type.recordType());
    } catch (IOException e) {
      throw new SerializationException("malformed " + type.ceType() + ": " + e.getMessage(), e);
    }
  }
}
