package io.pipelinemedic.kb;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A real git repository standing in for the team's dbt repository: a bare remote that
 * kb-sync-service reads, and a working clone in which the tests write, commit and push entries.
 */
public final class GitRemote implements QuarkusTestResourceLifecycleManager {

  static final Path ROOT = Path.of("target/kb-remote").toAbsolutePath();
  static final Path BARE = ROOT.resolve("shop.git");
  static final Path WORK = ROOT.resolve("work");
  private static final PersonIdent AUTHOR = new PersonIdent("Dana Analyst", "dana@shop.example");

  @Override
  public Map<String, String> start() {
    try {
      delete(ROOT);
      delete(Path.of("target/kb-git"));
      Git.init().setBare(true).setInitialBranch("main").setDirectory(BARE.toFile()).call().close();
      Git.init().setInitialBranch("main").setDirectory(WORK.toFile()).call().close();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
    return Map.of("medic.kb.git.uri", BARE.toUri().toString(), "medic.kb.git.path", "kb");
  }

  @Override
  public void stop() {
    // shared by the test classes of the JVM
  }

  /** Writes {@code files} (path → content, null deletes) in the working clone, commits, pushes. */
  static void commitAndPush(String message, Map<String, String> files) {
    try (Git git = Git.open(WORK.toFile())) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path path = WORK.resolve(file.getKey());
        if (file.getValue() == null) {
          git.rm().addFilepattern(file.getKey()).call();
        } else {
          Files.createDirectories(path.getParent());
          Files.writeString(path, file.getValue());
          git.add().addFilepattern(file.getKey()).call();
        }
      }
      git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
      git.push().setRemote(BARE.toUri().toString()).add("main").call();
    } catch (IOException | GitAPIException e) {
      throw new IllegalStateException("cannot commit and push: " + e.getMessage(), e);
    }
  }

  private static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
