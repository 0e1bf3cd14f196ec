#include "stages/llm_prompt.h"

#include <QFile>
#include <QRandomGenerator>

namespace eos {

QStringList LlmPrompt::presets()
{
    return {QStringLiteral("structured"), QStringLiteral("long"), QStringLiteral("short")};
}

std::optional<LlmPrompt> LlmPrompt::load(const QString &presetOrFile, QString *error)
{
    QString name = presetOrFile.trimmed();
    if (name.isEmpty()) name = QStringLiteral("structured");
    const bool preset = presets().contains(name);
    QFile f(preset ? QStringLiteral(":/prompts/%1.prompt").arg(name) : name);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = preset ? QStringLiteral("prompt preset %1 is missing from the build").arg(name)
                            : QStringLiteral("cannot read the prompt file %1: %2 (presets: %3)")
                                  .arg(name, f.errorString(), presets().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    return parse(QString::fromUtf8(f.readAll()), name, error);
}

std::optional<LlmPrompt> LlmPrompt::parse(const QString &text, const QString &name, QString *error)
{
    LlmPrompt p;
    p.m_name = name;
    QString section, format;
    QStringList system, user;
    const QStringList lines = text.split(u'\n');
    for (QString line : lines) {
        if (line.endsWith(u'\r')) line.chop(1);
        const QString t = line.trimmed();
        if (t == QLatin1String("[format]") || t == QLatin1String("[system]") || t == QLatin1String("[user]")) {
            section = t.mid(1, t.size() - 2);
            continue;
        }
        if (section.isEmpty()) continue;  // comments before the first section
        if (section == QLatin1String("format")) {
            if (!t.isEmpty() && format.isEmpty()) format = t.toLower();
        } else if (section == QLatin1String("system")) {
            system << line;
        } else {
            user << line;
        }
    }
    auto trimmed = [](const QStringList &l) { return l.join(u'\n').trimmed(); };
    p.m_system = trimmed(system);
    p.m_user = trimmed(user);
    if (format.isEmpty() || format == QLatin1String("json")) p.m_format = Format::Json;
    else if (format == QLatin1String("long")) p.m_format = Format::Long;
    else if (format == QLatin1String("short")) p.m_format = Format::Short;
    else {
        if (error) *error = QStringLiteral("prompt %1: [format] %2 is not json, long or short").arg(name, format);
        return std::nullopt;
    }
    QString problem;
    if (p.m_system.isEmpty()) problem = QStringLiteral("no [system] section");
    else if (p.m_user.isEmpty()) problem = QStringLiteral("no [user] section");
    else if (!p.m_user.contains(QStringLiteral("{{alert}}"))) problem = QStringLiteral("the [user] section lacks {{alert}}");
    else if (!(p.m_system + p.m_user).contains(QStringLiteral("{{begin}}")) || !p.m_user.contains(QStringLiteral("{{end}}")))
        problem = QStringLiteral("the alert must be enclosed in {{begin}} … {{end}}");
    if (!problem.isEmpty()) {
        if (error) *error = QStringLiteral("prompt %1: %2").arg(name, problem);
        return std::nullopt;
    }
    return p;
}

std::pair<QString, QString> LlmPrompt::markers(const QString &data)
{
    for (;;) {
        quint32 r[4];
        QRandomGenerator::system()->fillRange(r);
        QString tag;
        for (quint32 v : r) tag += QStringLiteral("%1").arg(v, 8, 16, QLatin1Char('0'));
        const QString begin = QStringLiteral("<<<ALERT-DATA-%1 BEGIN>>>").arg(tag);
        const QString end = QStringLiteral("<<<ALERT-DATA-%1 END>>>").arg(tag);
        if (!data.contains(tag)) return {begin, end};
    }
}

LlmPrompt::Rendered LlmPrompt::render(const QString &alertJson, const QString &agentJson, int level, const QString &rule,
                                      const QString &floorRisk) const
{
    Rendered r;
    std::tie(r.begin, r.end) = markers(alertJson + agentJson);
    auto fill = [&](QString t, bool withData) {
        // the data last, so text inside it is never taken for a placeholder
        t.replace(QStringLiteral("{{begin}}"), r.begin);
        t.replace(QStringLiteral("{{end}}"), r.end);
        t.replace(QStringLiteral("{{level}}"), QString::number(level));
        t.replace(QStringLiteral("{{floor}}"), floorRisk);
        const QString ruleText = rule;
        if (!withData) return t;
        // one pass over the template: placeholders replaced left to right, data inserted verbatim
        QString out;
        qsizetype pos = 0;
        static const QStringList keys{QStringLiteral("{{alert}}"), QStringLiteral("{{agent}}"), QStringLiteral("{{rule}}")};
        for (;;) {
            qsizetype best = -1;
            QString key;
            for (const QString &k : keys) {
                const qsizetype i = t.indexOf(k, pos);
                if (i >= 0 && (best < 0 || i < best)) {
                    best = i;
                    key = k;
                }
            }
            if (best < 0) break;
            out += t.mid(pos, best - pos);
            out += key == keys[0] ? alertJson : key == keys[1] ? agentJson : ruleText;
            pos = best + key.size();
        }
        return out + t.mid(pos);
    };
    r.system = fill(m_system, false);
    r.user = fill(m_user, true);
    return r;
}

}  // namespace eos
