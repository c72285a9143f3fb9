package io.pipelinemedic.stack;

import io.pipelinemedic.artifacts.Manifest;
import io.pipelinemedic.artifacts.ManifestNode;
import io.pipelinemedic.kb.entry.GitEntries;
import io.pipelinemedic.kb.entry.KbMatcher;
import io.pipelinemedic.kb.entry.ParsedEntry;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.KbMatchRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The doctor's check of a git KB's entries against the project: every markdown entry of the
 * configured branch and folder parses (as kb-sync-service would publish it), and every entry's test
 * and node rules match a test or node of the parsed manifest, as the classifier will match them. A
 * rule made of a message expression alone can only be tried on a failure, so it is not judged here.
 */
final class KbEntryChecks {

  private KbEntryChecks() {}

  static Doctor.Check entries(Map<String, String> kb, Manifest manifest, Path work)
      throws InterruptedException {
    String name = "knowledge base entries";
    String uri = kb.get("MEDIC_KB_GIT_URI");
    if (uri == null) {
      return new Doctor.Check(
          name, true, "Notion: kb-sync-service lists the pages it cannot publish (GET /kb/sync)");
    }
    String branch = kb.getOrDefault("MEDIC_KB_GIT_BRANCH", "main");
    String folder = GitEntries.folder(kb.getOrDefault("MEDIC_KB_GIT_PATH", "kb"));
    var clone =
        Git.cloneRepository()
            .setURI(uri)
            .setBare(true)
            .setBranch("refs/heads/" + branch)
            .setDirectory(work.resolve("kb.git").toFile());
    clone.setCredentialsProvider(Doctor.credentials(kb.get("MEDIC_KB_GIT_TOKEN")));
    List<ParsedEntry> parsed = new ArrayList<>();
    try (Git git = clone.call()) {
      ObjectId head = git.getRepository().resolve("refs/heads/" + branch);
      if (head == null) {
        return new Doctor.Check(
            name, false, "branch " + branch + " not found in " + uri + ": fix medic.kb.git.branch");
      }
      try (RevWalk walk = new RevWalk(git.getRepository())) {
        RevCommit commit = walk.parseCommit(head);
        for (String path : GitEntries.paths(git.getRepository(), commit, folder)) {
          parsed.add(GitEntries.entry(git, commit, folder, path));
        }
      }
    } catch (GitAPIException | IOException e) {
      return new Doctor.Check(
          name, false, "cannot read " + folder + " of " + uri + ": " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    int valid = 0;
    for (ParsedEntry entry : parsed) {
      if (entry instanceof ParsedEntry.Invalid invalid) {
        problems.add(invalid.sourceRef() + " " + String.join("; ", invalid.problems()));
      } else if (entry instanceof ParsedEntry.Valid ok) {
        valid++;
        if (manifest != null && !matchesSomething(ok.entry(), manifest)) {
          problems.add(ok.entry().id() + " names no test or node of the project " + rule(ok));
        }
      }
    }
    if (parsed.isEmpty()) {
      return new Doctor.Check(
          name, false, "no entry in " + folder + " of " + uri + ": fix medic.kb.git.path");
    }
    if (!problems.isEmpty()) {
      return new Doctor.Check(name, false, ProjectChecks.shown(problems));
    }
    return new Doctor.Check(
        name,
        true,
        valid
            + (valid == 1 ? " entry" : " entries")
            + " valid"
            + (manifest == null ? "" : " and matching the project's tests or nodes"));
  }

  /**
   * Whether the entry's test and node rules match at least one node of the manifest (tests by their
   * generic test's name, name and attached node; every node by its id and name).
   */
  private static boolean matchesSomething(KbEntry entry, Manifest manifest) {
    KbMatchRule rule = entry.match();
    if (rule.testNames().isEmpty() && rule.nodePattern() == null) {
      return true;
    }
    KbEntry structural =
        new KbEntry(
            entry.id(),
            entry.title(),
            entry.source(),
            entry.sourceRef(),
            entry.version(),
            entry.updatedAt(),
            new KbMatchRule(rule.testNames(), rule.nodePattern(), null),
            entry.failureClass(),
            entry.owner(),
            entry.steps(),
            entry.recipe());
    for (ManifestNode node : manifest.nodes().values()) {
      ManifestNode.TestInfo test = node.test();
      KbMatcher.Subject subject =
          new KbMatcher.Subject(
              node.uniqueId(),
              test == null ? null : test.testName(),
              node.name(),
              test == null ? null : test.attachedNode(),
              null);
      if (KbMatcher.match(structural, subject).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static String rule(ParsedEntry.Valid entry) {
    KbMatchRule rule = entry.entry().match();
    return "(tests "
        + rule.testNames()
        + (rule.nodePattern() == null ? "" : ", node " + rule.nodePattern())
        + ")";
  }
}
