// libFuzzer target: the env-file parsers. The console's Config::parseEnvText and eos-forward's plain C++
// ForwardEnv::parse read the same files: neither may crash, and for UTF-8 text they must agree on every
// key and value.
#include "core/config.h"
#include "forward_env.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    const auto forward = eos::forward::ForwardEnv::parse(text);
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString decoded = QString::fromUtf8(bytes);
    const auto console = eos::Config::parseEnvText(decoded, QStringLiteral("fuzz"), nullptr);
    // compare only for plain printable ASCII without NUL or lone CR (where both read lines the same way)
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x80 || (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return 0;
    if (int(forward.size()) != console.size()) std::abort();
    for (const auto &[k, v] : forward) {
        const auto it = console.constFind(QString::fromStdString(k));
        if (it == console.cend() || it->toStdString() != v) std::abort();
    }
    return 0;
}
