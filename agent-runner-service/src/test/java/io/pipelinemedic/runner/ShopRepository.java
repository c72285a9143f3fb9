package io.pipelinemedic.runner;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the service at scenario 03's nightly run: its project in a local bare repository, its
 * production DuckDB file, the FX database attached read-only, the project's dbt runtime, and a
 * command as the coding agent that hangs past its 3 s limit.
 */
public class ShopRepository implements QuarkusTestResourceLifecycleManager {

  static PlayedScenario played;

  @Override
  public Map<String, String> start() {
    try {
      played = PlayedScenario.play("03-new-order-status", "runner-service-it");
    } catch (Exception e) {
      throw new IllegalStateException("cannot play scenario 03", e);
    }
    return Map.of(
        "medic.runner.git-remote", played.remote().toUri().toString(),
        "medic.runner.production-duckdb", played.run().warehouse().toString(),
        "medic.artifacts.dir", played.artifactsFolder().toString(),
        "medic.runner.attachments.fx", played.fx().toString(),
        "medic.runner.dbt", PlayedScenario.dbt().toAbsolutePath().toString(),
        // a coding agent that never finishes: stopped at 3 s
        "medic.runner.agent.kind", "command",
        "medic.runner.agent.command", "/bin/sh,-c,sleep 600",
        "medic.runner.agent.timeout", "3s");
  }

  @Override
  public void stop() {
    // the played files stay in target/ for a look after a failure
  }
}
