// libFuzzer target: the response playbook parser (PlaybookLibrary::parse: Markdown with a front-matter
// header, resources/playbooks/*.md and EOS_PLAYBOOK_DIR). Input: the file's bytes as UTF-8. Must never
// crash; a refusal says "path:line: what"; an accepted playbook has a title and a level range within 0-16.
#include "stages/playbook_library.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    eos::PlaybookLibrary::Playbook p;
    QString error;
    if (!eos::PlaybookLibrary::parse(text, QStringLiteral("fuzz.md"), &p, &error)) {
        if (!error.startsWith(QStringLiteral("fuzz.md"))) std::abort();
        return 0;
    }
    if (p.title.isEmpty() || p.minLevel < 0 || p.maxLevel > 16 || p.minLevel > p.maxLevel) std::abort();
    static const QJsonObject alert = QJsonDocument::fromJson(QByteArrayLiteral(
        R"({"rule":{"id":"5712","level":10,"groups":["sshd","authentication_failures"]},"location":"/var/log/secure"})")).object();
    (void)p.matches(alert);
    return 0;
}
