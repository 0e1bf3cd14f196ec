// LlmPrompt: a prompt preset (resources/prompts/NAME.prompt, shipped in the binary) or a file named by
// LLM_PROMPT_FILE, rendered for one alert. The file has sections [format] (json, long or short),
// [system] and [user] with placeholders {{begin}} {{end}} {{alert}} {{agent}} {{level}} {{rule}}
// {{floor}}. Alert content is attacker-controlled: it goes only into {{alert}}/{{agent}}, between
// per-request markers nobody can guess (128 random bits), and the system prompt says it is data.
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace eos {

class LlmPrompt {
public:
    enum class Format { Json, Long, Short };

    // The shipped presets: structured (JSON, the default), long, short.
    static QStringList presets();
    // A preset name, or a path to a prompt file. nullopt with *error when it cannot be read or lacks a
    // section.
    static std::optional<LlmPrompt> load(const QString &presetOrFile, QString *error);
    static std::optional<LlmPrompt> parse(const QString &text, const QString &name, QString *error);

    QString name() const { return m_name; }
    Format format() const { return m_format; }
    bool wantsJson() const { return m_format == Format::Json; }

    struct Rendered {
        QString system;
        QString user;
        QString begin, end;  // the markers used
    };
    // alertJson and agentJson must already be redacted. floorRisk: "low".."critical".
    Rendered render(const QString &alertJson, const QString &agentJson, int level, const QString &rule,
                    const QString &floorRisk) const;
    // A fresh marker pair that occurs nowhere in `data`.
    static std::pair<QString, QString> markers(const QString &data);

private:
    QString m_name;
    Format m_format = Format::Json;
    QString m_system;
    QString m_user;
};

}  // namespace eos
