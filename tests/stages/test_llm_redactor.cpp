// LlmRedactor: the built-in secret shapes, configured patterns (whole match or the group "v"),
// literal secrets, bad patterns reported, and ordinary alert text left alone.
#include "stages/llm_redactor.h"

#include <QTest>

using eos::LlmRedactor;

class TestLlmRedactor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void builtInShapes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("kept");
        QTest::newRow("password=") << QStringLiteral("login password=Hunter2! ok") << QStringLiteral("Hunter2!") << QStringLiteral("login password=");
        QTest::newRow("json") << QStringLiteral("{\"db_password\": \"s3cr3t-v4lue\", \"user\": \"bob\"}") << QStringLiteral("s3cr3t-v4lue") << QStringLiteral("\"user\": \"bob\"");
        QTest::newRow("escaped json") << QStringLiteral("{\"full_log\": \"cfg {\\\"api_key\\\": \\\"AbC123xyz\\\"}\"}") << QStringLiteral("AbC123xyz") << QStringLiteral("full_log");
        QTest::newRow("query token") << QStringLiteral("GET /x?token=abc123def&page=2") << QStringLiteral("abc123def") << QStringLiteral("&page=2");
        QTest::newRow("bearer") << QStringLiteral("Authorization: Bearer eyJabc.def-ghi_jkl") << QStringLiteral("eyJabc.def-ghi_jkl") << QStringLiteral("Authorization: Bearer");
        QTest::newRow("url creds") << QStringLiteral("fetch https://deploy:pa55word@git.example.com/repo") << QStringLiteral("pa55word") << QStringLiteral("git.example.com/repo");
        QTest::newRow("mysql -p") << QStringLiteral("mysql -u root -pTopSecret9 db") << QStringLiteral("TopSecret9") << QStringLiteral("mysql -u root");
        QTest::newRow("--password") << QStringLiteral("tool --password Sup3rS3cret --verbose") << QStringLiteral("Sup3rS3cret") << QStringLiteral("--verbose");
        QTest::newRow("jwt") << QStringLiteral("cookie eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.SflKxwRJSMeKKF2QT4fw end") << QStringLiteral("eyJhbGciOiJIUzI1NiJ9") << QStringLiteral("end");
        QTest::newRow("aws") << QStringLiteral("key AKIAIOSFODNN7EXAMPLE used") << QStringLiteral("AKIAIOSFODNN7EXAMPLE") << QStringLiteral("used");
        QTest::newRow("private key") << QStringLiteral("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----") << QStringLiteral("MIIEow") << QString();
    }
    void builtInShapes()
    {
        QFETCH(QString, text);
        QFETCH(QString, secret);
        QFETCH(QString, kept);
        LlmRedactor r;
        int n = 0;
        const QString out = r.redact(text, &n);
        QVERIFY2(!out.contains(secret), qPrintable(out));
        QVERIFY2(out.contains(LlmRedactor::marker()), qPrintable(out));
        QVERIFY(n >= 1);
        QVERIFY2(out.contains(kept), qPrintable(out));
    }

    void ordinaryTextStays()
    {
        LlmRedactor r;
        const QString text = QStringLiteral("sshd[1234]: Failed password for invalid user admin from 203.0.113.5 port 52211 ssh2; "
                                            "pam_unix(sshd:auth): authentication failure; bypass=1 ssh -p 2222");
        int n = 0;
        QString out = r.redact(text, &n);
        QCOMPARE(out.left(90), text.left(90));
        QVERIFY(out.contains(QStringLiteral("bypass=1")));
        QVERIFY(out.contains(QStringLiteral("pam_unix(sshd:auth): authentication failure")));
    }

    void configuredPatternsAndLiterals()
    {
        QStringList warnings;
        LlmRedactor r(LlmRedactor::splitPatterns(QStringLiteral("EMP-\\d{5} ;; ssn:(?<v>\\d{3}-\\d{2}-\\d{4}) ;; ([unclosed")),
                      {QStringLiteral("hook-secret-0042"), QStringLiteral("abc")}, &warnings);
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings.first().contains(QStringLiteral("([unclosed")));
        int n = 0;
        const QString out = r.redact(QStringLiteral("user EMP-12345 ssn:123-45-6789 token hook-secret-0042 abc"), &n);
        QCOMPARE(out, QStringLiteral("user [REDACTED] ssn:[REDACTED] token [REDACTED] abc"));  // 3-char literals are ignored
        QCOMPARE(n, 3);
    }
};

QTEST_GUILESS_MAIN(TestLlmRedactor)
#include "test_llm_redactor.moc"
