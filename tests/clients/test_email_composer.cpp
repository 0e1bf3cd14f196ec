// EmailComposer: the subject (agent, OS, level, description, the LLM's risk), the body (key fields, the
// summary's sections, the playbook's steps, links back), times in EOS_TIMEZONE with the zone shown, the
// MIME structure (parsed back by Python's email package), RFC 2047 subjects, hostile content, digests
// (highest level first, counts per rule and agent) and the template re-read when its file changes.
#include "clients/email_composer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using eos::Config;
using eos::DispatchAlert;
using eos::EmailComposer;
using eos::EmailSettings;
using eos::EmailTemplate;

namespace {

Config config()
{
    Config::LoadOptions lo;
    lo.useProcessEnvironment = false;
    lo.mode = Config::Mode::Tool;
    QString err;
    auto c = Config::load(lo, &err);
    if (!c) qFatal("config: %s", qPrintable(err));
    c->set(QStringLiteral("EMAIL_FROM"), QStringLiteral("Eos Console <eos@soc.example.com>"));
    c->set(QStringLiteral("EMAIL_TO"), QStringLiteral("a@example.com, b@example.com"));
    c->set(QStringLiteral("EOS_TIMEZONE"), QStringLiteral("Asia/Tokyo"));
    c->set(QStringLiteral("WAZUH_DASHBOARD_URL"), QStringLiteral("https://wazuh.example.com/"));
    return *c;
}

DispatchAlert alert(qint64 id, int level, const QString &rule, const QString &agentId, const QString &desc)
{
    DispatchAlert a;
    a.alertId = id;
    a.hash = QStringLiteral("abcdef0123456789-%1").arg(id);
    a.raw = QJsonObject{{QStringLiteral("timestamp"), QStringLiteral("2026-11-22T11:07:16.828+0000")},
                        {QStringLiteral("id"), QStringLiteral("1795345636.%1").arg(id)},
                        {QStringLiteral("rule"), QJsonObject{{QStringLiteral("level"), level}, {QStringLiteral("id"), rule},
                                                             {QStringLiteral("description"), desc}}},
                        {QStringLiteral("agent"), QJsonObject{{QStringLiteral("id"), agentId}, {QStringLiteral("name"), QStringLiteral("host-") + agentId}}}};
    return a;
}

// Python's email package reads the message back (policy default): structure, headers, decoded parts
QJsonObject parsedByPython(const QByteArray &mime)
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/python3"),
            {QStringLiteral("-c"), QStringLiteral(R"(
import email, email.policy, json, sys
raw = sys.stdin.buffer.read()
m = email.message_from_bytes(raw, policy=email.policy.default)
parts = []
defects = [str(d) for d in m.defects]
for p in m.walk():
    defects += [str(d) for d in p.defects]
    if p.is_multipart(): continue
    parts.append({"type": p.get_content_type(), "charset": p.get_content_charset(), "cte": p["Content-Transfer-Encoding"], "content": p.get_content()})
print(json.dumps({"type": m.get_content_type(), "subject": str(m["subject"]), "date": str(m["date"]), "message_id": str(m["message-id"]),
                  "mime_version": str(m["mime-version"]), "to": [str(a) for a in m["to"].addresses], "from": str(m["from"]),
                  "parts": parts, "defects": defects, "max_line": max(len(l) for l in raw.split(b"\r\n"))}))
)")});
    p.write(mime);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000) || p.exitCode() != 0) qFatal("python: %s", p.readAllStandardError().constData());
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

}  // namespace

