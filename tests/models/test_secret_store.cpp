// SecretStore where no keyring service answers (as on servers: the session bus address points at
// nothing): it says why, reads nothing, and leaves the configuration to the env file and the environment,
// without waiting long. And with a live Secret Service (Debian's gnome-keyring in its own D-Bus session,
// unlocked with a throwaway password): stores, reads back, fills the configuration (route tokens too),
// never over what the env file set, and removes.
#include "secret_store.h"

#include "core/config.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace eos;

class TestSecretStore : public QObject {
    Q_OBJECT
    static bool isLiveChild() { return qEnvironmentVariableIsSet("EOS_KEYRING_CHILD"); }

private Q_SLOTS:
    void initTestCase()
    {
        if (isLiveChild()) return;  // runs inside the live session set up by liveSecretService()
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/eos-test-bus");
        qunsetenv("XDG_CURRENT_DESKTOP");
    }

    // The parent: a D-Bus session with an unlocked gnome-keyring, and this test binary run inside it.
    void liveSecretService()
    {
        if (isLiveChild()) QSKIP("the child runs liveChild only");
        const QString dbus = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
        const QString keyring = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
        if (dbus.isEmpty() || keyring.isEmpty())
            QFAIL("a live keyring needs gnome-keyring and dbus-daemon (installer/install-deps.sh installs them)");
        QTemporaryDir home;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("EOS_KEYRING_CHILD"), QStringLiteral("1"));
        env.insert(QStringLiteral("HOME"), home.path());  // a fresh login keyring, not the user's
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.filePath(QStringLiteral("run")));
        QDir().mkpath(home.filePath(QStringLiteral("run")));
        QFile::setPermissions(home.filePath(QStringLiteral("run")), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        const QString script = QStringLiteral(
            "printf 'throwaway-keyring-pw' | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 90; "
            "exec \"$0\" liveChild");
        p.start(dbus, {QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"), script, QCoreApplication::applicationFilePath()});
        QVERIFY(p.waitForFinished(120000));
        const QString out = QString::fromUtf8(p.readAll());
        QVERIFY2(p.exitCode() == 0, qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("PASS   : TestSecretStore::liveChild")), qPrintable(out));
    }

    void liveChild()
    {
        if (!isLiveChild()) QSKIP("runs inside liveSecretService's D-Bus session");
        SecretStore store(QStringLiteral("eos-console-live-test"));
        QString why;
        QVERIFY2(store.available(&why), qPrintable(why));
        QString err;
        QVERIFY2(store.write(QStringLiteral("PG_DSN"), QStringLiteral("postgresql://eos:kr-pass@db/eos"), &err), qPrintable(err));
        QVERIFY2(store.write(QStringLiteral("WAZUH_API_PASSWD"), QStringLiteral("from-keyring"), &err), qPrintable(err));
        QCOMPARE(store.read(QStringLiteral("PG_DSN"), &err), QStringLiteral("postgresql://eos:kr-pass@db/eos"));

        // a route token: EOS_ROUTE_TOKEN_<ID> for each route in the routes file
        QTemporaryDir dir;
        QFile routes(dir.filePath(QStringLiteral("routes.json")));
        QVERIFY(routes.open(QIODevice::WriteOnly));
        // (no raw string literal here: moc 6.4 then finds no Q_OBJECT in this file)
        routes.write("[{\"name\":\"jira\",\"id\":\"jira-soc\",\"hook_url\":\"https://jira.example\"}]");
        routes.close();
        Config config;
        config.set(QStringLiteral("EOS_ROUTES_FILE"), routes.fileName());
        config.set(QStringLiteral("WAZUH_API_PASSWD"), QStringLiteral("from-env-file"));
        QVERIFY(SecretStore::keys(config).contains(QStringLiteral("EOS_ROUTE_TOKEN_JIRA_SOC")));
        QVERIFY2(store.write(QStringLiteral("EOS_ROUTE_TOKEN_JIRA_SOC"), QStringLiteral("jira-kr-token"), &err), qPrintable(err));

        const QStringList filled = store.fillConfig(&config);
        QCOMPARE(config.value(QStringLiteral("PG_DSN")), QStringLiteral("postgresql://eos:kr-pass@db/eos"));
        QCOMPARE(config.value(QStringLiteral("EOS_ROUTE_TOKEN_JIRA_SOC")), QStringLiteral("jira-kr-token"));
        QCOMPARE(config.value(QStringLiteral("WAZUH_API_PASSWD")), QStringLiteral("from-env-file"));  // the env file wins
        QVERIFY(!filled.contains(QStringLiteral("WAZUH_API_PASSWD")));

        QVERIFY(store.remove(QStringLiteral("PG_DSN"), &err));
        QVERIFY(store.read(QStringLiteral("PG_DSN"), &err).isNull());
    }

    void keysAreTheSecretsTheIssueNames()
    {
        if (isLiveChild()) QSKIP("parent only");
        const QStringList keys = SecretStore::keys();
        for (const char *k : {"PG_DSN", "WAZUH_API_PASSWD", "AZURE_OPENAI_API_KEY", "OPENAI_API_KEY", "SMTP_PASSWORD", "JIRA_API_KEY"})
            QVERIFY2(keys.contains(QString::fromLatin1(k)), k);
    }

    void withoutAKeyringServiceNothingIsReadAndTheConfigStays()
    {
        if (isLiveChild()) QSKIP("parent only");
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
