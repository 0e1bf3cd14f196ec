#include "clients/smtp_client.h"

#include "core/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaObject>
#include <QPointer>

#include <curl/curl.h>

#include <algorithm>
#include <cstring>

namespace eos {
namespace {

auto log() { return Logging::get("email"); }

struct Upload {
    const QByteArray *data = nullptr;
    qsizetype offset = 0;
};

size_t readBody(char *buffer, size_t size, size_t nitems, void *userdata)
{
    auto *u = static_cast<Upload *>(userdata);
    const size_t room = size * nitems;
    const size_t left = size_t(u->data->size() - u->offset);
    const size_t n = std::min(room, left);
    std::memcpy(buffer, u->data->constData() + u->offset, n);
    u->offset += qsizetype(n);
    return n;
}

// the server's replies only (CURLINFO_HEADER_IN); what the client sends (AUTH) is never kept
int onDebug(CURL *, curl_infotype type, char *data, size_t size, void *userdata)
{
    if (type != CURLINFO_HEADER_IN) return 0;
    auto *replies = static_cast<QStringList *>(userdata);
    const QString line = QString::fromUtf8(data, qsizetype(size)).trimmed();
    if (!line.isEmpty()) replies->append(line.left(500));
    if (replies->size() > 40) replies->removeFirst();
    return 0;
}

// the reply that decided the transaction: the last one with that code (a QUIT's 221 may follow a refusal),
// with its continuation lines ("250-…", "250 …")
QString lastReply(const QStringList &replies, int code)
{
    if (replies.isEmpty()) return {};
    const QString prefix = code > 0 ? QString::number(code) : replies.last().left(3);
    qsizetype end = replies.size() - 1;
    while (end >= 0 && !replies[end].startsWith(prefix)) --end;
    if (end < 0) return replies.last();
    QStringList out;
    for (qsizetype i = end; i >= 0 && replies[i].startsWith(prefix); --i) {
        out.prepend(replies[i]);
        if (out.size() >= 5) break;
    }
    return out.join(u'\n');
}

}  // namespace

SmtpClient::Options SmtpClient::Options::fromConfig(const Config &config, int timeoutMs)
{
    Options o;
    o.server = config.value(QStringLiteral("SMTP_SERVER")).trimmed();
    o.port = config.intValue(QStringLiteral("SMTP_PORT"), 587);
    const QString tls = config.value(QStringLiteral("SMTP_TLS")).trimmed().toLower();
    if (tls == QLatin1String("none")) o.tls = Tls::None;
    else if (tls == QLatin1String("implicit") || tls == QLatin1String("ssl") || tls == QLatin1String("smtps") ||
             (o.port == 465 && tls != QLatin1String("starttls")))
        o.tls = Tls::Implicit;
    o.user = config.value(QStringLiteral("SMTP_USERNAME"));
    o.password = config.value(QStringLiteral("SMTP_PASSWORD"));
    o.caFile = config.value(QStringLiteral("SMTP_CA")).trimmed();
    o.connectTimeoutMs = std::clamp(config.intValue(QStringLiteral("SMTP_CONNECT_TIMEOUT_MS"), 10000), 200, 600000);
    o.timeoutMs = std::max(timeoutMs, 1000);
    return o;
}

SmtpClient::SmtpClient(Options options, EmailSettings settings, const QString &routeId, QObject *parent)
    : DispatchClient(parent), m_options(std::move(options)), m_composer(std::move(settings)), m_routeId(routeId),
      m_pool(std::make_unique<QThreadPool>()), m_alive(std::make_shared<std::atomic<bool>>(true))
{
    m_composer.routeId = routeId;
    m_pool->setMaxThreadCount(std::max(1, m_options.concurrency));
    m_pool->setObjectName(QStringLiteral("eos-smtp"));
    if (m_options.tls == Options::Tls::None)
        log()->warn("route {}: SMTP_TLS=none: alert mail{} crosses the network UNENCRYPTED to {}:{}. Use STARTTLS (587) or "
                    "implicit TLS (465).",
                    s(routeId), m_options.user.isEmpty() ? "" : " and the SMTP password", s(m_options.server), m_options.port);
    if (!m_composer.settings().zoneError.isEmpty()) log()->warn("{}", s(m_composer.settings().zoneError));
}

SmtpClient::~SmtpClient()
{
    *m_alive = false;
    m_pool->waitForDone();
}

SmtpClient::Delivery SmtpClient::deliver(const Options &o, const EmailMessage &message)
{
    Delivery d;
    CURL *curl = curl_easy_init();
    if (!curl) {
        d.error = QStringLiteral("libcurl could not start");
        return d;
    }
    const bool implicit = o.tls == Options::Tls::Implicit;
    const QByteArray url = QStringLiteral("%1://%2:%3").arg(implicit ? QStringLiteral("smtps") : QStringLiteral("smtp"), o.server).arg(o.port).toUtf8();
    const QByteArray from = QStringLiteral("<%1>").arg(EmailSettings::address(message.from)).toUtf8();
    const QByteArray user = o.user.toUtf8(), password = o.password.toUtf8(), ca = o.caFile.toUtf8();
    curl_slist *rcpt = nullptr;
    for (const QString &r : message.to) rcpt = curl_slist_append(rcpt, QStringLiteral("<%1>").arg(EmailSettings::address(r)).toUtf8().constData());
    Upload upload{&message.mime, 0};
    QStringList replies;
    char errbuf[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(o.connectTimeoutMs));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(o.timeoutMs));
    // libcurl (7.88) waits for the reply to the end of DATA outside CURLOPT_TIMEOUT, bounded only by the
    // server response time-out (default 120 s per reply; a server that never answers held a sender thread
    // until it closed the connection: found by the fault suite, test_fault_smtp). Bound each reply too.
    curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, long((o.timeoutMs + 999) / 1000));
    curl_easy_setopt(curl, CURLOPT_USE_SSL, long(o.tls == Options::Tls::None ? CURLUSESSL_NONE : CURLUSESSL_ALL));
    if (!ca.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, ca.constData());
        curl_easy_setopt(curl, CURLOPT_CAPATH, "/etc/ssl/certs");  // the private CA in addition to the system's
    }
    if (!user.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readBody);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.mime.size()));
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, onDebug);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &replies);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
    const CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(curl);
    curl_slist_free_all(rcpt);
    d.code = int(code);
    d.reply = lastReply(replies, d.code);
    d.ok = rc == CURLE_OK;
    if (!d.ok) {
        d.error = QString::fromUtf8(errbuf[0] ? errbuf : curl_easy_strerror(rc));
        switch (rc) {
        case CURLE_USE_SSL_FAILED:
            d.error += QStringLiteral(" (the server offers no STARTTLS: use port 465 with implicit TLS, or SMTP_TLS=none only on a trusted network)");
            break;
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CACERT_BADFILE:
            d.error += QStringLiteral(" (the server's TLS certificate is not trusted: add its CA with SMTP_CA)");
            break;
        case CURLE_LOGIN_DENIED: d.error += QStringLiteral(" (check SMTP_USERNAME and SMTP_PASSWORD)"); break;
        case CURLE_OPERATION_TIMEDOUT: d.error += QStringLiteral(" (time-out)"); break;
        default: break;
        }
        if (!d.reply.isEmpty() && d.code >= 400) d.error = QStringLiteral("SMTP %1: %2 — %3").arg(d.code).arg(d.reply, d.error);
    }
    return d;
}

