// FilterTokenizer: the console's filter-bar text cut into terms, for AlertFilter. A term is a quoted
// phrase ("failed password"), a key with its operator and value (level>=10, agent:001,002,
// data.win.eventdata.targetUserName:"x y"), or a bare word; a leading "-" excludes it. Keys that are
// JSON paths keep their case, the others are lower-cased. Quotes may hold spaces and commas; \" escapes.
// Errors (an unterminated quote, a lone "-") name the position.
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace eos {

class FilterTokenizer {
public:
    struct Token {
        QString key;    // empty = free text (or an operator word)
        QString op;     // ":", ">=", "<=", ">", "<", "="
        QString value;
        bool quoted = false;
        bool minus = false;  // written with a leading "-"
        int pos = 0;
        int end = 0;         // one past the token's last character
    };

    static std::optional<QList<Token>> tokenize(const QString &text, QString *error, int *errorPos = nullptr);
    // A JSON path as the filter writes it: data.win.eventdata.targetUserName, rule.groups[0] (a regex)
    static const QString &pathPattern();
};

}  // namespace eos
