package io.pipelinemedic.schemas.model;

/**
 * Where a publication can be found.
 *
 * @param pullRequestUrl the pull request
 * @param slackChannel Slack channel of the incident message
 * @param slackTs Slack message ts (thread parent)
 * @param jiraKey Jira issue key
 * @param jiraUrl Jira issue URL
 * @param reportUri the stored report
 * @param incidentUrl the incident in Pipeline Medic
 */
public record Links(
    String pullRequestUrl,
    String slackChannel,
    String slackTs,
    String jiraKey,
    String jiraUrl,
    String reportUri,
    String incidentUrl) {}