DispatchResult SmtpClient::classify(const Delivery &d, const EmailMessage &message)
{
    DispatchResult r;
    r.remoteId = message.messageId;
    r.httpStatus = d.code;
    r.response = d.reply.toUtf8();
    r.payload = QJsonDocument(QJsonObject{{QStringLiteral("from"), message.from},
                                          {QStringLiteral("to"), QJsonArray::fromStringList(message.to)},
                                          {QStringLiteral("subject"), message.subject},
                                          {QStringLiteral("message_id"), message.messageId},
                                          {QStringLiteral("size"), message.mime.size()}})
                    .toJson(QJsonDocument::Compact);
    if (d.ok) {
        r.kind = DispatchResult::Kind::Sent;
        return r;
    }
    r.error = d.error;
    if (d.code >= 500 && d.code < 600) r.kind = DispatchResult::Kind::Dead;
    else r.kind = DispatchResult::Kind::Retry;  // 4xx, no answer, TLS or connection trouble
    if (r.kind == DispatchResult::Kind::Retry && d.code < 400) r.httpStatus = 0;  // the outcome may be unknown
    return r;
}

void SmtpClient::send(const DispatchRequest &request, std::function<void(DispatchResult)> done)
{
    DispatchResult hold;
    hold.kind = DispatchResult::Kind::Hold;
    hold.retryAfterMs = 15000;
    QString missing;
    if (m_options.server.isEmpty()) missing = QStringLiteral("SMTP_SERVER is not set");
    else if (m_composer.settings().from.isEmpty()) missing = QStringLiteral("EMAIL_FROM is not set");
    else if (m_composer.settings().to.isEmpty()) missing = QStringLiteral("no recipients: set EMAIL_TO or the route's recipients");
    if (!missing.isEmpty()) {
        hold.error = missing + QStringLiteral("; the route's mails wait");
        done(hold);
        return;
    }
    EmailTemplate::Error err;
    const QString key = request.digest ? QStringLiteral("digest.%1").arg(request.outboxId)
                                       : QStringLiteral("%1.%2").arg(request.outboxId).arg(request.alerts.empty() ? 0 : request.alerts.front().alertId);
    const auto message = m_composer.compose(request.alerts, request.digest, key, &err);
    if (!message) {
        hold.error = QStringLiteral("email template error, the route's mails wait: %1").arg(err.text());
        done(hold);
        return;
    }
    QPointer<SmtpClient> self(this);
    std::shared_ptr<std::atomic<bool>> alive = m_alive;
    const Options o = m_options;
    m_pool->start([self, alive, o, msg = *message, done = std::move(done)] {
        const Delivery d = deliver(o, msg);
        const DispatchResult r = classify(d, msg);
        if (!*alive || !self) return;
        QMetaObject::invokeMethod(self.data(), [done, r] { done(r); }, Qt::QueuedConnection);
    });
}

}  // namespace eos
