// JsonArena: ArenaJson trees built inside a scope take their memory from the thread's kept block (or the heap
// beyond it), serialise exactly as nlohmann's default json does, and scopes hand the thread back its heap.
#include "ingest/json_arena.h"
#include "sample_alerts.h"

#include <QTest>

// (no raw string literals here: moc 6.4 does not find the class after one)

#include <memory_resource>
#include <thread>

using eos::ArenaJson;
using eos::JsonArena;

class TestJsonArena : public QObject {
    Q_OBJECT

    static QList<QByteArray> samples() { return eos::test::sampleAlertLines(); }

private Q_SLOTS:
    void outsideAScopeItIsTheHeap()
    {
        QCOMPARE(JsonArena::current(), std::pmr::new_delete_resource());
        ArenaJson j = ArenaJson::parse("{\"a\":[1,2,{\"b\":\"a string longer than the small-string buffer\"}]}");
        QCOMPARE(j.dump(), std::string("{\"a\":[1,2,{\"b\":\"a string longer than the small-string buffer\"}]}"));
    }

    void aScopeUsesTheThreadsBlockAndEnds()
    {
        {
            JsonArena arena;
            QVERIFY(JsonArena::current() != std::pmr::new_delete_resource());
            ArenaJson j = ArenaJson::parse("{\"rule\":{\"level\":5,\"groups\":[\"a\",\"b\"]}}");
            // the object's members live in the block, not on the heap
            QVERIFY(JsonArena::inThreadBlock(&*j["rule"]["groups"].begin()));
            QCOMPARE(j["rule"]["level"].get<int>(), 5);
        }
        QCOMPARE(JsonArena::current(), std::pmr::new_delete_resource());
    }

    void dumpsAsTheDefaultJson()
    {
        for (const QByteArray &line : samples()) {
            const std::string plain = nlohmann::json::parse(line.begin(), line.end()).dump();
            JsonArena arena;
            const ArenaJson j = ArenaJson::parse(line.begin(), line.end());
            QCOMPARE(j.dump(), plain);
        }
    }

    // a document far bigger than the block goes on in heap blocks, freed when the scope ends
    void beyondTheBlock()
    {
        std::string big = "[";
        for (int i = 0; i < 20000; ++i) big += (i ? "," : "") + std::string("{\"k\":\"value number ") + std::to_string(i) + "\"}";
        big += "]";
        QVERIFY(big.size() > 4 * JsonArena::kBlockBytes);
        JsonArena arena;
        const ArenaJson j = ArenaJson::parse(big);
        QCOMPARE(j.size(), size_t(20000));
        QCOMPARE(j.back()["k"].get<std::string>(), std::string("value number 19999"));
        QCOMPARE(j.dump(), nlohmann::json::parse(big).dump());
    }

    // an inner scope does not take the outer one's block: the outer tree stays intact
    void nestedScopes()
    {
        JsonArena outer;
        ArenaJson a = ArenaJson::parse("{\"outer\":[\"x\",\"y\"]}");
        auto *const outerResource = JsonArena::current();
        {
            JsonArena inner;
            QVERIFY(JsonArena::current() != outerResource);
            const ArenaJson b = ArenaJson::parse("{\"inner\":[1,2,3]}");
            QVERIFY(!JsonArena::inThreadBlock(&*b["inner"].begin()));
            QCOMPARE(b.dump(), std::string("{\"inner\":[1,2,3]}"));
        }
        QCOMPARE(JsonArena::current(), outerResource);
        QCOMPARE(a.dump(), std::string("{\"outer\":[\"x\",\"y\"]}"));
    }

    // each thread has its own block and scope
    void perThread()
    {
        JsonArena here;
        auto *const mine = JsonArena::current();
        bool otherHeapBefore = false, otherScoped = false, ok = false;
        std::thread t([&] {
            otherHeapBefore = JsonArena::current() == std::pmr::new_delete_resource();
            JsonArena there;
            otherScoped = JsonArena::current() != mine && JsonArena::current() != std::pmr::new_delete_resource();
            const ArenaJson j = ArenaJson::parse("{\"t\":[true]}");
            ok = JsonArena::inThreadBlock(&*j["t"].begin()) && j.dump() == "{\"t\":[true]}";
        });
        t.join();
        QVERIFY(otherHeapBefore);
        QVERIFY(otherScoped);
        QVERIFY(ok);
        QCOMPARE(JsonArena::current(), mine);
    }
};

QTEST_GUILESS_MAIN(TestJsonArena)
#include "test_json_arena.moc"
