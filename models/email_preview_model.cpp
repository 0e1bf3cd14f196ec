#include "email_preview_model.h"

#include "clients/email_composer.h"
#include "clients/smtp_client.h"
#include "core/config.h"
#include "db_worker.h"
#include "stages/dispatch_routes.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QThreadPool>
#include <QTimer>
#include <QUuid>

#include <algorithm>

namespace eos {

struct EmailPreviewState {
    Config config;
    QString actor;
    std::vector<DispatchRoute> routes;  // the email routes
    QString routesError;
    QString routeId;
    qint64 alertId = 0;
    bool digest = false;
    std::vector<DispatchAlert> loaded;  // the alert, or the digest's alerts
    bool loadedFor = false;
    QList<EmailPreviewModel::AlertChoice> choices;
    EmailMessage message;
    EmailTemplate::Error error;
    bool ok = false;
    QString templatePath;
    QDateTime stamp;
    qint64 stampSize = -1;
    int loadGeneration = 0;
};

namespace {

constexpr auto kNoRoute = "email (EMAIL_TO)";

struct Row {
    qint64 id = 0;
    QString raw, summary, hash, os;
};

QString risk(const QString &summary)
{
    static const QRegularExpression re(QStringLiteral("(?im)^\\W*risk(?:\\s+level)?\\W*[:=]\\s*\\**\\s*([A-Za-z]+)"));
    const QJsonDocument d = QJsonDocument::fromJson(summary.toUtf8());
    if (d.isObject() && d.object().value(QStringLiteral("risk")).isString()) return d.object().value(QStringLiteral("risk")).toString();
    const auto m = re.match(summary);
    return m.hasMatch() ? m.captured(1) : QString();
}

std::vector<DispatchAlert> sampleDigest()
{
    std::vector<DispatchAlert> out;
    const struct {
        int level;
        const char *rule, *agent, *name, *desc;
    } rows[] = {{12, "100002", "007", "db-02", "Multiple authentication failures followed by a success"},
                {10, "5712", "003", "web-01", "sshd: brute force trying to get access to the system. Non existent user."},
                {10, "5712", "004", "web-02", "sshd: brute force trying to get access to the system. Non existent user."},
                {7, "31101", "003", "web-01", "Web server 400 error code."},
                {5, "550", "009", "files-01", "Integrity checksum changed."}};
    qint64 id = 1;
    for (const auto &r : rows) {
        DispatchAlert a = EmailComposer::sampleAlert();
        a.alertId = id++;
        QJsonObject rule = a.raw.value(QStringLiteral("rule")).toObject();
        rule.insert(QStringLiteral("level"), r.level);
        rule.insert(QStringLiteral("id"), QString::fromLatin1(r.rule));
        rule.insert(QStringLiteral("description"), QString::fromLatin1(r.desc));
        a.raw.insert(QStringLiteral("rule"), rule);
        a.raw.insert(QStringLiteral("agent"), QJsonObject{{QStringLiteral("id"), QString::fromLatin1(r.agent)}, {QStringLiteral("name"), QString::fromLatin1(r.name)}});
        out.push_back(a);
    }
    return out;
}

}  // namespace

EmailPreviewModel::EmailPreviewModel(const DbConnectionInfo &db, const Config &config, const QString &actor, QObject *parent)
    : QObject(parent), d(std::make_unique<EmailPreviewState>()), m_db(std::make_unique<DbWorker>(db, QStringLiteral("eos-email-preview")))
{
    d->config = config;
    d->actor = actor;
    const QString file = config.value(QStringLiteral("EOS_ROUTES_FILE"));
    if (!file.isEmpty()) {
        QString err;
        if (auto routes = DispatchRoutes::load(file, &err)) {
            for (const DispatchRoute &r : *routes)
                if (r.kind == QLatin1String("email")) d->routes.push_back(r);
        } else {
            d->routesError = err;
        }
    }
    d->routeId = d->routes.empty() ? QString::fromLatin1(kNoRoute) : d->routes.front().id;
    d->templatePath = EmailSettings::fromConfig(config).templatePath;
    m_watcher = new QFileSystemWatcher(this);
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(100);
    connect(m_debounce, &QTimer::timeout, this, [this] {
        watchTemplate();
        render();
    });
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_debounce, qOverload<>(&QTimer::start));
    // a fallback where no change notifications arrive (network file systems): the file's stamp, twice a second
    m_poll = new QTimer(this);
    m_poll->setInterval(500);
    connect(m_poll, &QTimer::timeout, this, [this] {
        const QFileInfo fi(d->templatePath);  // a new QFileInfo: no cached stamp
        if (fi.lastModified() != d->stamp || (fi.exists() ? fi.size() : -1) != d->stampSize) m_debounce->start();
    });
    if (!d->templatePath.startsWith(u':')) m_poll->start();
    watchTemplate();
    render();
}

