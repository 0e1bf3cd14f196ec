// Config: env file, environment override, KEY_FILE secrets, permissions, misspelt keys.
#include "core/config.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using eos::Config;

class TestConfig : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &content, int mode = 0600)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write %s", qPrintable(path));
        f.write(content);
        f.close();
        ::chmod(QFile::encodeName(path).constData(), mode_t(mode));
        return path;
    }

    static std::optional<Config> load(const QString &file, QHash<QString, QString> env, QString *error,
                                      Config::Mode mode = Config::Mode::Daemon)
    {
        Config::LoadOptions o;
        o.mode = mode;
        o.explicitFile = file;
        o.useProcessEnvironment = false;
        env.insert(QStringLiteral("HOME"), QStringLiteral("/nonexistent"));  // never pick up the user's file
        o.environment = env;
        return Config::load(o, error);
    }

private Q_SLOTS:
    void defaultsWhenNothingIsSet()
    {
        QString err;
        auto c = load({}, {}, &err);
        QVERIFY2(c, qPrintable(err));
        QCOMPARE(c->value("LISTEN_ADDR"), QStringLiteral("127.0.0.1"));
        QCOMPARE(c->intValue("LISTEN_PORT", 0), 9000);
        QCOMPARE(c->value("EOS_LOG_LEVEL"), QStringLiteral("info"));
        QVERIFY(!c->isSet("PG_DSN"));
        QVERIFY(c->warnings().isEmpty());
    }

    void fileValuesQuotesAndComments()
    {
        const QString f = writeFile("a.env", "# comment\n"
                                             "export LISTEN_PORT=9100\n"
                                             "WAZUH_API_URL=\"https://wazuh:55000\"\n"
                                             "EMAIL_TO='soc@example.com' \n"
                                             "SMTP_SERVER=mail.example.com # trailing comment\n"
                                             "this line is junk\n");
        QString err;
        auto c = load(f, {}, &err);
        QVERIFY2(c, qPrintable(err));
        QCOMPARE(c->intValue("LISTEN_PORT", 0), 9100);
        QCOMPARE(c->value("WAZUH_API_URL"), QStringLiteral("https://wazuh:55000"));
        QCOMPARE(c->value("EMAIL_TO"), QStringLiteral("soc@example.com"));
        QCOMPARE(c->value("SMTP_SERVER"), QStringLiteral("mail.example.com"));
        QCOMPARE(c->sourceFile(), f);
        QVERIFY(c->warnings().join('\n').contains(QStringLiteral(":6: ignored")));
    }

    void environmentOverridesFile()
    {
        const QString f = writeFile("b.env", "LISTEN_PORT=9100\nEOS_LOG_LEVEL=debug\n");
        QString err;
        auto c = load(f, {{"LISTEN_PORT", "9200"}}, &err);
        QVERIFY2(c, qPrintable(err));
        QCOMPARE(c->intValue("LISTEN_PORT", 0), 9200);
        QCOMPARE(c->value("EOS_LOG_LEVEL"), QStringLiteral("debug"));
    }

    void envFileFromEnvironmentVariable()
    {
        const QString f = writeFile("c.env", "LISTEN_PORT=9300\n");
        QString err;
        auto c = load({}, {{"EOS_ENV_FILE", f}}, &err);
        QVERIFY2(c, qPrintable(err));
        QCOMPARE(c->intValue("LISTEN_PORT", 0), 9300);
    }

    void missingNamedFileIsAnError()
    {
        QString err;
        auto c = load(m_dir.filePath("nope.env"), {}, &err);
        QVERIFY(!c);
        QVERIFY2(err.contains(QStringLiteral("nope.env")), qPrintable(err));
    }

    void secretFromFileSuffix()
    {
        const QString secret = writeFile("token", "s3cr3t-token-value\n", 0640);  // group read is fine
        QString err;
        auto c = load({}, {{"WEBHOOK_AUTH_TOKEN_FILE", secret}}, &err);
        QVERIFY2(c, qPrintable(err));
        QCOMPARE(c->value("WEBHOOK_AUTH_TOKEN"), QStringLiteral("s3cr3t-token-value"));
        QVERIFY(c->secretValues().contains(QStringLiteral("s3cr3t-token-value")));
        QVERIFY(c->warnings().isEmpty());
    }

    // as the env file: a KEY_FILE secret that others may read is refused with the fix, not used silently
    void worldReadableSecretFileIsRefused()
    {
        const QString secret = writeFile("token-open", "s3cr3t-token-value\n", 0644);
        QString err;
        auto c = load({}, {{"WEBHOOK_AUTH_TOKEN_FILE", secret}}, &err);
        QVERIFY(!c);
        QVERIFY2(err.contains(QStringLiteral("WEBHOOK_AUTH_TOKEN_FILE")) && err.contains(QStringLiteral("0644"))
                     && err.contains(QStringLiteral("chmod")), qPrintable(err));
        QVERIFY2(!err.contains(QStringLiteral("s3cr3t")), qPrintable(err));
    }

    void secretFileInEnvFileOverriddenByPlainEnv()
    {
        const QString secret = writeFile("pw", "from-file");
        const QString f = writeFile("d.env", QByteArray("SMTP_PASSWORD_FILE=") + secret.toUtf8() + "\n");
        QString err;
        auto c = load(f, {{"SMTP_PASSWORD", "from-env"}}, &err);
        QVERIFY2(c, qPrintable(err));
        QCOMPARE(c->value("SMTP_PASSWORD"), QStringLiteral("from-env"));
    }

    void bothSecretFormsInOneLayerIsAnError()
    {
        const QString secret = writeFile("pw2", "x");
        QString err;
        auto c = load({}, {{"SMTP_PASSWORD", "a"}, {"SMTP_PASSWORD_FILE", secret}}, &err);
        QVERIFY(!c);
        QVERIFY2(err.contains(QStringLiteral("SMTP_PASSWORD_FILE")), qPrintable(err));
    }

    void unreadableSecretFileIsAnError()
    {
        QString err;
        auto c = load({}, {{"WAZUH_API_PASSWD_FILE", m_dir.filePath("missing")}}, &err);
        QVERIFY(!c);
        QVERIFY2(err.contains(QStringLiteral("WAZUH_API_PASSWD_FILE")), qPrintable(err));
    }

    void worldReadableFileWithSecretIsRefused()
    {
        const QString f = writeFile("open.env", "WEBHOOK_AUTH_TOKEN=abcdef123456\n", 0644);
        QString err;
        auto c = load(f, {}, &err);
        QVERIFY(!c);
        QVERIFY2(err.contains(QStringLiteral("chmod 600 ") + f), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("0644")), qPrintable(err));
        QVERIFY2(!err.contains(QStringLiteral("abcdef123456")), "the error must not show the secret");
        // group-readable is refused too
        ::chmod(QFile::encodeName(f).constData(), 0640);
        QVERIFY(!load(f, {}, &err));
        // 0600 is fine
        ::chmod(QFile::encodeName(f).constData(), 0600);
        QVERIFY2(load(f, {}, &err), qPrintable(err));
    }

    void worldReadableFileWithoutSecretIsFine()
    {
        const QString f = writeFile("pub.env", "LISTEN_PORT=9000\nWEBHOOK_AUTH_TOKEN=\n", 0644);
        QString err;
        QVERIFY2(load(f, {}, &err), qPrintable(err));
    }

    void misspeltKeysAreWarnedWithSuggestion()
    {
        const QString f = writeFile("typo.env", "WAZUH_API_PASSWORD=x\nLISTEN_PROT=9000\n");
        QString err;
        auto c = load(f, {{"EOS_LOG_LEVLE", "debug"}, {"PATH", "/usr/bin"}, {"EOS_TOTALLY_NEW", "1"}}, &err);
        QVERIFY2(c, qPrintable(err));
        const QString w = c->warnings().join('\n');
        QVERIFY2(w.contains(QStringLiteral("WAZUH_API_PASSWORD")) && w.contains(QStringLiteral("did you mean WAZUH_API_PASSWD?")), qPrintable(w));
        QVERIFY2(w.contains(QStringLiteral("did you mean LISTEN_PORT?")), qPrintable(w));
        QVERIFY2(w.contains(QStringLiteral("EOS_LOG_LEVLE")) && w.contains(QStringLiteral("did you mean EOS_LOG_LEVEL?")), qPrintable(w));
        QVERIFY2(w.contains(QStringLiteral("EOS_TOTALLY_NEW")), qPrintable(w));
        QVERIFY2(!w.contains(QStringLiteral("PATH")), "unrelated environment variables are not ours to warn about");
        // the misspelt key is not used as the real one
        QVERIFY(!c->isSet("WAZUH_API_PASSWD"));
    }

    void badNumberFallsBack()
    {
        QString err;
        auto c = load({}, {{"LISTEN_PORT", "ninety"}}, &err);
        QVERIFY(c);
        QCOMPARE(c->intValue("LISTEN_PORT", 9000), 9000);
    }

    void dsnPasswordIsASecret()
    {
        QString err;
        auto c = load({}, {{"PG_DSN", "postgresql://eos:hunter2pw@db.example:5432/wazuh"}}, &err);
        QVERIFY(c);
        QVERIFY(c->secretValues().contains(QStringLiteral("hunter2pw")));
    }

    // route tokens: a secret key family EOS_ROUTE_TOKEN_<ID>, from the environment, a _FILE or the env file
    void routeTokenKeys()
    {
        QCOMPARE(Config::routeTokenKey(QStringLiteral("jira-soc")), QStringLiteral("EOS_ROUTE_TOKEN_JIRA_SOC"));
        QVERIFY(Config::isRouteTokenKey(QStringLiteral("EOS_ROUTE_TOKEN_SLACK_2")));
        QVERIFY(!Config::isRouteTokenKey(QStringLiteral("EOS_ROUTE_TOKEN_")));
        QVERIFY(Config::isSecretKey(QStringLiteral("EOS_ROUTE_TOKEN_JIRA")));
        const QString secret = writeFile("route-token", "st2-api-key-value\n", 0600);
        QString err;
        auto c = load({}, {{"EOS_ROUTE_TOKEN_JIRA_SOC", "jira-token-value"}, {"EOS_ROUTE_TOKEN_ST2_FILE", secret}}, &err);
        QVERIFY2(c, qPrintable(err));
        QCOMPARE(c->value("EOS_ROUTE_TOKEN_JIRA_SOC"), QStringLiteral("jira-token-value"));
        QCOMPARE(c->value("EOS_ROUTE_TOKEN_ST2"), QStringLiteral("st2-api-key-value"));
        QVERIFY(c->secretValues().contains(QStringLiteral("jira-token-value")));
        QVERIFY(c->secretValues().contains(QStringLiteral("st2-api-key-value")));
        QVERIFY2(c->warnings().isEmpty(), qPrintable(c->warnings().join(QStringLiteral("; "))));
        // in an env file it makes the file a secret-holder: readable by others is refused
        const QString file = writeFile("routes-token.env", "EOS_ROUTE_TOKEN_SLACK=xoxb-123456\n", 0644);
        QVERIFY(!load(file, {}, &err));
        QVERIFY(err.contains(QStringLiteral("chmod 600")));
    }

    void guiDefaultFileUnderXdgConfigHome()
    {
        QDir(m_dir.path()).mkpath(QStringLiteral("xdg/eos"));
        writeFile("xdg/eos/eos.env", "LISTEN_PORT=9400\n");
        QString err;
        Config::LoadOptions o;
        o.mode = Config::Mode::Gui;
        o.useProcessEnvironment = false;
        o.environment = {{"XDG_CONFIG_HOME", m_dir.filePath("xdg")}};
        auto c = Config::load(o, &err);
        QVERIFY2(c, qPrintable(err));
        QCOMPARE(c->intValue("LISTEN_PORT", 0), 9400);
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "test_config.moc"
