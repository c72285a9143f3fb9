package io.pipelinemedic.publisher.standins;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.RefSpec;

/**
 * The publisher's channels for a test: a real bare git remote (the team's repository) behind the
 * GitHub stand-in, the Slack and Jira stand-ins, and the settings that point the service at them.
 */
public class ChannelStandIns implements QuarkusTestResourceLifecycleManager {

  public static final String OWNER = "Commerce analytics";

  public static GitHubApi github;
  public static SlackWebApi slack;
  public static JiraCloudApi jira;

  /** The Jira projects that exist; a test may remove one. */
  public static final Set<String> JIRA_PROJECTS = ConcurrentHashMap.newKeySet();

  private static Git work;

  @Override
  public Map<String, String> start() {
    try {
      Path root = Files.createTempDirectory("publisher-channels");
      Path remote = root.resolve("analytics.git");
      Git.init()
          .setBare(true)
          .setDirectory(remote.toFile())
          .setInitialBranch("main")
          .call()
          .close();
      work =
          Git.cloneRepository()
              .setURI(remote.toUri().toString())
              .setDirectory(root.resolve("work").toFile())
              .call();
      Files.writeString(root.resolve("work/dbt_project.yml"), "name: shop\n");
      work.add().addFilepattern(".").call();
      work.commit().setMessage("the shop project").setSign(false).call();
      work.push().setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
      github = new GitHubApi("shop", "analytics", remote);
      slack =
          new SlackWebApi(
              "xoxb-test",
              SlackWebApi.channels(
                  "#data-incidents", "C0INCIDENT", "#commerce-data", "C0COMMERCE"));
      JIRA_PROJECTS.add("DATA");
      jira = new JiraCloudApi("medic@shop.example", "jira-token", JIRA_PROJECTS);
    } catch (IOException | GitAPIException e) {
      throw new IllegalStateException(e);
    }
    return Map.ofEntries(
        Map.entry("medic.publisher.github.repository", "shop/analytics"),
        Map.entry("medic.publisher.github.endpoint", github.endpoint()),
        Map.entry("medic.publisher.github.token", "ghp_test"),
        Map.entry("medic.publisher.github.reviewers", "ana"),
        Map.entry("medic.publisher.github.kb-folder", "kb"),
        Map.entry("medic.publisher.github.owner-reviewers.\"" + OWNER + "\"", "bo"),
        Map.entry("medic.publisher.slack.token", "xoxb-test"),
        Map.entry("medic.publisher.slack.endpoint", slack.endpoint()),
        Map.entry("medic.publisher.slack.owner-channels.\"" + OWNER + "\"", "#commerce-data"),
        Map.entry("medic.publisher.slack.mentions.\"" + OWNER + "\"", "S0COMMERCE"),
        Map.entry("medic.publisher.jira.url", jira.site()),
        Map.entry("medic.publisher.jira.email", "medic@shop.example"),
        Map.entry("medic.publisher.jira.token", "jira-token"),
        Map.entry("medic.publisher.teams.\"" + OWNER + "\"", "commerce"));
  }

  /** Pushes a fix branch to the remote, as the agent runner does. */
  public static synchronized void pushBranch(String branch) throws IOException, GitAPIException {
    Path file =
        work.getRepository().getWorkTree().toPath().resolve("fix-" + branch.replace('/', '_'));
    Files.writeString(file, branch + "\n");
    work.add().addFilepattern(".").call();
    work.commit().setMessage("fix on " + branch).setSign(false).call();
    work.push().setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch)).call();
  }

  @Override
  public void stop() {
    github.close();
    slack.close();
    jira.close();
    work.close();
  }
}
