package io.pipelinemedic.publisher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The publisher-service's settings, under {@code medic.publisher}; a channel without settings is
 * off.
 */
@ConfigMapping(prefix = "medic.publisher")
public interface PublisherConfig {

  /** Where people reach this service: the base of incident links. */
  @WithDefault("http://localhost:8085")
  String publicUrl();

  /** Teams by owner name, for the {@code medic_team} routing header; else the owner's dbt group. */
  Map<String, String> teams();

  /** How a channel's delivery is retried before it is dead-lettered. */
  Delivery delivery();

  /** Pull requests on GitHub or GitHub Enterprise. */
  GitHub github();

  /** The incident's Slack message and its thread. */
  Slack slack();

  /** Jira tickets for SOURCE reports. */
  Jira jira();

  /** Delivery retries. */
  interface Delivery {

    /** Attempts per channel, the first included. */
    @WithDefault("3")
    int attempts();

    /** Wait before the second attempt; doubles after each, and a Retry-After is honoured. */
    @WithDefault("2s")
    Duration backoff();

    /**
     * How long a fix or report waits for its incident's classification (the topics are read
     * independently); then it is dead-lettered with that reason.
     */
    @WithDefault("10m")
    Duration classificationWait();

    /** How often outcomes waiting for their classification are looked at. */
    @WithDefault("1m")
    Duration sweep();
  }

  /** GitHub. */
  interface GitHub {

    /** {@code owner/name}; pull requests are off without it. */
    Optional<String> repository();

    /** The REST API; {@code https://HOST/api/v3} for GitHub Enterprise. */
    @WithDefault("https://api.github.com")
    String endpoint();

    /** A token allowed to open pull requests. */
    Optional<String> token();

    /** The branch pull requests target. */
    @WithDefault("main")
    String base();

    /** Labels every pull request gets. */
    @WithDefault("pipeline-medic")
    List<String> labels();

    /** Logins asked to review every pull request. */
    Optional<List<String>> reviewers();

    /** Reviewers by owner name, asked besides. */
    Map<String, String> ownerReviewers();

    /** A fix whose decision's confidence is under this opens a draft pull request. */
    @WithDefault("0.8")
    double draftBelow();

    /**
     * The folder of the team's git KB in this repository, e.g. {@code kb}: a merged fix of a coding
     * agent is drafted into an entry there, in a pull request; no drafts without it.
     */
    Optional<String> kbFolder();
  }

  /** Slack Web API. */
  interface Slack {

    /** A bot token ({@code xoxb-…}); Slack is off without it. */
    Optional<String> token();

    /** The Web API base. */
    @WithDefault("https://slack.com/api")
    String endpoint();

    /** The channel of incident messages. */
    @WithDefault("#data-incidents")
    String channel();

    /** Channels by owner name: SOURCE reports are also posted to the owner's. */
    Map<String, String> ownerChannels();

    /**
     * Slack ids by owner name, so that the message mentions the owner: a user ({@code U…}) or a
     * user group ({@code S…}).
     */
    Map<String, String> mentions();
  }

  /** Jira Cloud REST v3. */
  interface Jira {

    /** The site, e.g. {@code https://shop.atlassian.net}; Jira is off without it. */
    Optional<String> url();

    /** The account of the API token. */
    Optional<String> email();

    /** The API token. */
    Optional<String> token();

    /** The project key of the tickets. */
    @WithDefault("DATA")
    String project();

    /** The issue type of the tickets. */
    @WithDefault("Task")
    String issueType();

    /** Labels every ticket gets. */
    @WithDefault("pipeline-medic")
    List<String> labels();
  }
}
