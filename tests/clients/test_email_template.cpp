// EmailTemplate: the variables of both generations ($subject $timestamp $content; $sent_at $alert_id $body
// $support_email) and alert field paths; hostile alert content (script tags, attribute injection,
// javascript: URLs) never becomes markup; unknown variables and unreadable files are errors naming the
// file and line; the shipped template parses.
#include "clients/email_template.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using eos::EmailTemplate;

namespace {

EmailTemplate::Values values()
{
    EmailTemplate::Values v;
    v.text.insert(QStringLiteral("subject"), QStringLiteral("[Eos] web-01 Level 10: sshd"));
    v.text.insert(QStringLiteral("timestamp"), QStringLiteral("2026-11-22 12:07:16 (CET, Europe/Berlin)"));
    v.text.insert(QStringLiteral("sent_at"), QStringLiteral("2026-11-22 12:08:00 (CET, Europe/Berlin)"));
    v.text.insert(QStringLiteral("alert_id"), QStringLiteral("5a3c9e1f"));
    v.text.insert(QStringLiteral("support_email"), QStringLiteral("soc@example.com"));
    v.html.insert(QStringLiteral("body"), QStringLiteral("<p>the body</p>"));
    v.html.insert(QStringLiteral("content"), QStringLiteral("<p>the body</p>"));
    v.alert = QJsonObject{{QStringLiteral("rule"), QJsonObject{{QStringLiteral("description"), QStringLiteral("sshd: brute force")},
                                                               {QStringLiteral("level"), 10},
                                                               {QStringLiteral("groups"), QJsonArray{QStringLiteral("sshd"), QStringLiteral("syslog")}}}},
                          {QStringLiteral("agent"), QJsonObject{{QStringLiteral("name"), QStringLiteral("web-01")}}}};
    return v;
}

std::optional<EmailTemplate> parse(const QString &text, EmailTemplate::Error *e = nullptr)
{
    EmailTemplate::Error ignored;
    return EmailTemplate::parse(text, QStringLiteral("/etc/eos/alert.html"), e ? e : &ignored);
}

}  // namespace

