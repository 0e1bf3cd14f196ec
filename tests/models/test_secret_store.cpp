// SecretStore where no keyring service answers (as on servers and in CI: the session bus address points
// at nothing): it says why, reads nothing, and leaves the configuration to the env file and the
// environment, without waiting long.
#include "secret_store.h"

#include <QElapsedTimer>
#include <QTest>

using namespace eos;

class TestSecretStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/eos-test-bus");
        qunsetenv("XDG_CURRENT_DESKTOP");
    }

    void keysAreTheSecretsTheIssueNames()
    {
        const QStringList keys = SecretStore::keys();
        for (const char *k : {"PG_DSN", "WAZUH_API_PASSWD", "AZURE_OPENAI_API_KEY", "OPENAI_API_KEY", "SMTP_PASSWORD", "JIRA_API_KEY"})
            QVERIFY2(keys.contains(QString::fromLatin1(k)), k);
    }

    void withoutAKeyringServiceNothingIsReadAndTheConfigStays()
    {
        SecretStore store(QStringLiteral("eos-console-test"));
        QElapsedTimer t;
        t.start();
        QString why;
        QVERIFY(!store.available(&why));
        QVERIFY2(!why.isEmpty(), "the reason is given");
        QVERIFY2(t.elapsed() < store.timeoutMs + 1000, "bounded by the time limit");
        QString err;
        QVERIFY(store.read(QStringLiteral("PG_DSN"), &err).isNull());
        QVERIFY(!store.write(QStringLiteral("PG_DSN"), QStringLiteral("postgresql://x"), &err));
        QVERIFY(!err.isEmpty());

        Config config;
        config.set(QStringLiteral("WAZUH_API_PASSWD"), QStringLiteral("from-env-file"));
        QVERIFY(store.fillConfig(&config).isEmpty());
        QCOMPARE(config.value(QStringLiteral("WAZUH_API_PASSWD")), QStringLiteral("from-env-file"));
        QVERIFY(config.value(QStringLiteral("PG_DSN")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "test_secret_store.moc"
