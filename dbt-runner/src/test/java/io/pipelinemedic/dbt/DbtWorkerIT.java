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
      assertThat(warm.ready()).isTrue();
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
  void anInvocationLeavesNoProcessForTheNextAndEndsAsACrashWould() throws Exception {
    Path dbt = fakeDbt();
    Path work = Files.createDirectories(dir.resolve("work"));
    DbtRunner runner =
        new DbtRunner(dbt, Duration.ofMinutes(1), Map.of())
            .confined(Confinement.bubblewrap(Confinement.runtime(dbt)).writable(List.of(work)));

    try (DbtWorker warm = runner.warm(work).orElseThrow()) {
      assertThat(warm.ready()).isTrue();
      DbtResult left = warm.run(DbtCommand.of("run").build(), work);
      String pid = left.stdout().strip();
      DbtResult look = warm.run(DbtCommand.of("test").select(pid).build(), work);
      DbtResult crash = warm.run(DbtCommand.of("compile").build(), work);

      assertThat(left.succeeded()).as(left.describe()).isTrue();
      assertThat(look.stdout()).contains("process gone");
      assertThat(crash.exitCode()).isEqualTo(1);
      assertThat(crash.stderr()).contains("Traceback", "RuntimeError: boom");
    }
  }

  @Test
  void anInvocationOverItsTimeoutKillsTheWorkerAndDbtThenRunsCold() throws Exception {
    Path dbt = fakeDbt();
    DbtRunner runner = new DbtRunner(dbt, Duration.ofSeconds(3), Map.of());

    DbtWorker warm = runner.warm(dir).orElseThrow();
    assertThat(warm.ready()).isTrue();
    DbtResult hung = warm.run(DbtCommand.of("parse").build(), dir);

    assertThat(hung.timedOut()).isTrue();
    assertThat(hung.exitCode()).isEqualTo(-1);
    assertThat(warm.gone()).isTrue();
    assertThat(warm.ready()).isFalse();
    assertThatThrownBy(() -> warm.run(DbtCommand.of("run").build(), dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not ready");
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

  /**
   * A Python environment whose {@code dbt} package is a stand-in: {@code run} leaves a process
   * behind and prints its id, {@code test --select PID} says whether it is still there, {@code
   * compile} raises, {@code parse} hangs.
   */
  private Path fakeDbt() throws Exception {
    Path venv = dir.resolve("fake-dbt");
    Path python = DbtWorker.interpreter(DbtRunner.projectExecutable(ROOT)).orElseThrow();
    Process made =
        new ProcessBuilder(python.toString(), "-m", "venv", "--without-pip", venv.toString())
            .inheritIO()
            .start();
    assertThat(made.waitFor()).isZero();
    Process where =
        new ProcessBuilder(
                venv.resolve("bin/python").toString(),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])")
            .start();
    Path packages = Path.of(new String(where.getInputStream().readAllBytes()).strip());
    Path cli = Files.createDirectories(packages.resolve("dbt/cli"));
    Files.createDirectories(packages.resolve("dbt/adapters"));
    Files.writeString(packages.resolve("dbt/__init__.py"), "");
    Files.writeString(packages.resolve("dbt/adapters/__init__.py"), "");
    Files.writeString(cli.resolve("__init__.py"), "");
    Files.writeString(
        cli.resolve("main.py"),
        String.join(
            "\n",
            "import os, subprocess, sys, time",
            "def cli():",
            "    command = sys.argv[1]",
            "    if command == 'run':",
            "        left = subprocess.Popen(['sleep', '300'], start_new_session=True)",
            "        print(left.pid)",
            "    elif command == 'test':",
            "        alive = os.path.exists('/proc/%s' % sys.argv[3])",
            "        print('process alive' if alive else 'process gone')",
            "    elif command == 'compile':",
            "        raise RuntimeError('boom')",
            "    elif command == 'parse':",
            "        time.sleep(60)",
            "    sys.exit(0)",
            ""));
    Path script = venv.resolve("bin/dbt");
    Files.writeString(
        script, "#!" + venv.resolve("bin/python") + "\nfrom dbt.cli.main import cli\ncli()\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
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
