#include "clients/email_template.h"

#include "core/json_path.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>

namespace eos {
namespace {

bool identStart(QChar c) { return c == u'_' || (c.unicode() < 128 && c.isLetter()); }
bool identChar(QChar c) { return identStart(c) || (c.unicode() < 128 && c.isDigit()); }

QString scalar(const QJsonValue &v)
{
    if (v.isString()) return v.toString();
    if (v.isDouble()) return QString::number(v.toDouble(), 'g', 15);
    if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue &x : v.toArray()) parts << scalar(x);
        return parts.join(QStringLiteral(", "));
    }
    return {};
}

QString pathValue(const QJsonObject &alert, const QString &path)
{
    return scalar(JsonPath::value(alert, path));
}

}  // namespace

QString EmailTemplate::Error::text() const
{
    return line > 0 ? QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(message) : QStringLiteral("%1: %2").arg(file, message);
}

QStringList EmailTemplate::names()
{
    return {QStringLiteral("subject"),   QStringLiteral("timestamp"),      QStringLiteral("content"),
            QStringLiteral("sent_at"),   QStringLiteral("alert_id"),       QStringLiteral("body"),
            QStringLiteral("support_email"), QStringLiteral("level"),      QStringLiteral("severity"),
            QStringLiteral("severity_color"), QStringLiteral("risk"),      QStringLiteral("agent"),
            QStringLiteral("alert_url"), QStringLiteral("dashboard_url"),  QStringLiteral("summary"),
            QStringLiteral("text"),      QStringLiteral("title")};
}

QStringList EmailTemplate::topLevelFields()
{
    return {QStringLiteral("rule"),     QStringLiteral("agent"),    QStringLiteral("manager"),  QStringLiteral("id"),
            QStringLiteral("timestamp"), QStringLiteral("full_log"), QStringLiteral("location"), QStringLiteral("decoder"),
            QStringLiteral("data"),     QStringLiteral("syscheck"), QStringLiteral("predecoder"), QStringLiteral("previous_output"),
            QStringLiteral("cluster"),  QStringLiteral("input"),    QStringLiteral("GeoLocation"), QStringLiteral("eos")};
}

QString EmailTemplate::escapeHtml(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&': out += QLatin1String("&amp;"); break;
        case '<': out += QLatin1String("&lt;"); break;
        case '>': out += QLatin1String("&gt;"); break;
        case '"': out += QLatin1String("&quot;"); break;
        case '\'': out += QLatin1String("&#39;"); break;
        case '`': out += QLatin1String("&#96;"); break;
        default: out += c;
        }
    }
    return out;
}

QString EmailTemplate::escapeAttribute(const QString &text)
{
    // browsers ignore whitespace and control characters inside a scheme ("java\tscript:")
    QString compact;
    for (const QChar c : text)
        if (c.unicode() > 0x20) compact += c;
    static const QRegularExpression scheme(QStringLiteral("^([A-Za-z][A-Za-z0-9+.\\-]*):"));
    const auto m = scheme.match(compact);
    if (m.hasMatch()) {
        const QString s = m.captured(1).toLower();
        if (s != QLatin1String("http") && s != QLatin1String("https") && s != QLatin1String("mailto") && s != QLatin1String("eos"))
            return QStringLiteral("unsafe:") + escapeHtml(compact);
    }
    return escapeHtml(text);
}

std::optional<EmailTemplate> EmailTemplate::load(const QString &path, Error *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error) *error = Error{path, 0, QStringLiteral("cannot read the email template: %1").arg(f.errorString())};
        return std::nullopt;
    }
    const QByteArray bytes = f.readAll();
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes) {
        int line = 1;
        const QByteArray good = text.toUtf8();
        for (qsizetype i = 0; i < std::min(good.size(), bytes.size()) && good[i] == bytes[i]; ++i)
            if (bytes[i] == '\n') ++line;
        if (error) *error = Error{path, line, QStringLiteral("the email template is not valid UTF-8")};
        return std::nullopt;
    }
    return parse(text, path, error);
}

std::optional<EmailTemplate> EmailTemplate::parse(const QString &text, const QString &file, Error *error)
{
    EmailTemplate t;
    t.m_file = file;
    const QStringList known = names();
    const QStringList fields = topLevelFields();
    QString literal;
    int line = 1;
    bool inTag = false;
    auto fail = [&](const QString &message) {
        if (error) *error = Error{file, line, message};
        return std::nullopt;
    };
    auto flush = [&] {
        if (!literal.isEmpty()) t.m_parts.push_back(Part{literal, {}, false, false});
        literal.clear();
    };
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (c == u'\n') ++line;
        if (c == u'<') inTag = true;
        else if (c == u'>') inTag = false;
        if (c != u'$') {
            literal += c;
            continue;
        }
        if (i + 1 < n && text[i + 1] == u'$') {
            literal += u'$';
            ++i;
            continue;
        }
        Part p;
        p.inTag = inTag;
        if (i + 1 < n && text[i + 1] == u'{') {
            const qsizetype close = text.indexOf(u'}', i + 2);
            const qsizetype nl = text.indexOf(u'\n', i + 2);
            if (close < 0 || (nl >= 0 && nl < close))
                return fail(QStringLiteral("unterminated placeholder \"%1\" (a ${ needs its })").arg(text.mid(i, 20).section(u'\n', 0, 0)));
            const QString inner = text.mid(i + 2, close - i - 2).trimmed();
            static const QRegularExpression pathRe(QStringLiteral("^[A-Za-z_][A-Za-z0-9_\\-]*(\\.[A-Za-z0-9_\\-@]+)*$"));
            if (!pathRe.match(inner).hasMatch())
                return fail(QStringLiteral("invalid placeholder ${%1}: use a name such as ${subject} or a field path such as ${rule.description}").arg(inner));
            if (known.contains(inner)) {
                p.name = inner;
            } else if (fields.contains(inner.section(u'.', 0, 0)) && (inner.contains(u'.') || inner != QLatin1String("eos"))) {
                p.name = inner;
                p.path = true;
            } else {
                return fail(QStringLiteral("unknown variable ${%1}; known: $%2, or an alert field path starting with %3")
                                .arg(inner, known.join(QStringLiteral(", $")), fields.join(QStringLiteral(", "))));
            }
            i = close;
        } else if (i + 1 < n && identStart(text[i + 1])) {
            qsizetype j = i + 1;
            while (j < n && identChar(text[j])) ++j;
            const QString name = text.mid(i + 1, j - i - 1);
            if (!known.contains(name))
                return fail(QStringLiteral("unknown variable $%1; known: $%2, or an alert field path such as ${rule.description}")
                                .arg(name, known.join(QStringLiteral(", $"))));
            p.name = name;
            i = j - 1;
        } else {
            literal += c;  // a lone $ (prices, CSS): kept
            continue;
        }
        flush();
        t.m_parts.push_back(p);
    }
    flush();
    return t;
}

QString EmailTemplate::render(const Values &values) const
{
    QString out;
    for (const Part &p : m_parts) {
        if (p.name.isEmpty()) {
            out += p.literal;
            continue;
        }
        if (!p.path && values.html.contains(p.name)) {
            out += values.html.value(p.name);
            continue;
        }
        const QString v = p.path ? pathValue(values.alert, p.name) : values.text.value(p.name);
        out += p.inTag ? escapeAttribute(v) : escapeHtml(v);
    }
    return out;
}

QStringList EmailTemplate::usedNames() const
{
    QStringList out;
    for (const Part &p : m_parts)
        if (!p.name.isEmpty()) out << p.name;
    return out;
}

}  // namespace eos
