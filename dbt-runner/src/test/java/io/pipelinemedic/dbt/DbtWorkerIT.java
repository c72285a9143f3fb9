package io.pipelinemedic.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm dbt answers as the cold one does, on the example project, in bubblewrap. */
class DbtWorkerIT {

  private static final Path ROOT =
      Path.of(System.getProperty("medic.root", "..")).toAbsolutePath().normalize();
  private static final Path SHOP = ROOT.resolve("examples/shop");

  @TempDir Path dir;

  @Test
  void eachInvocationAnswersAsTheColdDbtDoes() throws Exception {
    Path target = Files.createDirectories(dir.resolve("target"));
    DbtRunner runner = confined(Duration.ofMinutes(2), target);
    DbtCommand ls =
        DbtCommand.of("ls")
            .resourceTypes("model")
            .projectDir(SHOP)
            .profilesDir(SHOP)
            .targetPath(target)
            .logPath(target)
            .build();
    DbtCommand wrongTarget =
        DbtCommand.of("ls")
            .target("no_such_target")
            .projectDir(SHOP)
            .profilesDir(SHOP)
            .targetPath(target)
            .logPath(target)
            .build();

    DbtResult cold = runner.run(ls, SHOP);
    DbtResult coldFailure = runner.run(wrongTarget, SHOP);
    try (DbtWorker warm = runner.warm(SHOP).orElseThrow()) {
      DbtResult first = warm.run(ls, SHOP);
      DbtResult failure = warm.run(wrongTarget, SHOP);
      DbtResult again = warm.run(ls, SHOP);

      assertThat(first.succeeded()).as(first.describe()).isTrue();
      assertThat(nodes(first)).isEqualTo(nodes(cold)).contains("shop.marts.fct_orders");
      assertThat(first.command()).isEqualTo(cold.command());
      assertThat(failure.exitCode()).isEqualTo(coldFailure.exitCode()).isEqualTo(2);
      assertThat(failure.stdout()).contains("no_such_target");
      // a failed invocation leaves nothing behind for the next: each is a fork of the worker
      assertThat(nodes(again)).isEqualTo(nodes(cold));
    }
  }

  @Test
  void anInvocationOverItsTimeoutKillsTheWorkerAndWhatItStarted() throws Exception {
    DbtRunner runner = confined(Duration.ofMillis(300), Files.createDirectories(dir.resolve("t")));
    DbtCommand parse = DbtCommand.of("parse").projectDir(SHOP).profilesDir(SHOP).build();

    DbtWorker warm = runner.warm(SHOP).orElseThrow();
    DbtResult result = warm.run(parse, SHOP);

    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThatThrownBy(() -> warm.run(parse, SHOP))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the warm dbt is gone");
    warm.close();
  }

  @Test
  void aDbtThatIsNotAPythonScriptHasNoWarmWorker() throws Exception {
    Path wrapper = dir.resolve("dbt");
    Files.writeString(wrapper, "#!/bin/sh\nexec /usr/bin/env dbt \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));

    assertThat(new DbtRunner(wrapper, Duration.ofSeconds(5), Map.of()).warm(dir)).isEmpty();
    assertThat(DbtWorker.interpreter(DbtRunner.projectExecutable(ROOT)))
        .hasValueSatisfying(python -> assertThat(python.getFileName().toString()).startsWith("py"));
  }

  private static DbtRunner confined(Duration timeout, Path target) throws IOException {
    return new DbtRunner(DbtRunner.projectExecutable(ROOT), timeout, Map.of())
        .confined(
            Confinement.bubblewrap(Confinement.runtime(DbtRunner.projectExecutable(ROOT)))
                .readOnly(List.of(SHOP))
                .writable(List.of(target)));
  }

  /** The nodes {@code dbt ls} printed, without its log lines. */
  private static List<String> nodes(DbtResult result) {
    return result.stdout().lines().filter(line -> line.startsWith("shop.")).toList();
  }
}