class TestEmailComposer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void singleAlertMessage()
    {
        EmailComposer c(EmailSettings::fromConfig(config()));
        DispatchAlert a = EmailComposer::sampleAlert();
        a.alertId = 4711;
        EmailTemplate::Error e;
        const auto m = c.compose({a}, false, QStringLiteral("12.4711"), &e, QDateTime(QDate(2026, 11, 22), QTime(11, 8, 0), QTimeZone::utc()));
        QVERIFY2(m, qPrintable(e.text()));
        QCOMPARE(m->subject, QStringLiteral("[Eos] [HIGH] web-01 (Ubuntu 22.04) Level 10: sshd: brute force trying to get access to the system. Non existent user."));
        QCOMPARE(m->messageId, QStringLiteral("<eos.12.4711@soc.example.com>"));
        QCOMPARE(m->to, (QStringList{QStringLiteral("a@example.com"), QStringLiteral("b@example.com")}));
        // times in EOS_TIMEZONE with the zone
        QVERIFY2(m->text.contains(QStringLiteral("2026-11-22 20:07:16 (JST, Asia/Tokyo)")), qPrintable(m->text));
        QVERIFY(m->html.contains(QStringLiteral("Sent by Eos Console at 2026-11-22 20:08:00 (JST, Asia/Tokyo)")));
        // key fields, the summary's sections, the playbook, the links
        for (const char *s : {"Agent: web-01 (003)", "Rule: 5712 (level 10, High)", "data.srcip: 203.0.113.77", "What happened:",
                              "What to do:", "- Block 203.0.113.77 at the firewall", "2. Block the source address", "eos://alert/4711",
                              "https://wazuh.example.com/app/data-explorer/discover#?_q=(query:(language:kuery,query:'id:%221795345636.2174%22'))"})
            QVERIFY2(m->text.contains(QString::fromUtf8(s)), s);
        QVERIFY(m->html.contains(QStringLiteral("<h3 style=\"margin:12px 0 4px;font-size:14px\">What happened</h3>")));
        QVERIFY(m->html.contains(QStringLiteral("<li style=\"margin:2px 0\">Block 203.0.113.77 at the firewall</li>")));
        QVERIFY(m->html.contains(QStringLiteral("href=\"eos://alert/4711\"")));
        QVERIFY(m->html.contains(QStringLiteral("Alert 5a3c9e1f")));  // $alert_id: the hash's first 8 characters
        QVERIFY(m->html.contains(QStringLiteral("background:#ea580c")));  // level 10: the "High" band

        const QJsonObject py = parsedByPython(m->mime);
        QCOMPARE(py.value(QStringLiteral("type")).toString(), QStringLiteral("multipart/alternative"));
        QCOMPARE(py.value(QStringLiteral("subject")).toString(), m->subject);
        QCOMPARE(py.value(QStringLiteral("message_id")).toString(), m->messageId);
        QCOMPARE(py.value(QStringLiteral("mime_version")).toString(), QStringLiteral("1.0"));
        QVERIFY(py.value(QStringLiteral("date")).toString().endsWith(QStringLiteral("+0900")));
        QCOMPARE(py.value(QStringLiteral("from")).toString(), QStringLiteral("Eos Console <eos@soc.example.com>"));
        QCOMPARE(py.value(QStringLiteral("to")).toArray().size(), 2);
        QCOMPARE(py.value(QStringLiteral("defects")).toArray().size(), 0);
        QVERIFY(py.value(QStringLiteral("max_line")).toInt() <= 78);
        const QJsonArray parts = py.value(QStringLiteral("parts")).toArray();
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts[0].toObject().value(QStringLiteral("type")).toString(), QStringLiteral("text/plain"));
        QCOMPARE(parts[1].toObject().value(QStringLiteral("type")).toString(), QStringLiteral("text/html"));
        for (const auto &p : parts) {
            QCOMPARE(p.toObject().value(QStringLiteral("charset")).toString(), QStringLiteral("utf-8"));
            QCOMPARE(p.toObject().value(QStringLiteral("cte")).toString(), QStringLiteral("base64"));
        }
        QCOMPARE(parts[1].toObject().value(QStringLiteral("content")).toString(), m->html);
        QCOMPARE(parts[0].toObject().value(QStringLiteral("content")).toString().replace(QStringLiteral("\r\n"), QStringLiteral("\n")), m->text);
    }

    void utf8SubjectAndHostileContent()
    {
        EmailComposer c(EmailSettings::fromConfig(config()));
        DispatchAlert a = alert(7, 12, QStringLiteral("100002"), QStringLiteral("002"),
                                QStringLiteral("Ünïcödé 🚨 <script>alert(1)</script> \"quoted\" — ") + QString(120, u'ä'));
        a.raw.insert(QStringLiteral("full_log"), QStringLiteral("<img src=x onerror=alert(2)>\r\nBcc: victim@example.com"));
        a.raw.insert(QStringLiteral("data"), QJsonObject{{QStringLiteral("url"), QStringLiteral("javascript:alert(3)")}});
        a.summary = QStringLiteral("Summary:\n<a href=\"javascript:alert(4)\">click</a>");
        a.playbook = {QStringLiteral("<b>bold</b>")};
        EmailTemplate::Error e;
        const auto m = c.compose({a}, false, QStringLiteral("1.7"), &e);
        QVERIFY2(m, qPrintable(e.text()));
        QVERIFY(!m->html.contains(QStringLiteral("<script")));
        QVERIFY(!m->html.contains(QStringLiteral("<img")));
        QVERIFY(!m->html.contains(QStringLiteral("<a href=\"javascript")));
        QVERIFY(!m->html.contains(QStringLiteral("<b>bold")));
        QVERIFY(m->html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
        // the header: encoded words, no raw line break from the alert, Python decodes it back
        const QByteArray head = m->mime.left(m->mime.indexOf("\r\n\r\n"));
        QVERIFY(head.contains("Subject: =?UTF-8?B?"));
        QVERIFY(!head.contains("Bcc"));
        const QJsonObject py = parsedByPython(m->mime);
        QCOMPARE(py.value(QStringLiteral("subject")).toString(), m->subject);
        QVERIFY(m->subject.contains(QStringLiteral("🚨")));
        QCOMPARE(py.value(QStringLiteral("defects")).toArray().size(), 0);
        QVERIFY(py.value(QStringLiteral("max_line")).toInt() < 998);
        for (const QByteArray &line : m->mime.split('\n')) QVERIFY(line.size() < 998);
    }

    void digestListsHighestLevelFirstWithCounts()
    {
        EmailComposer c(EmailSettings::fromConfig(config()));
        c.routeId = QStringLiteral("email-soc");
        // as the sender hands them over: highest level first
        std::vector<DispatchAlert> alerts{alert(5, 13, QStringLiteral("5712"), QStringLiteral("001"), QStringLiteral("brute force")),
                                          alert(3, 10, QStringLiteral("5712"), QStringLiteral("002"), QStringLiteral("brute force")),
                                          alert(4, 7, QStringLiteral("31101"), QStringLiteral("001"), QStringLiteral("web 400")),
                                          alert(1, 7, QStringLiteral("5712"), QStringLiteral("001"), QStringLiteral("brute force")),
                                          alert(2, 3, QStringLiteral("530"), QStringLiteral("003"), QStringLiteral("ossec: output"))};
        EmailTemplate::Error e;
        const auto m = c.compose(alerts, true, QStringLiteral("digest.9"), &e);
        QVERIFY2(m, qPrintable(e.text()));
        QCOMPARE(m->subject, QStringLiteral("[Eos] Digest: 5 alerts, highest level 13 (email-soc)"));
        QVERIFY(m->text.contains(QStringLiteral("5 alerts in this digest.")));
        QVERIFY(m->text.contains(QStringLiteral("5712 brute force: 3 alert(s), highest level 13")));
        QVERIFY(m->text.contains(QStringLiteral("31101 web 400: 1 alert(s), highest level 7")));
        QVERIFY(m->text.contains(QStringLiteral("001 host-001: 3 alert(s), highest level 13")));
        QVERIFY(m->text.contains(QStringLiteral("003 host-003: 1 alert(s), highest level 3")));
        // listed in the order given, highest level first, each with its link
        const qsizetype l13 = m->text.indexOf(QStringLiteral("[13]")), l10 = m->text.indexOf(QStringLiteral("[10]")),
                        l3 = m->text.indexOf(QStringLiteral("[3]"));
        QVERIFY(l13 > 0 && l13 < l10 && l10 < l3);
        for (qint64 id = 1; id <= 5; ++id) QVERIFY(m->html.contains(QStringLiteral("href=\"eos://alert/%1\"").arg(id)));
        QVERIFY(m->html.contains(QStringLiteral("background:#b91c1c")));  // the band of the highest level
        QCOMPARE(m->messageId, QStringLiteral("<eos.digest.9@soc.example.com>"));
    }

    void routeRecipientsOverride()
    {
        const auto s1 = EmailSettings::fromConfig(config(), QJsonObject{{QStringLiteral("recipients"), QStringLiteral("x@example.com; y@example.com")}});
        QCOMPARE(s1.to, (QStringList{QStringLiteral("x@example.com"), QStringLiteral("y@example.com")}));
        const auto s2 = EmailSettings::fromConfig(config(), QJsonObject{{QStringLiteral("recipients"), QJsonArray{QStringLiteral("z@example.com")}}});
        QCOMPARE(s2.to, QStringList{QStringLiteral("z@example.com")});
        QCOMPARE(EmailSettings::fromConfig(config()).supportEmail, QStringLiteral("eos@soc.example.com"));
        Config bad = config();
        bad.set(QStringLiteral("EOS_TIMEZONE"), QStringLiteral("Mars/Olympus"));
        QVERIFY(EmailSettings::fromConfig(bad).zoneError.contains(QStringLiteral("Mars/Olympus")));
    }

    void templateFileIsReReadAndErrorsNameTheLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alert.html"));
        auto write = [&](const QByteArray &text) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(text);
        };
        write("<p>$subject</p>\n$body\n");
        Config cfg = config();
        cfg.set(QStringLiteral("EOS_EMAIL_TEMPLATE"), path);
        EmailComposer c(EmailSettings::fromConfig(cfg));
        EmailTemplate::Error e;
        auto m = c.compose({EmailComposer::sampleAlert()}, false, QStringLiteral("p"), &e);
        QVERIFY(m && m->html.startsWith(QStringLiteral("<p>[Eos] [HIGH] web-01")));
        write("<p>${agent.name} first</p>\n\n<p>$colour</p>\n");  // a different size: re-read
        QVERIFY(!c.compose({EmailComposer::sampleAlert()}, false, QStringLiteral("p"), &e));
        QCOMPARE(e.text().left(path.size() + 3), path + QStringLiteral(":3:"));
        write("<p>${agent.name} first</p>\n");
        m = c.compose({EmailComposer::sampleAlert()}, false, QStringLiteral("p"), &e);
        QVERIFY(m);
        QCOMPARE(m->html, QStringLiteral("<p>web-01 first</p>\n"));
    }
};

QTEST_GUILESS_MAIN(TestEmailComposer)
#include "test_email_composer.moc"
