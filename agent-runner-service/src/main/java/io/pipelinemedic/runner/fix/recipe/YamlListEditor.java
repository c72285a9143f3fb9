package io.pipelinemedic.runner.fix.recipe;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Appends items to a list inside a YAML file by editing its text, so that everything else stays
 * byte for byte: comments, quoting, key order, and the list's own style. A flow list ({@code [a,
 * b]}) grows inside its brackets; a block list gets new {@code - } lines at its indentation, each
 * item written like the existing ones (a flow map {@code {k: v}} or a block map, plain or quoted
 * scalars). The list is found by a path of steps through the document.
 */
public final class YamlListEditor {

  /** One step from a node to a node inside it. */
  @FunctionalInterface
  public interface Step {

    /** The node this step leads to from {@code node}, if any. */
    Optional<Node> from(Node node);
  }

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_ .\\-/]*");
  private static final List<String> RESERVED =
      List.of("true", "false", "yes", "no", "on", "off", "null", "~", "y", "n");

  private YamlListEditor() {}

  /** The value of {@code key} in a mapping. */
  public static Step key(String key) {
    return node ->
        entries(node).stream()
            .filter(tuple -> key.equals(scalar(tuple.getKeyNode())))
            .map(NodeTuple::getValueNode)
            .findFirst();
  }

  /**
   * The value of the first of {@code keys} the mapping has, e.g. {@code tests} or {@code
   * data_tests}.
   */
  public static Step anyKey(String... keys) {
    return node ->
        Arrays.stream(keys).map(k -> key(k).from(node)).flatMap(Optional::stream).findFirst();
  }

  /** The item of a sequence that is a mapping with {@code key: value}. */
  public static Step itemWith(String key, String value) {
    return node ->
        items(node).stream()
            .filter(
                item ->
                    key(key)
                        .from(item)
                        .map(YamlListEditor::scalar)
                        .filter(value::equals)
                        .isPresent())
            .findFirst();
  }

  /**
   * The value of {@code key} in the first item of a sequence that has it, e.g. the {@code
   * accepted_values} of a column's tests.
   */
  public static Step itemKey(String key) {
    return node ->
        items(node).stream().map(item -> key(key).from(item)).flatMap(Optional::stream).findFirst();
  }

  /**
   * An item as text, the way {@link #values} shows the list's items: a map as {@code {k: v}}, a
   * scalar as its value.
   */
  public static String text(Object item) {
    if (item instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .map(e -> e.getKey() + ": " + e.getValue())
          .collect(Collectors.joining(", ", "{", "}"));
    }
    return String.valueOf(item);
  }

  /** A generic test's argument: under {@code arguments} (dbt 1.10 and later) or directly. */
  public static Step testArgument(String name) {
    return node ->
        key("arguments").from(node).flatMap(key(name)::from).or(() -> key(name).from(node));
  }

  /** The current values of the list at {@code path}, as text (see {@link #text}). */
  public static List<String> values(String yaml, List<Step> path) {
    return items(locate(yaml, path)).stream().map(YamlListEditor::render).toList();
  }

  /**
   * {@code yaml} with {@code items} appended to the list at {@code path}. An item is a scalar or a
   * map (written in key order).
   *
   * @throws IllegalArgumentException when the path leads nowhere or not to a list
   */
  public static String append(String yaml, List<Step> path, List<?> items) {
    SequenceNode list = locate(yaml, path);
    if (items.isEmpty()) {
      return yaml;
    }
    return list.getFlowStyle() == DumperOptions.FlowStyle.FLOW
        ? appendToFlow(yaml, list, items)
        : appendToBlock(yaml, list, items);
  }

  private static SequenceNode locate(String yaml, List<Step> path) {
    Node node = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
    for (Step step : path) {
      Node current = node;
      node =
          step.from(current)
              .orElseThrow(() -> new IllegalArgumentException("no such place in the YAML file"));
    }
    if (!(node instanceof SequenceNode list)) {
      throw new IllegalArgumentException("the place in the YAML file is not a list");
    }
    return list;
  }

  private static String appendToFlow(String yaml, SequenceNode list, List<?> items) {
    int close = yaml.lastIndexOf(']', list.getEndMark().getIndex() - 1);
    String separator = list.getValue().isEmpty() ? "" : ", ";
    String added = items.stream().map(item -> write(item, list)).collect(Collectors.joining(", "));
    return yaml.substring(0, close) + separator + added + yaml.substring(close);
  }

  private static String appendToBlock(String yaml, SequenceNode list, List<?> items) {
    if (list.getValue().isEmpty()) {
      throw new IllegalArgumentException("an empty block list has no indentation to follow");
    }
    Node first = list.getValue().get(0);
    Node last = list.getValue().get(list.getValue().size() - 1);
    int lineStart = yaml.lastIndexOf('\n', first.getStartMark().getIndex() - 1) + 1;
    int dashColumn = yaml.lastIndexOf('-', first.getStartMark().getIndex() - 1) - lineStart;
    String indent = " ".repeat(dashColumn);
    int itemColumn = first.getStartMark().getColumn();
    int end = Math.max(last.getStartMark().getIndex(), last.getEndMark().getIndex() - 1);
    int lineEnd = yaml.indexOf('\n', end);
    if (lineEnd < 0) {
      lineEnd = yaml.length();
    }
    StringBuilder added = new StringBuilder();
    for (Object item : items) {
      added.append('\n').append(indent).append('-').append(" ".repeat(itemColumn - dashColumn - 1));
      if (item instanceof Map<?, ?> map && !(first instanceof MappingNode m && isFlow(m))) {
        added.append(blockMap(map, " ".repeat(itemColumn)));
      } else {
        added.append(write(item, list));
      }
    }
    return yaml.substring(0, lineEnd) + added + yaml.substring(lineEnd);
  }

  private static String blockMap(Map<?, ?> map, String indent) {
    List<String> lines = new ArrayList<>();
    map.forEach((k, v) -> lines.add(k + ": " + scalarText(v, null)));
    return String.join("\n" + indent, lines);
  }

  /** An item written like the list's existing items. */
  private static String write(Object item, SequenceNode list) {
    Node example = list.getValue().isEmpty() ? null : list.getValue().get(0);
    if (item instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .map(e -> e.getKey() + ": " + scalarText(e.getValue(), null))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    DumperOptions.ScalarStyle style =
        example instanceof ScalarNode scalar ? scalar.getScalarStyle() : null;
    return scalarText(item, style);
  }

  /** A scalar as YAML text: plain where that reads back as the same string, else quoted. */
  private static String scalarText(Object value, DumperOptions.ScalarStyle style) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    String text = value.toString();
    boolean plainIsSafe =
        PLAIN.matcher(text).matches()
            && !RESERVED.contains(text.toLowerCase(Locale.ROOT))
            && !text.endsWith(" ");
    if (style == DumperOptions.ScalarStyle.DOUBLE_QUOTED) {
      return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    if (style == DumperOptions.ScalarStyle.SINGLE_QUOTED || !plainIsSafe) {
      return "'" + text.replace("'", "''") + "'";
    }
    return text;
  }

  private static boolean isFlow(MappingNode node) {
    return node.getFlowStyle() == DumperOptions.FlowStyle.FLOW;
  }

  private static List<NodeTuple> entries(Node node) {
    return node instanceof MappingNode map ? map.getValue() : List.of();
  }

  private static List<Node> items(Node node) {
    return node instanceof SequenceNode list ? list.getValue() : List.of();
  }

  private static String scalar(Node node) {
    return node instanceof ScalarNode scalar ? scalar.getValue() : null;
  }

  private static String render(Node node) {
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    return entries(node).stream()
        .map(tuple -> scalar(tuple.getKeyNode()) + ": " + render(tuple.getValueNode()))
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
