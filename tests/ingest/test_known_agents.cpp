// KnownAgents: a batch upserts only the agents not upserted lately, changed since (name or IP), or older than
// a minute; one alert per agent; forgotten on clear().
#include "ingest/known_agents.h"

#include <QTest>

using namespace eos;

namespace {
AlertRecord agentAlert(const char *id, const char *name, const char *ip = "")
{
    AlertRecord a;
    a.agentId = QLatin1String(id);
    a.agentName = QLatin1String(name);
    a.agentIp = QLatin1String(ip);
    return a;
}
QStringList ids(const std::vector<const AlertRecord *> &v)
{
    QStringList out;
    for (const auto *a : v) out << a->agentId + u'/' + a->agentName;
    return out;
}
}  // namespace

class TestKnownAgents : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void upsertsOnlyWhatIsNewChangedOrOld()
    {
        const AlertRecord a1 = agentAlert("001", "web"), a1again = agentAlert("001", "web"), b = agentAlert("002", "db", "10.0.0.2");
        KnownAgents known;
        // nothing known: each agent once, the first alert of each
        QCOMPARE(ids(known.toUpsert({&a1, &a1again, &b}, 1000)), (QStringList{"001/web", "002/db"}));
        known.remember({&a1, &b}, 1000);
        QVERIFY(known.toUpsert({&a1, &a1again, &b}, 2000).empty());
        // a changed name or IP goes again
        const AlertRecord renamed = agentAlert("001", "web-2"), moved = agentAlert("002", "db", "10.0.0.3");
        QCOMPARE(ids(known.toUpsert({&a1, &renamed, &moved}, 3000)), (QStringList{"001/web-2", "002/db"}));
        // older than a minute: refreshed
        QVERIFY(known.toUpsert({&a1}, 1000 + KnownAgents::kRefreshMs).empty());
        QCOMPARE(ids(known.toUpsert({&a1}, 1001 + KnownAgents::kRefreshMs)), QStringList{"001/web"});
        // forgotten after a failure
        known.clear();
        QCOMPARE(ids(known.toUpsert({&b}, 2000)), QStringList{"002/db"});
    }
};

QTEST_GUILESS_MAIN(TestKnownAgents)
#include "test_known_agents.moc"
