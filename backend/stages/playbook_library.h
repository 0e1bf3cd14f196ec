// Response playbooks: Markdown files with a small front-matter header saying which alerts they apply to
// and which remediation actions they offer as buttons.
//
//   ---
//   id: ssh-brute-force                      (default: the file name without .md)
//   title: SSH brute force
//   rule_ids: 5710, 5712, 5720, 5763          any equal to rule.id
//   groups: authentication_failures, sshd     any equal to one of rule.groups
//   level: 5-15                               rule.level in the range ("10" = 10 and above)
//   actions: block-ip, disable-account        "restart" or EOS_AR_COMMANDS ids
//   ---
//   # Markdown body…
//
// A playbook matches when its level range holds and, if it names rule ids or groups, one of them matches
// (rule ids or groups: either is enough). The synthetic agent-disconnected alert is rule 100900.
// Shipped playbooks are embedded (:/playbooks/*.md, resources/playbooks/); EOS_PLAYBOOK_DIR adds the
// *.md files of a directory, and a user file with the same id replaces the shipped one. A malformed file
// is reported as "path:line: what" and skipped; the others still load.
#pragma once

#include "core/config.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace eos {

class PlaybookLibrary {
public:
    struct Playbook {
        QString id;
        QString title;
        QString path;           // where it came from (":/playbooks/ssh-brute-force.md" or a user file)
        bool builtIn = true;
        QStringList ruleIds;
        QStringList groups;
        int minLevel = 0;
        int maxLevel = 16;
        QStringList actions;
        QString markdown;       // the body, without the front matter
        bool matches(const QJsonObject &alert) const;
    };

    PlaybookLibrary() = default;
    // builtInDir: ":/playbooks" in the product; userDir: EOS_PLAYBOOK_DIR (may be empty).
    static PlaybookLibrary load(const QString &builtInDir, const QString &userDir);
    static PlaybookLibrary fromConfig(const Config &config);
    // Parses one file's text; false with *error "path:line: what".
    static bool parse(const QString &text, const QString &path, Playbook *out, QString *error);

    const QList<Playbook> &playbooks() const { return m_playbooks; }
    const QStringList &errors() const { return m_errors; }  // one "path:line: what" per skipped file
    QList<Playbook> matching(const QJsonObject &alert) const;
    const Playbook *find(const QString &id) const;

private:
    void addDirectory(const QString &dir, bool builtIn);
    QList<Playbook> m_playbooks;
    QStringList m_errors;
};

}  // namespace eos
