package io.pipelinemedic.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every README and page of the repository names only what exists: in its code spans, classes
 * (CamelCase, ours or imported by our code), settings ({@code medic.*}, {@code MEDIC_*}), topics
 * and repository paths; in its links, files inside the repository. Docs move with the code, or the
 * build says where they no longer do.
 */
class DocsTest {

  private static final Path ROOT =
      Path.of(System.getProperty("medic.root", "..")).toAbsolutePath().normalize();

  private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```\\s*$");
  private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern CLASS =
      Pattern.compile("([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+)(?:[.#][\\w.]+)?(?:\\(\\))?");
  private static final Pattern SETTING =
      Pattern.compile("(medic\\.[\\w.\\-<>*]+|MEDIC_[A-Z0-9_<>*]+)");
  private static final Pattern TOPIC = Pattern.compile("[a-z]+\\.[a-z]+(?:\\.dlq)?|[a-z]+\\.dlq");
  private static final Pattern PATH = Pattern.compile("[\\w.\\-]+(?:/[\\w.\\-]+)*/?");

  /** A path segment that stands for any name, such as {@code NN-name} or {@code NAME}. */
  private static final Pattern PLACEHOLDER = Pattern.compile("(?:^|/)[A-Z]{2,}[\\w\\-]*(?:/|$)");

  private static RepositoryFacts facts;
  private static List<Path> docs;

  @BeforeAll
  static void readTheRepository() throws IOException {
    facts = new RepositoryFacts(ROOT);
    docs =
        RepositoryFacts.sources(ROOT).stream()
            .filter(p -> p.getFileName().toString().endsWith(".md"))
            .toList();
  }

  @Test
  void theRepositoryHasItsDocs() {
    assertThat(docs)
        .extracting(p -> ROOT.relativize(p).toString())
        .contains(
            "README.md",
            "docs/architecture.md",
            "docs/life-of-an-incident.md",
            "docs/contracts.md",
            "docs/kubernetes.md",
            "docs/development.md");
    assertThat(facts.types).contains("DocsTest", "Topics");
  }

  @Test
  void everyNameInADocExists() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path doc : docs) {
      String text = FENCE.matcher(Files.readString(doc)).replaceAll("");
      Matcher code = CODE.matcher(text);
      while (code.find()) {
        String problem = check(doc, code.group(1).strip());
        if (problem != null) {
          problems.add(ROOT.relativize(doc) + ": `" + code.group(1) + "` " + problem);
        }
      }
    }
    assertThat(problems).as("names in the docs that the repository does not have").isEmpty();
  }

  @Test
  void everyLinkStaysInTheRepositoryAndFindsItsFile() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path doc : docs) {
      // a link's shape inside code is an example, not a link
      String prose =
          CODE.matcher(FENCE.matcher(Files.readString(doc)).replaceAll("")).replaceAll("");
      Matcher link = LINK.matcher(prose);
      while (link.find()) {
        String target = link.group(1).replaceFirst("#.*$", "");
        if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
          continue;
        }
        Path resolved = doc.getParent().resolve(target).normalize();
        if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
          problems.add(ROOT.relativize(doc) + ": link to " + link.group(1));
        }
      }
    }
    assertThat(problems).as("links that leave the repository or find nothing").isEmpty();
  }

  /** Why {@code span} names something the repository does not have, or {@code null}. */
  private static String check(Path doc, String span) {
    Matcher setting = SETTING.matcher(span);
    if (setting.matches()) {
      return settingExists(setting.group(1)) ? null : "names no setting";
    }
    if (TOPIC.matcher(span).matches()) {
      return topicExists(span) ? null : "names no topic";
    }
    Matcher type = CLASS.matcher(span);
    if (type.matches()) {
      return facts.types.contains(type.group(1)) || facts.configurationWords.contains(span)
          ? null
          : "names no class";
    }
    if (span.contains("/") && PATH.matcher(span).matches()) {
      return pathExists(doc, span) ? null : "names no file";
    }
    return null;
  }

  private static boolean settingExists(String name) {
    return facts.words.contains(name) || facts.isSetting(name);
  }

  /**
   * A dotted span is a topic when it shares its first word with one ({@code job.run.completed} is
   * not).
   */
  private static boolean topicExists(String span) {
    String topic = span.endsWith(".dlq") ? span.substring(0, span.length() - 4) : span;
    String family =
        topic.substring(0, topic.indexOf('.') < 0 ? topic.length() : topic.indexOf('.'));
    boolean looksLikeOne =
        facts.topics.stream().anyMatch(t -> t.equals(family) || t.startsWith(family + "."));
    return !looksLikeOne && !span.endsWith(".dlq") || facts.topics.contains(topic);
  }

  /**
   * A path is the repository's when its first folder is at the root or beside the doc; then the
   * whole of it must be there, or name a class of that module ({@code e2e-tests/NightsIT}). Other
   * paths (runtime folders, a dbt project's own) are not checked.
   */
  private static boolean pathExists(Path doc, String span) {
    List<String> segments = List.of(span.split("/"));
    if (segments.stream().anyMatch(s -> Set.of(".", "..", "").contains(s))
        || segments.stream().anyMatch(RepositoryFacts.NOT_SOURCES::contains)
        || PLACEHOLDER.matcher(span).find()) {
      return true;
    }
    for (Path base : List.of(ROOT, doc.getParent())) {
      if (Files.exists(base.resolve(segments.get(0)))) {
        return Files.exists(base.resolve(span))
            || facts.types.contains(segments.get(segments.size() - 1));
      }
    }
    return true;
  }
}
