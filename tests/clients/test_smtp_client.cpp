// SmtpClient against a real SMTP server (aiosmtpd, tests/support/smtp_stand_in): STARTTLS with AUTH, implicit
// TLS, STARTTLS required unless SMTP_TLS=none, a refused login, the transient (421, 451) and permanent (550)
// answers as the outbox must treat them, the message as the server parsed it (Python's email package), the
// route's recipients, and a template error holding the route.
#include "clients/smtp_client.h"
#include "smtp_stand_in.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using eos::Config;
using eos::DispatchRequest;
using eos::DispatchResult;
using eos::EmailComposer;
using eos::EmailSettings;
using eos::SmtpClient;
using eos::test::SmtpStandIn;

namespace {

Config config(const SmtpStandIn &smtp)
{
    Config::LoadOptions lo;
    lo.useProcessEnvironment = false;
    lo.mode = Config::Mode::Tool;
    QString err;
    auto c = Config::load(lo, &err);
    if (!c) qFatal("config: %s", qPrintable(err));
    c->set(QStringLiteral("SMTP_SERVER"), QStringLiteral("127.0.0.1"));
    c->set(QStringLiteral("SMTP_PORT"), QString::number(smtp.port()));
    c->set(QStringLiteral("SMTP_CA"), smtp.caFile());
    c->set(QStringLiteral("SMTP_USERNAME"), smtp.options().user);
    c->set(QStringLiteral("SMTP_PASSWORD"), smtp.options().password);
    c->set(QStringLiteral("EMAIL_FROM"), QStringLiteral("Eos <eos@soc.example.com>"));
    c->set(QStringLiteral("EMAIL_TO"), QStringLiteral("analyst@example.com"));
    return *c;
}

DispatchRequest request(qint64 outboxId = 1)
{
    DispatchRequest r;
    r.outboxId = outboxId;
    r.routeId = QStringLiteral("email");
    eos::DispatchAlert a = EmailComposer::sampleAlert();
    a.alertId = 42;
    a.raw.insert(QStringLiteral("rule"), QJsonObject{{QStringLiteral("level"), 12}, {QStringLiteral("id"), QStringLiteral("5712")},
                                                     {QStringLiteral("description"), QStringLiteral("Zugriff verweigert für Benutzer «root» <script>x</script>")}});
    r.alerts.push_back(a);
    return r;
}

// one send through the client, waited for on this thread's event loop
DispatchResult sendOnce(SmtpClient &client, const DispatchRequest &req)
{
    std::optional<DispatchResult> out;
    client.send(req, [&out](DispatchResult r) { out = r; });
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, 30000)) qWarning("no result within 30 s");
    return out.value_or(DispatchResult{});
}

std::unique_ptr<SmtpClient> client(const Config &c, const QJsonObject &route = {})
{
    return std::make_unique<SmtpClient>(SmtpClient::Options::fromConfig(c, 10000), EmailSettings::fromConfig(c, route), QStringLiteral("email"));
}

}  // namespace

class TestSmtpClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void starttlsAuthAndAWellFormedMessage()
    {
        SmtpStandIn smtp;
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        auto c = client(config(smtp));
        const DispatchResult r = sendOnce(*c, request(7));
        QVERIFY2(r.kind == DispatchResult::Kind::Sent, qPrintable(r.error + smtp.output()));
        QCOMPARE(r.httpStatus, 250);
        QVERIFY2(r.response.startsWith("250 2.0.0 Ok: queued as EOS"), r.response.constData());
        QCOMPARE(r.remoteId, QStringLiteral("<eos.7.42@soc.example.com>"));
        QCOMPARE(smtp.receivedCount(), 1);
        const QJsonObject m = smtp.received().first();
        QVERIFY(m.value(QStringLiteral("tls")).toBool());                       // STARTTLS
        QCOMPARE(m.value(QStringLiteral("login")).toString(), QStringLiteral("eos"));  // AUTH
        QCOMPARE(m.value(QStringLiteral("mail_from")).toString(), QStringLiteral("eos@soc.example.com"));
        QCOMPARE(m.value(QStringLiteral("rcpt_tos")).toArray(), QJsonArray{QStringLiteral("analyst@example.com")});
        QCOMPARE(m.value(QStringLiteral("content_type")).toString(), QStringLiteral("multipart/alternative"));
        QCOMPARE(m.value(QStringLiteral("defects")).toArray().size(), 0);
        QVERIFY(m.value(QStringLiteral("raw_ascii")).toBool());
        QVERIFY(m.value(QStringLiteral("max_line")).toInt() < 998);
        const QJsonObject h = m.value(QStringLiteral("headers")).toObject();
        for (const char *k : {"date", "message-id", "mime-version", "from", "to", "subject"})
            QVERIFY2(h.value(QString::fromLatin1(k)).toArray().size() == 1, k);
        QCOMPARE(h.value(QStringLiteral("message-id")).toArray().first().toString(), r.remoteId);
        // the UTF-8 subject came as RFC 2047 encoded words and decodes back
        QVERIFY(m.value(QStringLiteral("raw_head")).toString().contains(QStringLiteral("Subject: =?UTF-8?B?")));
        QCOMPARE(m.value(QStringLiteral("subject")).toString(),
                 QStringLiteral("[Eos] [HIGH] web-01 (Ubuntu 22.04) Level 12: Zugriff verweigert für Benutzer «root» <script>x</script>"));
        const QJsonArray parts = m.value(QStringLiteral("parts")).toArray();
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts[0].toObject().value(QStringLiteral("content_type")).toString(), QStringLiteral("text/plain"));
        QCOMPARE(parts[1].toObject().value(QStringLiteral("content_type")).toString(), QStringLiteral("text/html"));
        for (const auto &p : parts) {
            QCOMPARE(p.toObject().value(QStringLiteral("charset")).toString(), QStringLiteral("utf-8"));
            QCOMPARE(p.toObject().value(QStringLiteral("cte")).toString(), QStringLiteral("base64"));
        }
        const QString html = parts[1].toObject().value(QStringLiteral("content")).toString();
        QVERIFY(html.contains(QStringLiteral("Zugriff verweigert für Benutzer «root» &lt;script&gt;x&lt;/script&gt;")));
        QVERIFY(!html.contains(QStringLiteral("<script>")));
        QVERIFY(parts[0].toObject().value(QStringLiteral("content")).toString().contains(QStringLiteral("eos://alert/42")));
        // the payload recorded for the Dispatch Queue
        QVERIFY(r.payload.contains("\"message_id\":\"<eos.7.42@soc.example.com>\""));
        QVERIFY(!r.payload.contains(smtp.options().password.toUtf8()));
    }

    void implicitTls()
    {
        SmtpStandIn::Options o;
        o.implicit = true;
        SmtpStandIn smtp(o);
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        Config c = config(smtp);
        c.set(QStringLiteral("SMTP_TLS"), QStringLiteral("implicit"));
        QVERIFY(SmtpClient::Options::fromConfig(c, 1000).tls == SmtpClient::Options::Tls::Implicit);
        const DispatchResult r = sendOnce(*client(c), request());
        QVERIFY2(r.kind == DispatchResult::Kind::Sent, qPrintable(r.error));
        QVERIFY(smtp.received().first().value(QStringLiteral("tls")).toBool());
        Config p465 = c;
        p465.set(QStringLiteral("SMTP_TLS"), QString());
        p465.set(QStringLiteral("SMTP_PORT"), QStringLiteral("465"));
        QVERIFY(SmtpClient::Options::fromConfig(p465, 1000).tls == SmtpClient::Options::Tls::Implicit);
    }

    void starttlsIsRequiredUnlessNone()
    {
        SmtpStandIn::Options o;
        o.tls = false;
        o.user.clear();
        SmtpStandIn smtp(o);
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        Config c = config(smtp);
        DispatchResult r = sendOnce(*client(c), request());
        QVERIFY(r.kind == DispatchResult::Kind::Retry);
        QVERIFY2(r.error.contains(QStringLiteral("STARTTLS")), qPrintable(r.error));
        QCOMPARE(smtp.receivedCount(), 0);  // nothing went out in clear text
        c.set(QStringLiteral("SMTP_TLS"), QStringLiteral("none"));
        r = sendOnce(*client(c), request());
        QVERIFY2(r.kind == DispatchResult::Kind::Sent, qPrintable(r.error));
        QCOMPARE(smtp.receivedCount(), 1);
        QVERIFY(!smtp.received().first().value(QStringLiteral("tls")).toBool());
    }

    void wrongPasswordIsPermanent()
    {
        SmtpStandIn smtp;
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        Config c = config(smtp);
        c.set(QStringLiteral("SMTP_PASSWORD"), QStringLiteral("wrong-password"));
        const DispatchResult r = sendOnce(*client(c), request());
        QVERIFY2(r.kind == DispatchResult::Kind::Dead, qPrintable(r.error));
        QCOMPARE(r.httpStatus, 535);
        QVERIFY(r.error.contains(QStringLiteral("SMTP_USERNAME and SMTP_PASSWORD")));
        QVERIFY(!r.error.contains(QStringLiteral("wrong-password")));
        QCOMPARE(smtp.receivedCount(), 0);
    }

    void transientAndPermanentReplies()
    {
        SmtpStandIn smtp;
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        auto c = client(config(smtp));
        smtp.setMode(QStringLiteral("451"));
        DispatchResult r = sendOnce(*c, request());
        QVERIFY(r.kind == DispatchResult::Kind::Retry);
        QCOMPARE(r.httpStatus, 451);
        QVERIFY2(r.response.startsWith("451 4.3.0"), r.response.constData());
        QVERIFY(r.error.startsWith(QStringLiteral("SMTP 451: 451 4.3.0")));
        smtp.setMode(QStringLiteral("421"));
        r = sendOnce(*c, request());
        QVERIFY(r.kind == DispatchResult::Kind::Retry);
        QCOMPARE(r.httpStatus, 421);
        smtp.setMode(QStringLiteral("550"));
        r = sendOnce(*c, request());
        QVERIFY(r.kind == DispatchResult::Kind::Dead);
        QCOMPARE(r.httpStatus, 550);
        QVERIFY2(r.error.contains(QStringLiteral("550 5.1.1 <analyst@example.com>: Recipient address rejected")), qPrintable(r.error));
        QCOMPARE(smtp.receivedCount(), 0);
        smtp.setMode(QStringLiteral("ok"));
        r = sendOnce(*c, request());
        QVERIFY(r.kind == DispatchResult::Kind::Sent);
        QCOMPARE(smtp.receivedCount(), 1);
    }

    // A server that takes the whole message and never answers the end of DATA: the send ends with the
    // client's time-out (a retry; the server did not deliver it), not when the server gives up. libcurl
    // alone waited for that reply outside CURLOPT_TIMEOUT (found by test_fault_smtp).
    void unansweredEndOfDataTimesOut()
    {
        SmtpStandIn smtp;
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        const Config cfg = config(smtp);
        SmtpClient c(SmtpClient::Options::fromConfig(cfg, 2000), EmailSettings::fromConfig(cfg, {}), QStringLiteral("email"));
        smtp.setMode(QStringLiteral("hang"));
        QElapsedTimer t;
        t.start();
        const DispatchResult r = sendOnce(c, request());  // waits up to 30 s
        QVERIFY2(r.kind == DispatchResult::Kind::Retry, qPrintable(r.error));
        QVERIFY2(r.error.contains(QStringLiteral("time-out")), qPrintable(r.error));
        QCOMPARE(r.httpStatus, 0);  // the outcome is unknown to the client
        QVERIFY2(t.elapsed() < 25000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(smtp.heldCount(), 1);
        QCOMPARE(smtp.receivedCount(), 0);
    }

    void routeRecipientsAndTemplateErrors()
    {
        SmtpStandIn smtp;
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        Config cfg = config(smtp);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alert.html"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("<html>\n<p>$subject</p>\n<p>$no_such_thing</p>\n");
        f.close();
        cfg.set(QStringLiteral("EOS_EMAIL_TEMPLATE"), path);
        auto c = client(cfg, QJsonObject{{QStringLiteral("recipients"), QJsonArray{QStringLiteral("oncall@example.com"), QStringLiteral("lead@example.com")}}});
        DispatchResult r = sendOnce(*c, request());
        QVERIFY(r.kind == DispatchResult::Kind::Hold);
        QVERIFY2(r.error.contains(path + QStringLiteral(":3: unknown variable $no_such_thing")), qPrintable(r.error));
        QCOMPARE(smtp.receivedCount(), 0);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("<html>\n<p>$subject</p>\n<p>${agent.name}</p>\n");
        f.close();
        r = sendOnce(*c, request());
        QVERIFY2(r.kind == DispatchResult::Kind::Sent, qPrintable(r.error));
        QCOMPARE(smtp.received().first().value(QStringLiteral("rcpt_tos")).toArray(),
                 (QJsonArray{QStringLiteral("oncall@example.com"), QStringLiteral("lead@example.com")}));
        // no recipients at all: the route waits rather than failing
        Config none = cfg;
        none.set(QStringLiteral("EMAIL_TO"), QString());
        r = sendOnce(*client(none), request());
        QVERIFY(r.kind == DispatchResult::Kind::Hold);
        QVERIFY(r.error.contains(QStringLiteral("EMAIL_TO")));
    }
};

QTEST_GUILESS_MAIN(TestSmtpClient)
#include "test_smtp_client.moc"