EmailPreviewModel::~EmailPreviewModel() = default;

void EmailPreviewModel::watchTemplate()
{
    if (d->templatePath.startsWith(u':')) return;
    const QFileInfo fi(d->templatePath);
    if (fi.exists() && !m_watcher->files().contains(fi.absoluteFilePath())) m_watcher->addPath(fi.absoluteFilePath());
    if (fi.absoluteDir().exists() && !m_watcher->directories().contains(fi.absolutePath())) m_watcher->addPath(fi.absolutePath());
}

QStringList EmailPreviewModel::routes() const
{
    QStringList out;
    for (const auto &r : d->routes) out << r.id;
    if (out.isEmpty()) out << QString::fromLatin1(kNoRoute);
    return out;
}

QString EmailPreviewModel::routeId() const { return d->routeId; }

void EmailPreviewModel::setRoute(const QString &routeId)
{
    if (routeId == d->routeId || !routes().contains(routeId)) return;
    d->routeId = routeId;
    loadAlerts();
}

void EmailPreviewModel::setAlert(qint64 alertId)
{
    d->alertId = std::max<qint64>(0, alertId);
    loadAlerts();
}

qint64 EmailPreviewModel::alertId() const { return d->alertId; }

void EmailPreviewModel::setDigest(bool digest)
{
    if (digest == d->digest) return;
    d->digest = digest;
    loadAlerts();
}

bool EmailPreviewModel::digest() const { return d->digest; }

QList<EmailPreviewModel::AlertChoice> EmailPreviewModel::alertChoices() const { return d->choices; }

void EmailPreviewModel::refreshAlertChoices()
{
    m_db->call<QList<AlertChoice>>(
        this,
        [](QSqlDatabase &db) {
            QList<AlertChoice> out;
            if (!db.isOpen()) return out;
            QSqlQuery q(db);
            q.setForwardOnly(true);
            if (!q.exec(QStringLiteral("SELECT id, rule_level, COALESCE(raw->'agent'->>'name', agent_id, ''), COALESCE(rule_desc, '') "
                                       "FROM alerts ORDER BY id DESC LIMIT 100")))
                return out;
            while (q.next())
                out << AlertChoice{q.value(0).toLongLong(), QStringLiteral("#%1 · %2 · %3 · %4")
                                                                .arg(q.value(0).toLongLong())
                                                                .arg(q.value(1).toInt())
                                                                .arg(q.value(2).toString(), q.value(3).toString().left(90))};
            return out;
        },
        [this](QList<AlertChoice> choices) {
            d->choices = choices;
            Q_EMIT alertChoicesChanged();
        });
}

