#include "filter_tokenizer.h"

#include <QObject>
#include <QRegularExpression>

namespace eos {
namespace {

bool readQuoted(const QString &text, int *i, QString *out)
{
    // text[*i] == '"'
    ++*i;
    while (*i < text.size()) {
        const QChar c = text[*i];
        if (c == u'\\' && *i + 1 < text.size()) {
            out->append(text[*i + 1]);
            *i += 2;
            continue;
        }
        if (c == u'"') {
            ++*i;
            return true;
        }
        out->append(c);
        ++*i;
    }
    return false;
}

}  // namespace

const QString &FilterTokenizer::pathPattern()
{
    static const QString pattern = QStringLiteral("[A-Za-z_@][A-Za-z0-9_@-]*(?:\\.[A-Za-z0-9_@-]+|\\[\\d+\\])*");
    return pattern;
}

std::optional<QList<FilterTokenizer::Token>> FilterTokenizer::tokenize(const QString &text, QString *error, int *errorPos)
{
    static const QRegularExpression keyRe(QStringLiteral("^(%1)(>=|<=|:|>|<|=)").arg(pathPattern()));
    QList<Token> out;
    int i = 0;
    while (i < text.size()) {
        if (text[i].isSpace()) {
            ++i;
            continue;
        }
        Token t;
        t.pos = i;
        if (text[i] == u'-' && i + 1 < text.size() && !text[i + 1].isSpace()) {
            t.minus = true;
            ++i;
        } else if (text[i] == u'-') {
            *error = QObject::tr("a lone \"-\" at position %1: write -term to exclude, e.g. -agent:001").arg(i + 1);
            if (errorPos) *errorPos = i;
            return std::nullopt;
        }
        if (text[i] == u'"') {
            if (!readQuoted(text, &i, &t.value)) {
                *error = QObject::tr("unterminated quote at position %1").arg(t.pos + 1);
                if (errorPos) *errorPos = t.pos;
                return std::nullopt;
            }
            t.quoted = true;
            t.end = i;
            out << t;
            continue;
        }
        const auto m = keyRe.match(QStringView(text).mid(i));
        if (m.hasMatch()) {
            t.key = m.captured(1);
            if (!t.key.contains(u'.') && !t.key.contains(u'[')) t.key = t.key.toLower();
            t.op = m.captured(2);
            i += int(m.capturedLength(0));
            if (i < text.size() && text[i] == u'"') {
                const int q = i;
                if (!readQuoted(text, &i, &t.value)) {
                    *error = QObject::tr("unterminated quote at position %1").arg(q + 1);
                    if (errorPos) *errorPos = q;
                    return std::nullopt;
                }
                t.quoted = true;
            } else {
                while (i < text.size() && !text[i].isSpace()) t.value.append(text[i++]);
            }
            t.end = i;
            out << t;
            continue;
        }
        while (i < text.size() && !text[i].isSpace()) t.value.append(text[i++]);
        t.end = i;
        out << t;
    }
    return out;
}

}  // namespace eos
