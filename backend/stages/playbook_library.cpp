#include "stages/playbook_library.h"

#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

namespace eos {
namespace {

auto log() { return Logging::get("remediation"); }

QStringList listOf(const QString &value)
{
    static const QRegularExpression sep(QStringLiteral("[,\\s]+"));
    return value.split(sep, Qt::SkipEmptyParts);
}

}  // namespace

bool PlaybookLibrary::Playbook::matches(const QJsonObject &alert) const
{
    const QJsonObject rule = alert.value(QStringLiteral("rule")).toObject();
    const QJsonValue lv = rule.value(QStringLiteral("level"));
    const int level = lv.isString() ? lv.toString().toInt() : lv.toInt();
    if (level < minLevel || level > maxLevel) return false;
    if (ruleIds.isEmpty() && groups.isEmpty()) return true;
    const QJsonValue idv = rule.value(QStringLiteral("id"));
    const QString ruleId = idv.isDouble() ? QString::number(idv.toInt()) : idv.toString();
    if (!ruleId.isEmpty() && ruleIds.contains(ruleId)) return true;
    for (const QJsonValue &g : rule.value(QStringLiteral("groups")).toArray())
        if (groups.contains(g.toString())) return true;
    return false;
}

bool PlaybookLibrary::parse(const QString &text, const QString &path, Playbook *out, QString *error)
{
    const QStringList lines = text.split(u'\n');
    auto fail = [&](int line, const QString &what) {
        *error = QStringLiteral("%1:%2: %3").arg(path).arg(line).arg(what);
        return false;
    };
    if (lines.isEmpty() || lines.first().trimmed() != QLatin1String("---"))
        return fail(1, QStringLiteral("a playbook starts with a front-matter block (a line \"---\")"));
    Playbook p;
    p.path = path;
    p.id = QFileInfo(path).completeBaseName();
    static const QRegularExpression keyRe(QStringLiteral("^([a-z_]+)\\s*:\\s*(.*)$"));
    static const QRegularExpression idRe(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    static const QRegularExpression ruleRe(QStringLiteral("^[0-9]{1,9}$"));
    static const QRegularExpression levelRe(QStringLiteral("^([0-9]{1,2})(?:\\s*-\\s*([0-9]{1,2}))?$"));
    qsizetype end = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        const int n = int(i) + 1;
        if (line == QLatin1String("---")) {
            end = i;
            break;
        }
        if (line.isEmpty() || line.startsWith(u'#')) continue;
        const auto m = keyRe.match(line);
        if (!m.hasMatch()) return fail(n, QStringLiteral("expected \"key: value\", got \"%1\"").arg(line.left(60)));
        const QString key = m.captured(1), value = m.captured(2).trimmed();
        if (key == QLatin1String("id")) {
            if (!idRe.match(value).hasMatch()) return fail(n, QStringLiteral("id must be a short word"));
            p.id = value;
        } else if (key == QLatin1String("title")) {
            p.title = value;
        } else if (key == QLatin1String("rule_ids")) {
            for (const QString &r : listOf(value)) {
                if (!ruleRe.match(r).hasMatch()) return fail(n, QStringLiteral("rule id \"%1\" is not a number").arg(r));
                p.ruleIds << QString::number(r.toInt());
            }
        } else if (key == QLatin1String("groups")) {
            p.groups = listOf(value);
        } else if (key == QLatin1String("level")) {
            const auto lm = levelRe.match(value);
            if (!lm.hasMatch()) return fail(n, QStringLiteral("level must be N or N-M (0-16), got \"%1\"").arg(value));
            p.minLevel = lm.captured(1).toInt();
            p.maxLevel = lm.captured(2).isEmpty() ? 16 : lm.captured(2).toInt();
            if (p.minLevel > 16 || p.maxLevel > 16 || p.minLevel > p.maxLevel)
                return fail(n, QStringLiteral("level range %1 is empty or beyond 16").arg(value));
        } else if (key == QLatin1String("actions")) {
            for (const QString &a : listOf(value)) {
                if (!idRe.match(a).hasMatch()) return fail(n, QStringLiteral("action \"%1\" is not an action id").arg(a));
                p.actions << a;
            }
        } else {
            return fail(n, QStringLiteral("unknown key \"%1\" (id, title, rule_ids, groups, level, actions)").arg(key));
        }
    }
    if (end < 0) return fail(int(lines.size()), QStringLiteral("the front matter is not closed by a line \"---\""));
    if (p.title.isEmpty()) return fail(1, QStringLiteral("the front matter has no title"));
    p.markdown = lines.mid(end + 1).join(u'\n').trimmed();
    *out = p;
    return true;
}

void PlaybookLibrary::addDirectory(const QString &dir, bool builtIn)
{
    QDir d(dir);
    if (!d.exists()) {
        if (!builtIn) m_errors << QStringLiteral("%1: EOS_PLAYBOOK_DIR does not exist").arg(dir);
        return;
    }
    const QStringList files = d.entryList({QStringLiteral("*.md")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QString &name : files) {
        const QString path = d.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            m_errors << QStringLiteral("%1: cannot read: %2").arg(path, f.errorString());
            continue;
        }
        Playbook p;
        QString error;
        if (!parse(QString::fromUtf8(f.read(1024 * 1024)), path, &p, &error)) {
            m_errors << error;
            continue;
        }
        p.builtIn = builtIn;
        // a user playbook replaces the shipped one of the same id
        bool replaced = false;
        for (Playbook &existing : m_playbooks)
            if (existing.id == p.id) {
                existing = p;
                replaced = true;
            }
        if (!replaced) m_playbooks << p;
    }
}

PlaybookLibrary PlaybookLibrary::load(const QString &builtInDir, const QString &userDir)
{
    PlaybookLibrary lib;
    if (!builtInDir.isEmpty()) lib.addDirectory(builtInDir, true);
    if (!userDir.isEmpty()) lib.addDirectory(userDir, false);
    for (const QString &e : lib.m_errors) log()->warn("playbook skipped: {}", s(e));
    return lib;
}

PlaybookLibrary PlaybookLibrary::fromConfig(const Config &config)
{
    return load(QStringLiteral(":/playbooks"), config.value(QStringLiteral("EOS_PLAYBOOK_DIR")));
}

QList<PlaybookLibrary::Playbook> PlaybookLibrary::matching(const QJsonObject &alert) const
{
    QList<Playbook> out;
    for (const Playbook &p : m_playbooks)
        if (p.matches(alert)) out << p;
    return out;
}

const PlaybookLibrary::Playbook *PlaybookLibrary::find(const QString &id) const
{
    for (const Playbook &p : m_playbooks)
        if (p.id == id) return &p;
    return nullptr;
}

}  // namespace eos
