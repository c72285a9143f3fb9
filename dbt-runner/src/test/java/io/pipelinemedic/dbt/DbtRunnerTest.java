package io.pipelinemedic.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a dbt process is given of its parent: an explicit, minimal environment. */
class DbtRunnerTest {

  @TempDir Path dir;

  @Test
  void dbtSeesOnlyItsOwnEnvironmentNeverTheServicesVariables() throws Exception {
    Path printsEnvironment = dir.resolve("dbt");
    Files.writeString(printsEnvironment, "#!/bin/sh\nenv\n");
    Files.setPosixFilePermissions(printsEnvironment, PosixFilePermissions.fromString("rwx------"));
    DbtRunner runner =
        new DbtRunner(printsEnvironment, Duration.ofSeconds(20), Map.of("DBT_PROFILES_DIR", "/p"));

    DbtResult result = runner.run(DbtCommand.of("parse").build(), dir);

    Map<String, String> seen =
        result
            .stdout()
            .lines()
            .filter(line -> line.contains("="))
            .collect(
                Collectors.toMap(
                    line -> line.substring(0, line.indexOf('=')),
                    line -> line.substring(line.indexOf('=') + 1),
                    (first, second) -> first));
    Set<String> allowed =
        new java.util.HashSet<>(
            Set.of(
                "PATH", "LANG", "HOME", "TMPDIR", "TZ", "DBT_PROFILES_DIR", "PWD", "SHLVL", "_"));
    allowed.addAll(DbtRunner.QUIET.keySet());
    assertThat(seen.keySet()).isSubsetOf(allowed);
    assertThat(seen).containsEntry("DBT_PROFILES_DIR", "/p").containsEntry("DO_NOT_TRACK", "1");
    assertThat(seen.get("PATH")).startsWith(dir + ":");
    // the test JVM's own variables (Maven's, the build's) are not passed on
    assertThat(System.getenv().keySet()).anyMatch(name -> !allowed.contains(name));
  }
}
