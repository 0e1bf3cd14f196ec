// libFuzzer target: the email template parser (EmailTemplate::parse, EOS_EMAIL_TEMPLATE; Python's
// string.Template syntax) and rendering. Input: the template's bytes as UTF-8. Must never crash; a refusal
// names the file and a line within the text; an accepted template renders a hostile alert with every value
// escaped: no '<' from a value reaches the output (so the output has no more '<' than the template's text), and a value inside a tag never yields a javascript: URL.
#include "clients/email_template.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    eos::EmailTemplate::Error error;
    const auto t = eos::EmailTemplate::parse(text, QStringLiteral("fuzz.html"), &error);
    if (!t) {
        if (error.file != QLatin1String("fuzz.html") || error.line < 1 || error.line > text.count(u'\n') + 1) std::abort();
        return 0;
    }
    static const QString hostile = QStringLiteral("<script>alert(1)</script>\"' & java\tscript:x");
    eos::EmailTemplate::Values v;
    for (const QString &name : eos::EmailTemplate::names()) v.text.insert(name, hostile);
    v.alert = QJsonDocument::fromJson(QByteArray(
        R"j({"rule":{"id":"5712","level":10,"description":"<b>x</b>","groups":["a<","b"]},"data":{"url":"javascript:alert(1)","list":[1,"<i>",{"x":1}]},"agent":{"name":"' onmouseover='x"}})j")).object();
    const QString out = t->render(v);
    if (out.count(u'<') > text.count(u'<')) std::abort();
    if (out.contains(QLatin1String("<script>")) && !text.contains(QLatin1String("<script>"))) std::abort();
    (void)t->usedNames();
    return 0;
}