void EmailPreviewModel::loadAlerts()
{
    const int generation = ++d->loadGeneration;
    const qint64 id = d->alertId;
    const bool digest = d->digest;
    if (id == 0 && !digest) {
        d->loaded = {EmailComposer::sampleAlert()};
        render();
        return;
    }
    m_db->call<QList<Row>>(
        this,
        [id, digest](QSqlDatabase &db) {
            QList<Row> out;
            if (!db.isOpen()) return out;
            QSqlQuery q(db);
            q.setForwardOnly(true);
            const QString cols = QStringLiteral("SELECT a.id, a.raw::text, COALESCE(a.response_text, ''), COALESCE(a.alert_hash, ''), "
                                                "COALESCE(ag.os, '') FROM alerts a LEFT JOIN agents ag ON ag.id = a.agent_id ");
            if (digest) {
                q.prepare(cols + QStringLiteral("ORDER BY a.id DESC LIMIT 500"));
            } else {
                q.prepare(cols + QStringLiteral("WHERE a.id = ?"));
                q.addBindValue(id);
            }
            if (!q.exec()) return out;
            while (q.next()) out << Row{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toString()};
            return out;
        },
        [this, generation, id, digest](QList<Row> rows) {
            if (generation != d->loadGeneration) return;  // a later choice won
            const DispatchRoute *route = nullptr;
            for (const auto &r : d->routes)
                if (r.id == d->routeId) route = &r;
            std::vector<DispatchAlert> alerts;
            for (const Row &row : rows) {
                DispatchAlert a;
                a.alertId = row.id;
                a.raw = QJsonDocument::fromJson(row.raw.toUtf8()).object();
                a.summary = row.summary;
                a.risk = risk(row.summary);
                a.hash = row.hash;
                a.agentOs = row.os;
                if (digest && route && !route->matches(a.raw) && row.id != id) continue;
                if (route) a.playbook = route->playbookFor(a.raw);
                alerts.push_back(std::move(a));
                if (digest && alerts.size() >= 50) break;
            }
            if (digest) {
                if (alerts.empty()) alerts = sampleDigest();
                std::stable_sort(alerts.begin(), alerts.end(), [](const DispatchAlert &x, const DispatchAlert &y) {
                    return DispatchClient::level(x.raw) > DispatchClient::level(y.raw);
                });
            }
            if (alerts.empty()) alerts = {EmailComposer::sampleAlert()};  // the alert is gone
            d->loaded = std::move(alerts);
            render();
        });
}

void EmailPreviewModel::render()
{
    if (d->loaded.empty()) d->loaded = {EmailComposer::sampleAlert()};
    QJsonObject routeConfig;
    for (const auto &r : d->routes)
        if (r.id == d->routeId) routeConfig = r.extra;
    EmailComposer composer(EmailSettings::fromConfig(d->config, routeConfig));
    composer.routeId = d->routes.empty() ? QString() : d->routeId;
    const QFileInfo fi(d->templatePath);
    d->stamp = fi.lastModified();
    d->stampSize = fi.exists() ? fi.size() : -1;
    EmailTemplate::Error err;
    const auto m = composer.compose(d->loaded, d->digest, QStringLiteral("preview"), &err);
    d->ok = m.has_value();
    d->error = d->ok ? EmailTemplate::Error{} : err;
    if (m) d->message = *m;
    else d->message = EmailMessage{};
    if (!m) {
        d->message.to = composer.settings().to;
        d->message.subject = d->digest ? EmailComposer::digestSubject(d->loaded, composer.routeId) : EmailComposer::subjectFor(d->loaded.front());
    }
    Q_EMIT rendered();
}

QString EmailPreviewModel::subject() const { return d->message.subject; }
QStringList EmailPreviewModel::recipients() const { return d->message.to; }
QString EmailPreviewModel::html() const { return d->message.html; }
QString EmailPreviewModel::text() const { return d->message.text; }
qint64 EmailPreviewModel::size() const { return d->message.mime.size(); }
QString EmailPreviewModel::error() const { return d->ok ? QString() : d->error.text(); }
QString EmailPreviewModel::errorFile() const { return d->ok ? QString() : d->error.file; }
int EmailPreviewModel::errorLine() const { return d->ok ? 0 : d->error.line; }
QString EmailPreviewModel::templatePath() const { return d->templatePath; }

