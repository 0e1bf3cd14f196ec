// LlmAnswer: what the model answered, validated and made safe to store and show.
//  - JSON presets: the object must have summary, what_happened, risk (low|medium|high|critical),
//    false_positive {likelihood low|medium|high, confidence 0..1}, mitre_techniques (Tnnnn[.nnn]),
//    recommended_actions and how_to_check (lists of strings; a single string is taken as a list of one).
//    Code fences around the object are tolerated; anything else missing or wrong makes it invalid with a
//    message that is sent back to the model once.
//  - Text presets: "long" is split into the older pipeline's seven sections; "short" must start with
//    one of its three risk prefixes.
//  - The risk floor: the rule level implies a lowest risk (level >= 15 critical, >= 12 high, >= 8
//    medium, else low); a model's lower rating is raised to it and the answer says so. An answer
//    without a usable risk gets the floor.
// The normalised answer (a JSON object) is what the console renders: nothing in it is ever executed;
// recommended actions are suggestions for the analyst.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace eos {

class LlmAnswer {
public:
    // 0 low, 1 medium, 2 high, 3 critical; -1 unknown
    static QString riskName(int risk);
    static int riskFromText(const QString &text);
    static int floorForLevel(int ruleLevel);
    static QStringList longSections();

    bool valid = false;       // followed the requested format
    QString error;            // why not
    QJsonObject answer;       // normalised (see above), also for invalid answers (free text, flagged)
    QString summary;          // for lists and the older response_text readers
    int modelRisk = -1;       // as the model rated it
    int risk = -1;            // after the floor
    bool raisedToFloor = false;

    static LlmAnswer fromJson(const QString &content, int ruleLevel);
    static LlmAnswer fromLong(const QString &content, int ruleLevel);
    static LlmAnswer fromShort(const QString &content, int ruleLevel);
    // Stored as free text and flagged: the model's text could not be used as asked (error says why).
    static LlmAnswer freeText(const QString &content, int ruleLevel, const QString &error);
    // A normalised answer as plain text in the older pipeline's sections (Summary:, What happened:, …):
    // response_text, the email, "copy as text".
    static QString toText(const QJsonObject &answer);

private:
    void applyFloor(int ruleLevel);
};

}  // namespace eos
