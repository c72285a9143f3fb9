package io.pipelinemedic.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every record component is a schema property of the matching type, and vice versa. */
class SchemaMatchesRecordsTest {

  private static final ObjectMapper JSON = EventJson.mapper();

  @ParameterizedTest
  @EnumSource(EventType.class)
  void schemaDescribesExactlyTheRecord(EventType type) {
    List<String> problems = new ArrayList<>();
    checkRecord(type.recordType(), schemaFile(type.topic() + ".json"), type.topic(), problems);
    assertThat(problems).isEmpty();
  }

  private static void checkRecord(Class<?> record, JsonNode schema, String path, List<String> out) {
    JsonNode resolved = resolve(schema);
    Set<String> properties = new TreeSet<>();
    resolved.path("properties").fieldNames().forEachRemaining(properties::add);
    Set<String> required =
        StreamSupport.stream(resolved.path("required").spliterator(), false)
            .map(JsonNode::asText)
            .collect(Collectors.toSet());
    Set<String> components = new TreeSet<>();
    for (RecordComponent component : record.getRecordComponents()) {
      String name = component.getName();
      components.add(name);
      String at = path + "." + name;
      JsonNode property = resolved.path("properties").path(name);
      if (property.isMissingNode()) {
        continue;
      }
      if (component.getType().isPrimitive() && !required.contains(name)) {
        out.add(at + ": primitive component must be required (it is always written)");
      }
      checkValue(component.getGenericType(), property, at, out);
    }
    if (!components.equals(properties)) {
      out.add(path + ": record has " + components + " but schema has " + properties);
    }
    required.stream()
        .filter(name -> !components.contains(name))
        .forEach(name -> out.add(path + ": schema requires unknown " + name));
  }

  private static void checkValue(Type type, JsonNode schema, String path, List<String> out) {
    JsonNode resolved = resolve(schema);
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw == List.class) {
      expectType(resolved, "array", path, out);
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      checkValue(element, resolved.path("items"), path + "[]", out);
    } else if (raw == Map.class) {
      expectType(resolved, "object", path, out);
    } else if (raw.isEnum()) {
      Set<String> constants =
          Arrays.stream(raw.getEnumConstants()).map(Object::toString).collect(Collectors.toSet());
      Set<String> allowed =
          StreamSupport.stream(resolved.path("enum").spliterator(), false)
              .map(JsonNode::asText)
              .collect(Collectors.toSet());
      // a field may narrow an enum (fix.proposed allows only RECIPE and AGENT), never widen it
      if (allowed.isEmpty() || !constants.containsAll(allowed)) {
        out.add(path + ": enum " + allowed + " is not within " + constants);
      }
    } else if (raw.isRecord()) {
      checkRecord(raw, resolved, path, out);
    } else if (raw.isSealed()) {
      checkSealed(raw, resolved, path, out);
    } else {
      expectType(resolved, jsonType(raw), path, out);
      if (raw == Instant.class && !"date-time".equals(resolved.path("format").asText())) {
        out.add(path + ": an Instant must have format date-time");
      }
    }
  }

  private static void checkSealed(Class<?> sealed, JsonNode schema, String path, List<String> out) {
    JsonSubTypes subTypes = sealed.getAnnotation(JsonSubTypes.class);
    JsonNode variants = schema.path("oneOf");
    if (subTypes == null || variants.size() != subTypes.value().length) {
      out.add(path + ": oneOf must list one variant per subtype of " + sealed.getSimpleName());
      return;
    }
    for (JsonSubTypes.Type subType : subTypes.value()) {
      JsonNode variant =
          StreamSupport.stream(variants.spliterator(), false)
              .filter(v -> subType.name().equals(v.at("/properties/kind/const").asText()))
              .findFirst()
              .orElse(null);
      if (variant == null) {
        out.add(path + ": no oneOf variant with kind " + subType.name());
        continue;
      }
      // "kind" is Jackson's type property, not a record component
      ObjectNode withoutKind = variant.deepCopy();
      ((ObjectNode) withoutKind.get("properties")).remove("kind");
      ArrayNode required = withoutKind.putArray("required");
      variant
          .path("required")
          .forEach(
              name -> {
                if (!"kind".equals(name.asText())) {
                  required.add(name);
                }
              });
      checkRecord(subType.value(), withoutKind, path + "<" + subType.name() + ">", out);
    }
  }

  private static String jsonType(Class<?> raw) {
    if (raw == String.class || raw == Instant.class) {
      return "string";
    }
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      return "integer";
    }
    if (raw == double.class || raw == Double.class) {
      return "number";
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return "boolean";
    }
    throw new IllegalArgumentException("no JSON type for " + raw);
  }

  private static void expectType(JsonNode schema, String type, String path, List<String> out) {
    if (!type.equals(schema.path("type").asText())) {
      out.add(path + ": expected type " + type + " but schema says " + schema.path("type"));
    }
  }

  /** Follows {@code $ref} (into common.json) and the first {@code $ref} of an {@code allOf}. */
  private static JsonNode resolve(JsonNode schema) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      String file = ref.startsWith("#") ? "common.json" : ref.substring(0, ref.indexOf('#'));
      return resolve(schemaFile(file).at(ref.substring(ref.indexOf('#') + 1)));
    }
    if (schema.has("allOf")) {
      return resolve(schema.get("allOf").get(0));
    }
    return schema;
  }

  private static JsonNode schemaFile(String name) {
    try (InputStream in = SchemaMatchesRecordsTest.class.getResourceAsStream("/schemas/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