QString EmailPreviewModel::alertDescription() const
{
    return d->loaded.empty() ? QString() : DispatchClient::str(d->loaded.front().raw, QStringLiteral("rule.description"));
}

void EmailPreviewModel::sendTestMail(const QString &address)
{
    const QString to = address.trimmed();
    static const QRegularExpression plausible(QStringLiteral("^[^@\\s<>,;]+@[^@\\s<>,;]+$"));
    if (!plausible.match(to).hasMatch()) {
        Q_EMIT testMailFinished(false, tr("\"%1\" is not an email address").arg(to));
        return;
    }
    QJsonObject routeConfig;
    for (const auto &r : d->routes)
        if (r.id == d->routeId) routeConfig = r.extra;
    EmailComposer composer(EmailSettings::fromConfig(d->config, routeConfig));
    composer.routeId = d->routes.empty() ? QString() : d->routeId;
    composer.setRecipients({to});
    EmailTemplate::Error err;
    const auto m = composer.compose(d->loaded, d->digest, QStringLiteral("test.") + QUuid::createUuid().toString(QUuid::Id128), &err);
    if (!m) {
        Q_EMIT testMailFinished(false, err.text());
        return;
    }
    if (composer.settings().from.isEmpty() || d->config.value(QStringLiteral("SMTP_SERVER")).trimmed().isEmpty()) {
        Q_EMIT testMailFinished(false, tr("Set SMTP_SERVER and EMAIL_FROM to send mail."));
        return;
    }
    const SmtpClient::Options o = SmtpClient::Options::fromConfig(d->config, d->config.intValue(QStringLiteral("EOS_DISPATCH_TIMEOUT_MS"), 15000));
    const QPointer<EmailPreviewModel> self(this);
    const qint64 alertId = d->digest ? 0 : d->alertId;
    const QString route = d->routeId, actor = d->actor;
    QThreadPool::globalInstance()->start([self, o, msg = *m, alertId, route, actor] {
        const SmtpClient::Delivery r = SmtpClient::deliver(o, msg);
        QMetaObject::invokeMethod(QCoreApplication::instance(), [self, r, msg, alertId, route, actor] {
            if (!self) return;
            const QJsonObject details{{QStringLiteral("route"), route},
                                      {QStringLiteral("to"), msg.to.value(0)},
                                      {QStringLiteral("subject"), msg.subject},
                                      {QStringLiteral("message_id"), msg.messageId},
                                      {QStringLiteral("size"), msg.mime.size()},
                                      {QStringLiteral("ok"), r.ok},
                                      {QStringLiteral("code"), r.code},
                                      {QStringLiteral("reply"), r.reply.left(1000)},
                                      {QStringLiteral("error"), r.error.left(1000)}};
            // the audit row: who sent which preview where, and what the server said
            self->m_db->post([alertId, actor, details](QSqlDatabase &db) {
                if (!db.isOpen()) return;
                QSqlQuery q(db);
                q.prepare(QStringLiteral("INSERT INTO audit_log (alert_id, actor, action, reason, details) VALUES (?, ?, 'email_test', ?, ?::jsonb)"));
                q.addBindValue(alertId > 0 ? QVariant(alertId) : QVariant(QMetaType::fromType<qint64>()));
                q.addBindValue(actor);
                q.addBindValue(details.value(QStringLiteral("to")).toString());
                q.addBindValue(QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact)));
                q.exec();
            });
            Q_EMIT self->testMailFinished(r.ok, r.ok ? tr("Test mail sent to %1: %2").arg(msg.to.value(0), r.reply)
                                                     : tr("Test mail to %1 failed: %2").arg(msg.to.value(0), r.error));
        }, Qt::QueuedConnection);
    });
}

}  // namespace eos
