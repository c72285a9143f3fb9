package io.pipelinemedic.stack;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A team's configuration file ({@code medic.properties}): the services' own settings, by the names
 * their READMEs give ({@code medic.runner.git-remote}), for the team's dbt project, warehouse, KB,
 * channels and reporters. Each becomes the service's environment variable ({@code
 * MEDIC_RUNNER_GIT_REMOTE}); a variable set in the environment wins. {@code ${NAME}} in a value is
 * the stack's {@code MEDIC_HOME}, {@code MEDIC_ROOT}, or another environment variable.
 */
public final class TeamConfig {

  /** The environment variable naming the file. */
  public static final String VARIABLE = "MEDIC_CONFIG";

  private static final Pattern SETTING = Pattern.compile("medic\\.[a-z0-9][a-z0-9.\\-]*");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

  private TeamConfig() {}

  /**
   * The settings of {@code file} as environment variables.
   *
   * @param known the values placeholders may name
   * @throws IOException when the file cannot be read, names a setting that is not a service's, or a
   *     placeholder that has no value; the message says which line
   */
  public static Map<String, String> read(Path file, Map<String, String> known) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames().stream().sorted().toList()) {
      if (!SETTING.matcher(name).matches()) {
        throw new IOException(
            file + ": " + name + " is not a Pipeline Medic setting (they start with medic.)");
      }
      env.put(variable(name), expand(file, name, properties.getProperty(name).strip(), known));
    }
    return env;
  }

  /** The environment variable of a setting, as MicroProfile Config names it. */
  static String variable(String setting) {
    return setting.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
  }

  private static String expand(Path file, String name, String value, Map<String, String> known)
      throws IOException {
    Matcher placeholder = PLACEHOLDER.matcher(value);
    StringBuilder out = new StringBuilder();
    while (placeholder.find()) {
      String replacement = known.get(placeholder.group(1));
      if (replacement == null) {
        throw new IOException(
            file + ": " + name + " names ${" + placeholder.group(1) + "}, which has no value");
      }
      placeholder.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    placeholder.appendTail(out);
    return out.toString();
  }
}
