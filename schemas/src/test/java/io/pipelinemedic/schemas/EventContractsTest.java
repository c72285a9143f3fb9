package io.pipelinemedic.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventContractsTest {

  private static final ObjectMapper JSON = EventJson.mapper();

  @ParameterizedTest
  @EnumSource(EventType.class)
  void fixtureValidatesAgainstItsSchema(EventType type) throws IOException {
    assertThat(SchemaValidator.errors(type, fixture(type))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void recordRoundTripsThroughJacksonWithoutLosingAField(EventType type) throws IOException {
    JsonNode fixture = fixture(type);

    PipelineEvent event = JSON.treeToValue(fixture, type.recordType());
    JsonNode written = JSON.readTree(EventJson.write(event));

    assertThat(written).isEqualTo(fixture);
    assertThat(SchemaValidator.errors(type, written)).isEmpty();
    assertThat(EventJson.read(EventJson.write(event), type.recordType())).isEqualTo(event);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void kafkaSerdeCarriesTheEventOnItsTopic(EventType type) throws IOException {
    PipelineEvent event = JSON.treeToValue(fixture(type), type.recordType());

    byte[] bytes = new EventSerializer().serialize(type.topic(), event);

    assertThat(new EventDeserializer().deserialize(type.topic(), bytes)).isEqualTo(event);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void schemaRejectsAnEventWithoutItsEnvelopeId(EventType type) throws IOException {
    ObjectNode broken = (ObjectNode) fixture(type);
    ((ObjectNode) broken.get("envelope")).remove("eventId");

    assertThat(SchemaValidator.errors(type, broken)).anyMatch(e -> e.contains("eventId"));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void schemaRejectsAFieldTheRecordDoesNotHave(EventType type) throws IOException {
    ObjectNode broken = (ObjectNode) fixture(type);
    broken.put("inlineManifest", "{\"nodes\": {}}");

    assertThat(SchemaValidator.errors(type, broken)).anyMatch(e -> e.contains("inlineManifest"));
  }

  @ParameterizedTest
  @EnumSource(
      value = EventType.class,
      names = {"KB_ENTRY_PUBLISHED", "RUN_PASSED", "FIX_REVIEWED"},
      mode = EnumSource.Mode.EXCLUDE)
  void incidentEventsRequireAnIncidentId(EventType type) throws IOException {
    ObjectNode broken = (ObjectNode) fixture(type);
    ((ObjectNode) broken.get("envelope")).remove("incidentId");

    assertThat(SchemaValidator.errors(type, broken)).anyMatch(e -> e.contains("incidentId"));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void recordKeyIsTheIncidentIdOrWhatTheEventIsAbout(EventType type) throws IOException {
    JsonNode fixture = fixture(type);
    PipelineEvent event = JSON.treeToValue(fixture, type.recordType());

    String expected =
        switch (type) {
          case KB_ENTRY_PUBLISHED -> fixture.at("/entry/id").asText();
          case RUN_PASSED ->
              String.join(
                  ":",
                  fixture.at("/source").asText(),
                  fixture.at("/run/accountId").asText(),
                  fixture.at("/run/environmentId").asText(),
                  fixture.at("/run/jobId").asText());
          case FIX_REVIEWED -> fixture.at("/url").asText();
          default -> fixture.at("/envelope/incidentId").asText();
        };
    assertThat(Topics.key(event)).isEqualTo(expected).isNotBlank();
  }

  static JsonNode fixture(EventType type) throws IOException {
    try (InputStream in =
        EventContractsTest.class.getResourceAsStream("/events/" + type.topic() + ".json")) {
      assertThat(in).as("fixture for " + type.topic()).isNotNull();
      return JSON.readTree(in);
    }
  }
}
