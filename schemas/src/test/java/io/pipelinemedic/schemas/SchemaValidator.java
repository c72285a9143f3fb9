package io.pipelinemedic.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;

/** Validates JSON against the contracts' JSON Schemas, resolving their ids from the classpath. */
final class SchemaValidator {

  static final String ID_PREFIX = "https://pipelinemedic.io/schemas/";

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder.schemaMappers(mappers -> mappers.mapPrefix(ID_PREFIX, "classpath:schemas/")));

  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  private SchemaValidator() {}

  /** The validation errors of {@code json} against the schema of {@code type}; empty if valid. */
  static List<String> errors(EventType type, JsonNode json) {
    JsonSchema schema =
        FACTORY.getSchema(SchemaLocation.of("classpath:" + type.schemaResource()), CONFIG);
    return schema.validate(json).stream().map(ValidationMessage::getMessage).toList();
  }
}
