package io.pipelinemedic.stack.demo;

import io.pipelinemedic.dbt.scenario.ScenarioRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;

/**
 * The example team as the local stack sees it: its dbt repository (a bare git remote, where fix
 * branches are pushed) and its production warehouse. A played night becomes the team's: the commit
 * that ran is pushed to the remote and the night's databases are put in production's place.
 *
 * @param home the team's folder: {@code shop.git} and {@code warehouse/}
 */
public record ExampleTeam(Path home) {

  /** The bare repository standing in for the team's GitHub repository. */
  public Path remote() {
    return home.resolve("shop.git");
  }

  /** Makes {@code night} the team's: its commit on the remote, its warehouse in production. */
  public void take(String name, ScenarioRun night) throws IOException {
    try {
      if (!Files.exists(remote().resolve("HEAD"))) {
        Git.init()
            .setBare(true)
            .setDirectory(remote().toFile())
            .setInitialBranch("main")
            .call()
            .close();
      }
      try (Git project = Git.open(night.project().toFile())) {
        project
            .push()
            .setRemote(remote().toUri().toString())
            .setRefSpecs(
                new RefSpec("+HEAD:refs/heads/main"),
                new RefSpec("+HEAD:refs/heads/nights/" + name))
            .call();
      }
    } catch (GitAPIException e) {
      throw new IOException("cannot push the night's commit to " + remote() + ": " + e, e);
    }
    Path warehouse = Files.createDirectories(home.resolve("warehouse"));
    try (Stream<Path> databases = Files.list(night.warehouse().getParent())) {
      for (Path database : databases.filter(f -> f.toString().endsWith(".duckdb")).toList()) {
        Files.copy(
            database,
            warehouse.resolve(database.getFileName().toString()),
            StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** The fix branches on the remote, each with its commit: {@code medic/... abc1234}. */
  public List<String> fixBranches() throws IOException {
    List<String> branches = new ArrayList<>();
    if (!Files.exists(remote().resolve("HEAD"))) {
      return branches;
    }
    try (Repository repository = new FileRepositoryBuilder().setGitDir(remote().toFile()).build()) {
      for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS + "medic/")) {
        branches.add(
            Repository.shortenRefName(ref.getName())
                + " "
                + ref.getObjectId().abbreviate(7).name());
      }
    }
    return branches;
  }
}