class TestEmailTemplate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void olderReadmeVariables()
    {
        const auto t = parse(QStringLiteral("<h1>$subject</h1><p>$timestamp</p>$content"));
        QVERIFY(t);
        QCOMPARE(t->render(values()), QStringLiteral("<h1>[Eos] web-01 Level 10: sshd</h1><p>2026-11-22 12:07:16 (CET, Europe/Berlin)</p><p>the body</p>"));
    }

    void olderWorkerVariablesAndPaths()
    {
        const auto t = parse(QStringLiteral("${subject}|$sent_at|$alert_id|$body|$support_email|${rule.description}|${agent.name}|"
                                            "${rule.level}|${rule.groups}|${rule.groups.1}|${data.srcip}|$$5 and $ 3"));
        QVERIFY(t);
        QCOMPARE(t->render(values()), QStringLiteral("[Eos] web-01 Level 10: sshd|2026-11-22 12:08:00 (CET, Europe/Berlin)|5a3c9e1f|"
                                                     "<p>the body</p>|soc@example.com|sshd: brute force|web-01|10|sshd, syslog|syslog||$5 and $ 3"));
        QCOMPARE(t->usedNames().first(), QStringLiteral("subject"));
    }

    void hostileAlertContentNeverBecomesMarkup()
    {
        auto v = values();
        v.alert = QJsonObject{
            {QStringLiteral("rule"), QJsonObject{{QStringLiteral("description"), QStringLiteral("<script>alert(1)</script><img src=x onerror=alert(2)>")}}},
            {QStringLiteral("agent"), QJsonObject{{QStringLiteral("name"), QStringLiteral("x\" onmouseover=\"alert(3)")}}},
            {QStringLiteral("data"), QJsonObject{{QStringLiteral("url"), QStringLiteral(" JaVa\tScRiPt:alert(4)")},
                                                 {QStringLiteral("srcuser"), QStringLiteral("o'neil' onclick='alert(5)")},
                                                 {QStringLiteral("ok"), QStringLiteral("https://example.com/a?b=1&c=2")}}}};
        v.text.insert(QStringLiteral("subject"), QStringLiteral("</title><script>alert(6)</script>"));
        const auto t = parse(QStringLiteral("<title>$subject</title><a href=\"${data.url}\" title=\"${agent.name}\">${rule.description}</a>"
                                            "<span title='${data.srcuser}'>${data.srcuser}</span><a href=\"${data.ok}\">ok</a>"));
        QVERIFY(t);
        const QString html = t->render(v);
        qInfo("%s", qPrintable(html));
        QVERIFY(!html.contains(QStringLiteral("<script")));
        QVERIFY(!html.contains(QStringLiteral("<img")));
        QVERIFY(!html.contains(QStringLiteral("\" onmouseover")));
        QVERIFY(!html.contains(QStringLiteral("' onclick")));
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
        QVERIFY(html.contains(QStringLiteral("title=\"x&quot; onmouseover=&quot;alert(3)\"")));
        QVERIFY(html.contains(QStringLiteral("title='o&#39;neil&#39; onclick=&#39;alert(5)'")));
        // a javascript: URL in an attribute is neutralised; a web URL is kept (escaped)
        QVERIFY(html.contains(QStringLiteral("href=\"unsafe:JaVaScRiPt:alert(4)\"")));
        QVERIFY(html.contains(QStringLiteral("href=\"https://example.com/a?b=1&amp;c=2\"")));
        // the same value as text is only escaped
        QCOMPARE(EmailTemplate::escapeHtml(QStringLiteral("javascript:alert(4)")), QStringLiteral("javascript:alert(4)"));
        QCOMPARE(EmailTemplate::escapeAttribute(QStringLiteral("data:text/html,<b>")), QStringLiteral("unsafe:data:text/html,&lt;b&gt;"));
        QCOMPARE(EmailTemplate::escapeAttribute(QStringLiteral("eos://alert/12")), QStringLiteral("eos://alert/12"));
    }

    void unknownVariablesNameFileAndLine()
    {
        EmailTemplate::Error e;
        QVERIFY(!parse(QStringLiteral("<html>\n<body>\n<p>$subjet</p>\n"), &e));
        QCOMPARE(e.file, QStringLiteral("/etc/eos/alert.html"));
        QCOMPARE(e.line, 3);
        QVERIFY2(e.text().startsWith(QStringLiteral("/etc/eos/alert.html:3: unknown variable $subjet")), qPrintable(e.text()));
        QVERIFY(e.text().contains(QStringLiteral("$subject")));  // says what is known
        QVERIFY(!parse(QStringLiteral("a\n${colour}"), &e));
        QCOMPARE(e.line, 2);
        QVERIFY(e.message.contains(QStringLiteral("${colour}")));
        QVERIFY(!parse(QStringLiteral("a\nb\n${ruler.description}"), &e));
        QCOMPARE(e.line, 3);
        QVERIFY(!parse(QStringLiteral("x ${rule.description\n}"), &e));
        QCOMPARE(e.line, 1);
        QVERIFY(e.message.contains(QStringLiteral("unterminated")));
        QVERIFY(!parse(QStringLiteral("${rule..x}"), &e));
        QVERIFY(e.message.contains(QStringLiteral("invalid placeholder")));
        // a field the alert lacks is empty, not an error
        QVERIFY(parse(QStringLiteral("${rule.nonexistent}")));
    }

    void unreadableTemplate()
    {
        QTemporaryDir dir;
        EmailTemplate::Error e;
        const QString missing = dir.filePath(QStringLiteral("nope.html"));
        QVERIFY(!EmailTemplate::load(missing, &e));
        QCOMPARE(e.file, missing);
        QVERIFY2(e.text().startsWith(missing + QStringLiteral(": cannot read the email template")), qPrintable(e.text()));
        const QString bad = dir.filePath(QStringLiteral("latin1.html"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("<p>ok</p>\n<p>caf\xe9</p>\n");
        f.close();
        QVERIFY(!EmailTemplate::load(bad, &e));
        QCOMPARE(e.line, 2);
        QVERIFY(e.message.contains(QStringLiteral("UTF-8")));
    }

    void shippedTemplate()
    {
        EmailTemplate::Error e;
        const auto t = EmailTemplate::load(EmailTemplate::builtInPath(), &e);
        QVERIFY2(t, qPrintable(e.text()));
        const QStringList used = t->usedNames();
        for (const char *n : {"subject", "title", "timestamp", "sent_at", "alert_id", "body", "support_email", "severity_color"})
            QVERIFY2(used.contains(QString::fromLatin1(n)), n);
        auto v = values();
        v.text.insert(QStringLiteral("severity_color"), QStringLiteral("#ea580c"));
        v.text.insert(QStringLiteral("title"), QStringLiteral("sshd: brute force"));
        const QString html = t->render(v);
        QVERIFY(html.contains(QStringLiteral("background:#ea580c")));
        QVERIFY(html.contains(QStringLiteral("<h1 style=\"margin:8px 0 4px;font-size:20px;line-height:27px;font-weight:600;\">sshd: brute force</h1>")));
        QVERIFY(html.contains(QStringLiteral("prefers-color-scheme: dark")));
        QVERIFY(html.contains(QStringLiteral("$subject $timestamp $content")));  // the comment's list: $$ is a dollar sign
    }
};

QTEST_GUILESS_MAIN(TestEmailTemplate)
#include "test_email_template.moc"
