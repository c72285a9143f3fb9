package io.pipelinemedic.schemas;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer for every pipeline event, in the {@link EventJson} form. */
public class EventSerializer implements Serializer<PipelineEvent> {

  @Override
  public byte[] serialize(String topic, PipelineEvent event) {
    return event == null ? null : EventJson.write(event);
  }
}
