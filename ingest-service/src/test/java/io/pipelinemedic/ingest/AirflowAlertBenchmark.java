package io.pipelinemedic.ingest;

import io.pipelinemedic.testsupport.ServiceProcess;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Airflow notifier's alert timed against the packaged ingest-service (real PostgreSQL and
 * broker, started here): {@code tools/bench/airflow_alert.py} sends it RUNS times with the example
 * project's artifacts, with a synthetic 10,000-model project's, and alone, and prints the medians.
 */
public final class AirflowAlertBenchmark {

  private AirflowAlertBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).toAbsolutePath();
    String runs = args.length > 1 ? args[1] : "5";
    int port = ServiceProcess.freePort();
    Process service =
        ServiceProcess.start(
            Path.of("target/quarkus-app/quarkus-run.jar"),
            port,
            Map.of(
                "MEDIC_INGEST_AIRFLOW_SECRET", Deliveries.AIRFLOW_SECRET,
                "MEDIC_INGEST_DBT_CLOUD_SECRET", Deliveries.DBT_CLOUD_SECRET,
                "MEDIC_INGEST_RUNS_TOKEN", Deliveries.RUNS_TOKEN,
                "MEDIC_ARTIFACTS_DIR",
                    Path.of("target/bench-artifacts").toAbsolutePath().toString()),
            Path.of("target/airflow-alert-bench.log"),
            "/q/health/ready");
    int exit = 1;
    try {
      Process bench =
          new ProcessBuilder(
                  root.resolve(".venv/airflow/bin/python").toString(),
                  root.resolve("tools/bench/airflow_alert.py").toString(),
                  "http://127.0.0.1:" + port,
                  Deliveries.AIRFLOW_SECRET,
                  runs,
                  Path.of("src/test/resources/artifacts").toAbsolutePath().toString())
              .inheritIO()
              .start();
      exit = bench.waitFor();
    } finally {
      service.destroy();
      service.waitFor();
      System.exit(exit); // the broker's threads would keep the JVM alive
    }
  }
}
