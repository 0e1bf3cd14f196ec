// FaultHarness::Figures: what a fault case measured, as one line for its log, and the problems it shows
// (an alert answered 202 and not stored, stored twice, a stage's work done twice or not at all, a
// notification sent twice or never).
#include "fault_harness.h"

namespace eos::test {

QString FaultHarness::Figures::text() const
{
    return QStringLiteral(
               "answered 202: %1, refused: %2, no answer: %3 | stored %4 (missing %5, doubled %6, refused but stored %7) | "
               "not at the end: %8 (failed %9) | enriched %10 (twice %11), summarized %12 (twice %13, with an answer %14), "
               "dispatched %15 (twice %16) | outbox rows %17 (not sent %18, missing %19) | webhook: %20 rows, %21 keys received in %22 requests "
               "(keys received twice %23) | jira: %24 rows, %25 issues + %33 comments (rows there twice %26, rows not there %27) | slack: %28 rows, %29 messages, "
               "%30 × 429 | requests: LLM %31, Wazuh API %32")
        .arg(acked).arg(refused).arg(unknown).arg(stored).arg(missing).arg(doubled).arg(refusedButStored)
        .arg(notSent).arg(failed).arg(enriched).arg(enrichedTwice).arg(summarized).arg(summarizedTwice).arg(withSummary)
        .arg(dispatched).arg(dispatchedTwice).arg(outboxRows).arg(outboxNotSent).arg(outboxMissing)
        .arg(webhookRows).arg(webhookKeys).arg(webhookRequests).arg(webhookKeysTwice)
        .arg(jiraRows).arg(jiraIssues).arg(jiraLabelsTwice).arg(jiraRowsWithoutIssue)
        .arg(slackRows).arg(slackMessages).arg(slack429).arg(llmRequests).arg(wazuhRequests).arg(jiraComments) +
        (email ? QStringLiteral(" | email: %1 rows, %2 sent, %3 dead (%4 without their 5xx reply), %5 messages received "
                                "(Message-IDs twice %6, sent rows not received %7, received for no sent row %8)")
                     .arg(emailRows).arg(emailSent).arg(emailDead).arg(emailDeadWithoutReply).arg(emailMessages)
                     .arg(emailIdsTwice).arg(emailSentNotReceived).arg(emailReceivedNotSent)
               : QString());
}

QStringList FaultHarness::Figures::problems(bool slackMayRepeat) const
{
    QStringList p;
    if (acked == 0) p << QStringLiteral("no alert was answered 202");
    if (missing) p << QStringLiteral("%1 alerts answered 202 are not stored").arg(missing);
    if (doubled) p << QStringLiteral("%1 alerts stored twice").arg(doubled);
    if (refusedButStored) p << QStringLiteral("%1 alerts answered with an error were stored").arg(refusedButStored);
    if (notSent) p << QStringLiteral("%1 alerts did not reach the end of the pipeline (%2 failed)").arg(notSent).arg(failed);
    if (enriched != stored || enrichedTwice) p << QStringLiteral("enrichment: %1 of %2 alerts, %3 twice").arg(enriched).arg(stored).arg(enrichedTwice);
    if (summarized != stored || summarizedTwice) p << QStringLiteral("LLM: %1 of %2 alerts, %3 twice").arg(summarized).arg(stored).arg(summarizedTwice);
    if (withSummary != stored) p << QStringLiteral("LLM: %1 of %2 alerts have a valid answer").arg(withSummary).arg(stored);
    if (dispatched != stored || dispatchedTwice) p << QStringLiteral("dispatch: %1 of %2 alerts, %3 twice").arg(dispatched).arg(stored).arg(dispatchedTwice);
    if (outboxNotSent || outboxMissing) p << QStringLiteral("outbox: %1 rows not sent, %2 alerts without their rows").arg(outboxNotSent).arg(outboxMissing);
    if (webhookKeys != webhookRows) p << QStringLiteral("webhook: %1 distinct deliveries for %2 rows").arg(webhookKeys).arg(webhookRows);
    if (jiraIssues + jiraComments != jiraRows || jiraLabelsTwice || jiraRowsWithoutIssue)
        p << QStringLiteral("jira: %1 issues and %2 comments for %3 rows (%4 rows there twice, %5 rows not there)")
                 .arg(jiraIssues).arg(jiraComments).arg(jiraRows).arg(jiraLabelsTwice).arg(jiraRowsWithoutIssue);
    if (llmViolations || wazuhBadRequests)
        p << QStringLiteral("protocol: %1 LLM requests and %2 Wazuh API requests did not fit the protocol").arg(llmViolations).arg(wazuhBadRequests);
    if (slackMayRepeat ? slackMessages < slackRows : slackMessages != slackRows)
        p << QStringLiteral("slack: %1 messages for %2 rows").arg(slackMessages).arg(slackRows);
    if (email) {
        if (emailRows == 0) p << QStringLiteral("email: no row");
        if (emailSent + emailDead != emailRows) p << QStringLiteral("email: %1 of %2 rows neither sent nor dead").arg(emailRows - emailSent - emailDead).arg(emailRows);
        if (emailDead && !emailDeadExpected) p << QStringLiteral("email: %1 rows dead").arg(emailDead);
        if (emailDeadWithoutReply) p << QStringLiteral("email: %1 dead rows without the server's 5xx reply").arg(emailDeadWithoutReply);
        if (emailMessages != emailSent || emailIdsTwice || emailSentNotReceived || emailReceivedNotSent)
            p << QStringLiteral("email: %1 messages for %2 sent rows (%3 Message-IDs twice, %4 sent rows not received, %5 received for no sent row)")
                     .arg(emailMessages).arg(emailSent).arg(emailIdsTwice).arg(emailSentNotReceived).arg(emailReceivedNotSent);
    }
    return p;
}

}  // namespace eos::test
