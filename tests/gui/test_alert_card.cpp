// AlertCard: the detail pane's summary card — the level chip and its severity, the title's fallbacks, the
// rows filled from the alert (and hidden when empty), times in the console's zone, and the agent row
// replaced by what the agents table knows.
#include "alert_card.h"
#include "elided_label.h"

#include <QApplication>
#include <QJsonDocument>
#include <QLabel>
#include <QTest>
#include <QToolButton>

using namespace eos;

namespace {

QJsonObject alertJson(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

// A Wazuh alert with every field the card shows (rule 5712 as Wazuh's sample generator writes it).
const char *kFull = R"({"timestamp":"2026-11-23T10:00:00.000+0000",
  "rule":{"id":"5712","level":10,"description":"sshd: brute force trying to get access to the system.",
          "groups":["syslog","sshd","authentication_failures"],
          "mitre":{"id":["T1110"],"technique":["Brute Force"]}},
  "agent":{"id":"001","name":"web-01","ip":"10.0.0.1"},
  "data":{"srcip":"203.0.113.5","srcuser":"root","dstuser":"admin"},
  "location":"/var/log/auth.log"})";

}  // namespace

class TestAlertCard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resetShowsNothing()
    {
        AlertCard card;
        card.fill(alertJson(kFull), 42, QTimeZone::utc());
        card.reset();
        QVERIFY(card.levelChip()->isHidden());
        QVERIFY(card.titleLabel()->fullText().isEmpty());
        for (QWidget *row : {static_cast<QWidget *>(card.timeLabel()), static_cast<QWidget *>(card.agentLine()),
                             static_cast<QWidget *>(card.locationLabel()), static_cast<QWidget *>(card.sourceLabel()),
                             static_cast<QWidget *>(card.mitreLabel()), static_cast<QWidget *>(card.groupsLabel())})
            QVERIFY(row->isHidden());
        QVERIFY(card.copyButton());
        QVERIFY(card.dashboardButton());
    }

    void fillShowsEveryField()
    {
        AlertCard card;
        card.reset();
        card.fill(alertJson(kFull), 42, QTimeZone::utc());
        QCOMPARE(card.levelChip()->text(), QStringLiteral("Level 10 · High"));
        QVERIFY(!card.levelChip()->isHidden());
        QCOMPARE(card.titleLabel()->fullText(), QStringLiteral("Rule 5712: sshd: brute force trying to get access to the system."));
        QCOMPARE(card.timeLabel()->fullText(), QStringLiteral("2026-11-23 10:00:00 UTC · alert #42"));
        QCOMPARE(card.agentLine()->text(), QStringLiteral("web-01 (001) · 10.0.0.1"));
        QCOMPARE(card.locationLabel()->fullText(), QStringLiteral("/var/log/auth.log"));
        QCOMPARE(card.sourceLabel()->fullText(), QStringLiteral("203.0.113.5 · user root · target user admin"));
        QCOMPARE(card.mitreLabel()->fullText(), QStringLiteral("T1110 Brute Force"));
        QCOMPARE(card.groupsLabel()->fullText(), QStringLiteral("syslog, sshd, authentication_failures"));
        for (QWidget *row : {static_cast<QWidget *>(card.locationLabel()), static_cast<QWidget *>(card.sourceLabel()),
                             static_cast<QWidget *>(card.mitreLabel()), static_cast<QWidget *>(card.agentLine())})
            QVERIFY(!row->isHidden());
    }

    void emptyFieldsHideTheirRowsAndTheTitleFallsBack()
    {
        AlertCard card;
        card.reset();
        card.fill(alertJson(R"({"rule":{"id":"5501"}})"), 7, QTimeZone::utc());
        QCOMPARE(card.titleLabel()->fullText(), QStringLiteral("Rule 5501"));
        QVERIFY(card.levelChip()->isHidden());  // no level: no chip
        QCOMPARE(card.timeLabel()->fullText(), QStringLiteral("alert #7"));
        for (QWidget *row : {static_cast<QWidget *>(card.locationLabel()), static_cast<QWidget *>(card.sourceLabel()),
                             static_cast<QWidget *>(card.mitreLabel()), static_cast<QWidget *>(card.groupsLabel()),
                             static_cast<QWidget *>(card.agentLine())})
            QVERIFY(row->isHidden());
        card.reset();
        card.fill(alertJson(R"({"data":{}})"), 8, QTimeZone::utc());
        QCOMPARE(card.titleLabel()->fullText(), QStringLiteral("Alert 8"));
        card.reset();
        card.fill(alertJson(R"({"rule":{"description":"File deleted.","level":"7"}})"), 9, QTimeZone::utc());
        QCOMPARE(card.titleLabel()->fullText(), QStringLiteral("File deleted."));
        QCOMPARE(card.levelChip()->text(), QStringLiteral("Level 7 · Medium"));  // a level as text, as some decoders write it
    }

    void timesAreInTheConsolesZone()
    {
        AlertCard card;
        card.fill(alertJson(kFull), 42, QTimeZone(3600 * 2));
        QVERIFY2(card.timeLabel()->fullText().startsWith(QStringLiteral("2026-11-23 12:00:00")), qPrintable(card.timeLabel()->fullText()));
    }

    void theAgentsTableReplacesTheAgentRow()
    {
        AlertCard card;
        const QJsonObject a = alertJson(kFull);
        card.fill(a, 42, QTimeZone::utc());
        TriageStore::StageStatus st;
        card.showAgent(st, a);  // nothing known about the alert: the alert's own naming stays
        QCOMPARE(card.agentLine()->text(), QStringLiteral("web-01 (001) · 10.0.0.1"));
        st.found = true;
        st.agentId = QStringLiteral("001");
        st.agentUnknownToApi = true;
        card.showAgent(st, a);
        QCOMPARE(card.agentLine()->text(), QStringLiteral("web-01 (001) · not known to the Wazuh API (details from the alert only)"));
        st.agentUnknownToApi = false;
        st.agentKnown = true;
        st.agentName = QStringLiteral("web-01 <prod>");
        st.agentStatus = QStringLiteral("active");
        st.agentOs = QStringLiteral("Ubuntu 22.04.3 LTS");
        st.agentIp = QStringLiteral("10.0.0.1");
        st.agentVersion = QStringLiteral("Wazuh v4.7.2");
        st.agentGroups = {QStringLiteral("default"), QStringLiteral("linux")};
        card.showAgent(st, a);
        const QString line = card.agentLine()->text();
        QVERIFY2(line.startsWith(QStringLiteral("web-01 &lt;prod&gt; (001) · ")), qPrintable(line));  // names are escaped
        for (const char *part : {"Ubuntu 22.04.3 LTS", "10.0.0.1", "Wazuh v4.7.2", "groups: default, linux", "\u25CF"})
            QVERIFY2(line.contains(QString::fromUtf8(part)), part);
        QVERIFY(!card.agentLine()->isHidden());
    }

    void severityNames()
    {
        QCOMPARE(AlertCard::severityName(3), QStringLiteral("Low"));
        QCOMPARE(AlertCard::severityName(7), QStringLiteral("Medium"));
        QCOMPARE(AlertCard::severityName(10), QStringLiteral("High"));
        QCOMPARE(AlertCard::severityName(15), QStringLiteral("Critical"));
    }
};

QTEST_MAIN(TestAlertCard)
#include "test_alert_card.moc"
