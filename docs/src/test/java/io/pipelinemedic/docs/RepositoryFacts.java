package io.pipelinemedic.docs;

import io.pipelinemedic.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the repository holds, as the docs may name it: the Java types (its own and those its code
 * imports), the settings of its {@code @ConfigMapping} interfaces and {@code
 * application.properties} files, the words of its code and configuration, and its topics.
 */
final class RepositoryFacts {

  /** Folders that are built, installed or run, never documented. */
  static final Set<String> NOT_SOURCES =
      Set.of(".git", "target", "node_modules", ".venv", ".medic", ".idea", ".vscode");

  private static final Pattern WORD = Pattern.compile("[A-Za-z_][\\w\\-.]*");
  private static final Pattern TYPE =
      Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Z]\\w*)");
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import (?:static )?[\\w.]*?\\.([A-Z]\\w*)");
  private static final Pattern PREFIX =
      Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
  private static final Pattern METHOD =
      Pattern.compile("(?m)^\\s+([\\w<>, .?\\[\\]]+?)\\s+(\\w+)\\(\\);");
  private static final Pattern PROPERTY =
      Pattern.compile("(?m)^(?:%\\w+\\.)?(medic\\.[\\w.\\-\"]+)\\s*=");

  /**
   * A {@code @ConfigMapping} interface as {@link #normalized} names: its prefix, its methods (the
   * nested interfaces' included) and those that hold a map, whose keys the docs may name.
   */
  record Mapping(String prefix, Set<String> methods, Set<String> maps) {}

  final Set<String> types = new HashSet<>();
  final List<Mapping> mappings = new ArrayList<>();

  /** The {@code medic.*} keys of the {@code application.properties} files, {@link #normalized}. */
  final Set<String> properties = new HashSet<>();

  /** Every word of the code, scripts and configuration, for names the docs quote literally. */
  final Set<String> words = new HashSet<>();

  /** The words of everything but the Java sources: manifests, scripts, configuration. */
  final Set<String> configurationWords = new HashSet<>();

  final Set<String> topics = new HashSet<>(Topics.MAIN);

  RepositoryFacts(Path root) throws IOException {
    for (Path file : sources(root)) {
      String name = file.getFileName().toString();
      if (name.endsWith(".md")) {
        continue;
      }
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException | UncheckedIOException notText) {
        continue;
      }
      Matcher word = WORD.matcher(text);
      while (word.find()) {
        words.add(word.group());
        if (!name.endsWith(".java")) {
          configurationWords.add(word.group());
        }
      }
      if (name.endsWith(".java")) {
        types.add(name.substring(0, name.length() - ".java".length()));
        collect(TYPE, text, types);
        collect(IMPORT, text, types);
        Matcher prefix = PREFIX.matcher(text);
        if (prefix.find()) {
          mappings.add(mapping(normalized(prefix.group(1)), text));
        }
      } else if (name.endsWith(".properties")) {
        Matcher property = PROPERTY.matcher(text);
        while (property.find()) {
          properties.add(normalized(property.group(1)));
        }
      }
    }
  }

  /**
   * Whether {@code name} ({@code medic.runner.git-remote}, {@code MEDIC_RUNNER_GIT_REMOTE}, a group
   * such as {@code MEDIC_KB_*}, or a map's key such as {@code medic.runner.attachments.fx}) is a
   * setting: under a mapping's prefix and ending with one of its methods, or inside one of its
   * maps, or the start of a key of a properties file.
   */
  boolean isSetting(String name) {
    String core = normalized(name.replaceAll("<[^>]*>|\\*", ""));
    if (properties.stream().anyMatch(key -> key.startsWith(core))) {
      return true;
    }
    for (Mapping mapping : mappings) {
      if (!core.startsWith(mapping.prefix())) {
        continue;
      }
      String rest = core.substring(mapping.prefix().length());
      if (rest.isEmpty()
          || mapping.methods().stream().anyMatch(rest::endsWith)
          || mapping.maps().stream().anyMatch(rest::contains)) {
        return true;
      }
    }
    return false;
  }

  /** Every file of the repository's sources, documentation included. */
  static List<Path> sources(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths
          .filter(Files::isRegularFile)
          .filter(
              p -> {
                for (Path part : root.relativize(p)) {
                  if (NOT_SOURCES.contains(part.toString())) {
                    return false;
                  }
                }
                return true;
              })
          .toList();
    }
  }

  /**
   * A setting's name as lowercase letters and digits only: {@code medic.runner.git-remote} and
   * {@code MEDIC_RUNNER_GIT_REMOTE} alike.
   */
  static String normalized(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
  }

  private static Mapping mapping(String prefix, String text) {
    Mapping mapping = new Mapping(prefix, new HashSet<>(), new HashSet<>());
    Matcher method = METHOD.matcher(text);
    while (method.find()) {
      mapping.methods().add(normalized(method.group(2)));
      if (method.group(1).startsWith("Map<")) {
        mapping.maps().add(normalized(method.group(2)));
      }
    }
    return mapping;
  }

  private static void collect(Pattern pattern, String text, Set<String> into) {
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      into.add(matcher.group(1));
    }
  }
}
