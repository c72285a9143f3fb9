package io.pipelinemedic.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * The committed snapshot of the schemas is the published contract: a change that breaks it fails
 * the build. An intended breaking change raises {@link Envelope#SCHEMA_VERSION} and refreshes the
 * snapshot with {@code ./mvnw -pl schemas test -Dschemas.snapshot.update=true}.
 */
class SchemaSnapshotTest {

  private static final Path CURRENT = Path.of("src/main/resources/schemas");
  private static final Path SNAPSHOT = Path.of("src/test/resources/snapshot");
  private static final ObjectMapper JSON = EventJson.mapper();

  @Test
  void currentSchemasAreCompatibleWithTheSnapshot() throws IOException {
    if (Boolean.getBoolean("schemas.snapshot.update")) {
      refreshSnapshot();
    }
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.list(SNAPSHOT)) {
      for (Path snapshot : files.sorted().toList()) {
        Path current = CURRENT.resolve(snapshot.getFileName());
        if (!Files.exists(current)) {
          problems.add(snapshot.getFileName() + ": schema removed");
          continue;
        }
        SchemaCompatibility.breakingChanges(read(snapshot), read(current))
            .forEach(p -> problems.add(snapshot.getFileName() + " " + p));
      }
    }
    assertThat(problems).as("incompatible schema changes").isEmpty();
  }

  @Test
  void snapshotCoversEverySchema() throws IOException {
    try (Stream<Path> files = Files.list(CURRENT)) {
      assertThat(files.map(f -> SNAPSHOT.resolve(f.getFileName()))).allMatch(Files::exists);
    }
  }

  @Test
  void removingAPropertyIsIncompatible() throws IOException {
    ObjectNode changed = runFailed();
    ((ObjectNode) changed.get("properties")).remove("deliveryId");

    assertThat(SchemaCompatibility.breakingChanges(runFailed(), changed))
        .containsExactly("#/properties/deliveryId: removed");
  }

  @Test
  void makingAPropertyRequiredIsIncompatible() throws IOException {
    ObjectNode changed = runFailed();
    ((ArrayNode) changed.get("required")).add("deliveryId");

    assertThat(SchemaCompatibility.breakingChanges(runFailed(), changed))
        .containsExactly("#: deliveryId became required");
  }

  @Test
  void changingATypeIsIncompatible() throws IOException {
    ObjectNode changed = runFailed();
    ((ObjectNode) changed.at("/properties/scheduled")).put("type", "string");

    assertThat(SchemaCompatibility.breakingChanges(runFailed(), changed))
        .singleElement(InstanceOfAssertFactories.STRING)
        .contains("/properties/scheduled: type changed");
  }

  @Test
  void addingAnEnumValueIsIncompatible() throws IOException {
    ObjectNode before = read(CURRENT.resolve("common.json"));
    ObjectNode changed = before.deepCopy();
    ((ArrayNode) changed.at("/$defs/FailureClass/enum")).add("INFRA");

    assertThat(SchemaCompatibility.breakingChanges(before, changed))
        .singleElement(InstanceOfAssertFactories.STRING)
        .contains("/$defs/FailureClass: enum changed");
  }

  @Test
  void addingAnOptionalPropertyIsCompatible() throws IOException {
    ObjectNode changed = runFailed();
    ((ObjectNode) changed.get("properties"))
        .putObject("runUrl")
        .put("type", "string")
        .put("format", "uri");

    assertThat(SchemaCompatibility.breakingChanges(runFailed(), changed)).isEmpty();
  }

  private static ObjectNode runFailed() throws IOException {
    return read(CURRENT.resolve("run.failed.json"));
  }

  private static ObjectNode read(Path file) throws IOException {
    return (ObjectNode) JSON.readTree(file.toFile());
  }

  private static void refreshSnapshot() throws IOException {
    try (Stream<Path> files = Files.list(CURRENT)) {
      for (Path file : files.toList()) {
        Files.copy(file, SNAPSHOT.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
