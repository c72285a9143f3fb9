package io.pipelinemedic.kb.entry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pipelinemedic.schemas.model.KbSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KB entry kept as a markdown file: YAML front matter between {@code ---} lines holds the fields,
 * the body holds the steps.
 */
public final class MarkdownEntry {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final YAMLMapper WRITER =
      YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
  private static final Pattern FRONT_MATTER =
      Pattern.compile(
          "\\A\\uFEFF?---[ \\t]*\\r?\\n(.*?)\\r?\\n---[ \\t]*(?:\\r?\\n|\\z)(.*)\\z",
          Pattern.DOTALL);

  private MarkdownEntry() {}

  /** A YAML mapping: front matter, or a recipe kept in a Notion property. */
  public static Map<String, Object> yaml(String text) throws JsonProcessingException {
    Map<String, Object> map = YAML.readValue(text, new TypeReference<Map<String, Object>>() {});
    return map == null ? Map.of() : map;
  }

  /**
   * {@code fields} as front matter and {@code steps} as the body: the file a git KB keeps. Every
   * value is written by the YAML library, quoted where it must be, whatever text it holds.
   */
  public static String write(Map<String, Object> fields, String steps) {
    try {
      return "---\n" + WRITER.writeValueAsString(fields) + "---\n" + steps;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("fields that YAML cannot hold: " + e.getMessage(), e);
    }
  }

  /** The entry written in {@code markdown}, or why it is not one. */
  public static ParsedEntry parse(
      String id, KbSource source, String sourceRef, Instant updatedAt, String markdown) {
    Matcher parts = FRONT_MATTER.matcher(markdown);
    if (!parts.matches()) {
      return new ParsedEntry.Invalid(
          id, sourceRef, List.of("has no front matter: the file must start with a --- line"));
    }
    Map<String, Object> fields;
    try {
      fields = yaml(parts.group(1));
    } catch (JsonProcessingException e) {
      return new ParsedEntry.Invalid(
          id, sourceRef, List.of("front matter is not valid YAML: " + e.getOriginalMessage()));
    }
    return EntryParser.parse(
        new EntryDocument(id, source, sourceRef, updatedAt, fields, parts.group(2)));
  }
}
