package io.pipelinemedic.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the changes between two versions of a JSON Schema that break producers or consumers:
 * removed properties or definitions, changed types or references, new required properties, and
 * changed enums, constants or variants (a consumer built on the old schema rejects a new value). A
 * new optional property is compatible: consumers ignore fields they do not know.
 */
final class SchemaCompatibility {

  private SchemaCompatibility() {}

  /** The incompatible changes from {@code before} to {@code after}; empty when compatible. */
  static List<String> breakingChanges(JsonNode before, JsonNode after) {
    List<String> out = new ArrayList<>();
    compare(before, after, "#", out);
    return out;
  }

  private static void compare(JsonNode before, JsonNode after, String path, List<String> out) {
    for (String keyword : List.of("$ref", "type", "const", "format")) {
      if (!Objects.equals(before.get(keyword), after.get(keyword))) {
        out.add(
            path
                + ": "
                + keyword
                + " changed from "
                + before.get(keyword)
                + " to "
                + after.get(keyword));
      }
    }
    if (!textSet(before.path("enum")).equals(textSet(after.path("enum")))) {
      out.add(path + ": enum changed from " + before.path("enum") + " to " + after.path("enum"));
    }
    Set<String> required = textSet(before.path("required"));
    for (String name : textSet(after.path("required"))) {
      if (!required.contains(name)) {
        out.add(path + ": " + name + " became required");
      }
    }
    compareMembers(before.path("properties"), after.path("properties"), path + "/properties", out);
    compareMembers(before.path("$defs"), after.path("$defs"), path + "/$defs", out);
    if (before.has("items")) {
      compare(before.get("items"), after.path("items"), path + "/items", out);
    }
    for (String keyword : List.of("allOf", "oneOf", "anyOf")) {
      JsonNode old = before.path(keyword);
      JsonNode now = after.path(keyword);
      if (old.size() != now.size()) {
        out.add(
            path + ": " + keyword + " has " + now.size() + " variants instead of " + old.size());
        continue;
      }
      for (int i = 0; i < old.size(); i++) {
        compare(old.get(i), now.get(i), path + "/" + keyword + "/" + i, out);
      }
    }
  }

  private static void compareMembers(
      JsonNode before, JsonNode after, String path, List<String> out) {
    for (Iterator<String> names = before.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!after.has(name)) {
        out.add(path + "/" + name + ": removed");
      } else {
        compare(before.get(name), after.get(name), path + "/" + name, out);
      }
    }
  }

  private static Set<String> textSet(JsonNode array) {
    Set<String> values = new TreeSet<>();
    array.forEach(value -> values.add(value.isTextual() ? value.asText() : value.toString()));
    return values;
  }
}
