#include "stages/llm_answer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace eos {
namespace {

const QStringList kRisks{QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high"), QStringLiteral("critical")};
const QStringList kLikelihoods{QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high")};
constexpr int kMaxText = 4000;
constexpr int kMaxItems = 20;

const QRegularExpression &techniqueRe()
{
    static const QRegularExpression re(QStringLiteral("^T\\d{4}(\\.\\d{3})?$"));
    return re;
}

QString clip(QString s)
{
    s = s.trimmed();
    if (s.size() > kMaxText) s = s.left(kMaxText) + QStringLiteral("…");
    return s;
}

// A string or a list of strings as a list of non-empty strings; false if it is neither.
bool stringList(const QJsonValue &v, QJsonArray *out)
{
    if (v.isString()) {
        if (!v.toString().trimmed().isEmpty()) out->append(clip(v.toString()));
        return true;
    }
    if (!v.isArray()) return false;
    for (const QJsonValue &x : v.toArray()) {
        if (out->size() >= kMaxItems) break;
        if (x.isString() && !x.toString().trimmed().isEmpty()) out->append(clip(x.toString()));
        else if (x.isObject()) {  // {"action": "..."} and the like: take the first string in it
            const QJsonObject o = x.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                if (it->isString()) {
                    out->append(clip(it->toString()));
                    break;
                }
        }
    }
    return true;
}

QString stripFences(QString t)
{
    t = t.trimmed();
    if (t.startsWith(QStringLiteral("```"))) {
        const auto nl = t.indexOf(u'\n');
        t = nl < 0 ? QString() : t.mid(nl + 1);
        if (t.trimmed().endsWith(QStringLiteral("```"))) t = t.trimmed().chopped(3);
    }
    return t.trimmed();
}

QJsonArray techniquesIn(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("\\bT\\d{4}(?:\\.\\d{3})?\\b"));
    QJsonArray out;
    QStringList seen;
    auto it = re.globalMatch(text);
    while (it.hasNext() && out.size() < kMaxItems) {
        const QString id = it.next().captured();
        if (!seen.contains(id)) {
            seen << id;
            out.append(id);
        }
    }
    return out;
}

}  // namespace

QString LlmAnswer::riskName(int risk) { return risk >= 0 && risk < kRisks.size() ? kRisks[risk] : QString(); }

int LlmAnswer::riskFromText(const QString &text) { return int(kRisks.indexOf(text.trimmed().toLower())); }

int LlmAnswer::floorForLevel(int ruleLevel)
{
    if (ruleLevel >= 15) return 3;
    if (ruleLevel >= 12) return 2;
    if (ruleLevel >= 8) return 1;
    return 0;
}

QStringList LlmAnswer::longSections()
{
    return {QStringLiteral("Summary"), QStringLiteral("What happened"), QStringLiteral("Further investigation"),
            QStringLiteral("What to do"), QStringLiteral("How to check"), QStringLiteral("How to prevent this in future"),
            QStringLiteral("What to ask next")};
}

void LlmAnswer::applyFloor(int ruleLevel)
{
    const int floor = floorForLevel(ruleLevel);
    risk = std::max(modelRisk, floor);
    raisedToFloor = modelRisk >= 0 && modelRisk < floor;
    answer.insert(QStringLiteral("risk"), riskName(risk));
    answer.insert(QStringLiteral("model_risk"), modelRisk >= 0 ? QJsonValue(riskName(modelRisk)) : QJsonValue());
    answer.insert(QStringLiteral("risk_floor"), riskName(floor));
    answer.insert(QStringLiteral("raised_to_floor"), raisedToFloor);
    answer.insert(QStringLiteral("valid"), valid);
    if (!valid) answer.insert(QStringLiteral("error"), error);
}

LlmAnswer LlmAnswer::fromJson(const QString &content, int ruleLevel)
{
    LlmAnswer a;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(stripFences(content).toUtf8(), &pe);
    if (pe.error != QJsonParseError::NoError) return freeText(content, ruleLevel, QStringLiteral("not JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset));
    if (!doc.isObject()) return freeText(content, ruleLevel, QStringLiteral("the answer is not a JSON object"));
    const QJsonObject o = doc.object();
    QStringList problems;
    QJsonObject n{{QStringLiteral("format"), QStringLiteral("json")}};

    auto text = [&](const char *key) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isString() || v.toString().trimmed().isEmpty()) problems << QStringLiteral("\"%1\" must be a non-empty string").arg(QLatin1String(key));
        else n.insert(QLatin1String(key), clip(v.toString()));
    };
    text("summary");
    text("what_happened");

    const QJsonValue r = o.value(QStringLiteral("risk"));
    a.modelRisk = r.isString() ? riskFromText(r.toString()) : -1;
    if (a.modelRisk < 0) problems << QStringLiteral("\"risk\" must be one of low, medium, high, critical");

    const QJsonValue fp = o.value(QStringLiteral("false_positive"));
    if (!fp.isObject()) {
        problems << QStringLiteral("\"false_positive\" must be an object {likelihood, confidence}");
    } else {
        const QJsonObject f = fp.toObject();
        const QString lk = f.value(QStringLiteral("likelihood")).toString().trimmed().toLower();
        QJsonValue cv = f.value(QStringLiteral("confidence"));
        double conf = cv.isDouble() ? cv.toDouble() : cv.isString() ? cv.toString().toDouble() : -1;
        if (conf > 1 && conf <= 100) conf /= 100.0;  // "85" meant 85 %
        if (!kLikelihoods.contains(lk)) problems << QStringLiteral("\"false_positive.likelihood\" must be low, medium or high");
        if (conf < 0 || conf > 1) problems << QStringLiteral("\"false_positive.confidence\" must be a number from 0 to 1");
        n.insert(QStringLiteral("false_positive"), QJsonObject{{QStringLiteral("likelihood"), lk}, {QStringLiteral("confidence"), std::clamp(conf, 0.0, 1.0)}});
    }

    QJsonArray mitre;
    const QJsonValue mv = o.value(QStringLiteral("mitre_techniques"));
    QJsonArray rawMitre;
    if (!stringList(mv, &rawMitre)) problems << QStringLiteral("\"mitre_techniques\" must be a list of technique ids");
    QJsonArray dropped;
    for (const QJsonValue &v : rawMitre) {
        const QString id = v.toString().trimmed().toUpper();
        if (techniqueRe().match(id).hasMatch()) {
            if (!mitre.contains(id)) mitre.append(id);
        } else {
            dropped.append(v);
        }
    }
    n.insert(QStringLiteral("mitre_techniques"), mitre);
    if (!dropped.isEmpty()) n.insert(QStringLiteral("mitre_dropped"), dropped);

    for (const char *key : {"recommended_actions", "how_to_check"}) {
        QJsonArray list;
        if (!stringList(o.value(QLatin1String(key)), &list)) problems << QStringLiteral("\"%1\" must be a list of strings").arg(QLatin1String(key));
        n.insert(QLatin1String(key), list);
    }

    if (!problems.isEmpty()) {
        LlmAnswer bad = freeText(content, ruleLevel, problems.join(QStringLiteral("; ")));
        // keep what was usable, so the console still shows it
        for (auto it = n.begin(); it != n.end(); ++it)
            if (!bad.answer.contains(it.key())) bad.answer.insert(it.key(), it.value());
        if (n.contains(QStringLiteral("summary"))) {
            bad.summary = n.value(QStringLiteral("summary")).toString();
            bad.answer.insert(QStringLiteral("summary"), bad.summary);
        }
        bad.modelRisk = a.modelRisk;
        bad.applyFloor(ruleLevel);
        return bad;
    }
    a.valid = true;
    a.answer = n;
    a.summary = n.value(QStringLiteral("summary")).toString();
    a.applyFloor(ruleLevel);
    return a;
}

LlmAnswer LlmAnswer::fromLong(const QString &content, int ruleLevel)
{
    LlmAnswer a;
    const QStringList names = longSections();
    // headings at the start of a line, optionally bold/hashed ("**Summary:**", "## Summary:")
    QStringList alternatives;
    for (const QString &s : names) alternatives << QRegularExpression::escape(s);
    const QRegularExpression re(QStringLiteral("^[#*_\\s]*(%1)[*_\\s]*(?::[*_\\s]*(.*))?$").arg(alternatives.join(u'|')),
                                QRegularExpression::CaseInsensitiveOption);
    QJsonArray sections;
    QString current, body;
    auto flush = [&] {
        if (!current.isEmpty()) sections.append(QJsonObject{{QStringLiteral("title"), current}, {QStringLiteral("text"), clip(body)}});
    };
    for (QString line : content.split(u'\n')) {
        if (line.endsWith(u'\r')) line.chop(1);
        const auto m = re.match(line);
        if (m.hasMatch()) {
            flush();
            current = m.captured(1);
            for (const QString &s : names)
                if (s.compare(current, Qt::CaseInsensitive) == 0) current = s;
            body = m.captured(2);
        } else if (!current.isEmpty()) {
            body += (body.isEmpty() ? QString() : QStringLiteral("\n")) + line;
        }
    }
    flush();
    a.answer = QJsonObject{{QStringLiteral("format"), QStringLiteral("long")}, {QStringLiteral("sections"), sections},
                           {QStringLiteral("text"), clip(content)}, {QStringLiteral("mitre_techniques"), techniquesIn(content)}};
    for (const QJsonValue &v : sections)
        if (v.toObject().value(QStringLiteral("title")).toString() == names[0]) a.summary = v.toObject().value(QStringLiteral("text")).toString();
    a.valid = !a.summary.isEmpty();
    if (!a.valid) {
        a.error = QStringLiteral("no \"Summary:\" section");
        a.summary = clip(content).left(300);
    }
    a.answer.insert(QStringLiteral("summary"), a.summary);
    a.applyFloor(ruleLevel);
    return a;
}

LlmAnswer LlmAnswer::fromShort(const QString &content, int ruleLevel)
{
    LlmAnswer a;
    static const QRegularExpression re(QStringLiteral("^\\s*\\**\\[(LOW|MEDIUM|HIGH) RISK - [^\\]]*\\]\\**\\s*"),
                                       QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(content);
    const QString text = clip(m.hasMatch() ? content.mid(m.capturedEnd()) : content);
    a.summary = text.section(QStringLiteral("\n\n"), 0, 0).trimmed();
    a.modelRisk = m.hasMatch() ? riskFromText(m.captured(1)) : -1;
    const int words = int(content.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts).size());
    a.valid = m.hasMatch() && words <= 330;  // "under 300 words", with a little slack for the prefix
    if (!m.hasMatch()) a.error = QStringLiteral("no risk prefix");
    else if (!a.valid) a.error = QStringLiteral("%1 words (asked for under 300)").arg(words);
    a.answer = QJsonObject{{QStringLiteral("format"), QStringLiteral("short")}, {QStringLiteral("summary"), a.summary},
                           {QStringLiteral("text"), clip(content)}, {QStringLiteral("mitre_techniques"), techniquesIn(content)}};
    a.applyFloor(ruleLevel);
    return a;
}

LlmAnswer LlmAnswer::freeText(const QString &content, int ruleLevel, const QString &error)
{
    LlmAnswer a;
    a.valid = false;
    a.error = error;
    const QString text = clip(content);
    a.summary = text.left(300);
    a.answer = QJsonObject{{QStringLiteral("format"), QStringLiteral("text")}, {QStringLiteral("text"), text},
                           {QStringLiteral("summary"), a.summary}};
    a.applyFloor(ruleLevel);
    return a;
}

QString LlmAnswer::toText(const QJsonObject &a)
{
    const QString format = a.value(QStringLiteral("format")).toString();
    if (format != QLatin1String("json")) return a.value(QStringLiteral("text")).toString();
    QString out;
    auto section = [&out](const QString &title, const QString &body) {
        if (body.trimmed().isEmpty()) return;
        if (!out.isEmpty()) out += QStringLiteral("\n\n");
        out += title + QStringLiteral(":\n") + body.trimmed();
    };
    auto bullets = [](const QJsonValue &v) {
        QStringList lines;
        for (const QJsonValue &x : v.toArray()) lines << QStringLiteral("- ") + x.toString();
        return lines.join(u'\n');
    };
    section(QStringLiteral("Summary"), a.value(QStringLiteral("summary")).toString());
    section(QStringLiteral("What happened"), a.value(QStringLiteral("what_happened")).toString());
    QString risk = QStringLiteral("Risk: %1").arg(a.value(QStringLiteral("risk")).toString());
    if (a.value(QStringLiteral("raised_to_floor")).toBool())
        risk += QStringLiteral(" (the model said %1; raised to the rule level's floor)").arg(a.value(QStringLiteral("model_risk")).toString());
    const QJsonObject fp = a.value(QStringLiteral("false_positive")).toObject();
    if (!fp.isEmpty())
        risk += QStringLiteral("\nFalse positive: %1 likelihood (confidence %2 %)")
                    .arg(fp.value(QStringLiteral("likelihood")).toString())
                    .arg(qRound(fp.value(QStringLiteral("confidence")).toDouble() * 100));
    QStringList ids;
    for (const QJsonValue &v : a.value(QStringLiteral("mitre_techniques")).toArray()) ids << v.toString();
    if (!ids.isEmpty()) risk += QStringLiteral("\nMITRE ATT&CK: ") + ids.join(QStringLiteral(", "));
    section(QStringLiteral("Further investigation"), risk);
    section(QStringLiteral("What to do"), bullets(a.value(QStringLiteral("recommended_actions"))));
    section(QStringLiteral("How to check"), bullets(a.value(QStringLiteral("how_to_check"))));
    if (!a.value(QStringLiteral("valid")).toBool(true) && a.contains(QStringLiteral("text")))
        section(QStringLiteral("Model answer (not in the requested format)"), a.value(QStringLiteral("text")).toString());
    return out;
}

}  // namespace eos
