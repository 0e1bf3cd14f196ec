// JsonTreeModel: one alert's JSON as a tree with field paths and "filter on this value" terms.
#include "alert_filter.h"
#include "json_tree_model.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QTest>

using namespace eos;

class TestJsonTreeModel : public QObject {
    Q_OBJECT
private:
    static QByteArray sample()
    {
        QFile f(QStringLiteral(EOS_TEST_DATA_DIR "/sample_alert_mitre.json"));
        if (!f.open(QIODevice::ReadOnly)) qFatal("missing test data");
        return f.readAll();
    }

private Q_SLOTS:
    void pathsAndValues()
    {
        JsonTreeModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QString err;
        QVERIFY2(m.setJson(sample(), &err), qPrintable(err));
        QVERIFY(m.rowCount() >= 10);

        const QModelIndex mitre0 = m.indexForPath(QStringLiteral("rule.mitre.id[0]"));
        QVERIFY(mitre0.isValid());
        QCOMPARE(m.data(mitre0, JsonTreeModel::PathRole).toString(), QStringLiteral("rule.mitre.id[0]"));
        QCOMPARE(m.data(mitre0, Qt::DisplayRole).toString(), QStringLiteral("[0]"));
        QCOMPARE(m.data(mitre0.siblingAtColumn(JsonTreeModel::ValueColumn)).toString(), QStringLiteral("T1110"));
        QCOMPARE(m.data(mitre0, JsonTreeModel::FilterTermRole).toString(), QStringLiteral("mitre:T1110"));
        // walk up: [0] -> id -> mitre -> rule -> root
        QCOMPARE(m.data(mitre0.parent(), JsonTreeModel::PathRole).toString(), QStringLiteral("rule.mitre.id"));
        QCOMPARE(m.data(mitre0.parent().parent().parent(), JsonTreeModel::PathRole).toString(), QStringLiteral("rule"));
        QVERIFY(!mitre0.parent().parent().parent().parent().isValid());
        QVERIFY(m.data(mitre0.parent(), JsonTreeModel::IsContainerRole).toBool());
        QCOMPARE(m.data(mitre0.parent().siblingAtColumn(1)).toString(), QStringLiteral("[2 item(s)]"));

        const QModelIndex level = m.indexForPath(QStringLiteral("rule.level"));
        QCOMPARE(m.data(level, JsonTreeModel::ValueTextRole).toString(), QStringLiteral("10"));
        QCOMPARE(m.data(level, JsonTreeModel::FilterTermRole).toString(), QStringLiteral("level:10"));
        QCOMPARE(m.data(m.indexForPath(QStringLiteral("rule.id")), JsonTreeModel::FilterTermRole).toString(),
                 QStringLiteral("rule:5712"));
        QCOMPARE(m.data(m.indexForPath(QStringLiteral("data.srcip")), JsonTreeModel::FilterTermRole).toString(),
                 QStringLiteral("srcip:54.10.24.5"));
        const QModelIndex log = m.indexForPath(QStringLiteral("full_log"));
        QVERIFY(log.isValid());
        // a term for an unindexed field parses as a field filter on the same value
        const QString term = m.data(log, JsonTreeModel::FilterTermRole).toString();
        QString err2;
        const auto f = AlertFilter::parse(term, &err2);
        QVERIFY2(f, qPrintable(err2));
        QCOMPARE(f->fields.size(), 1);
        QCOMPARE(f->fields.first().path, QStringLiteral("full_log"));
        QCOMPARE(f->fields.first().values, QStringList{m.data(log, JsonTreeModel::ValueTextRole).toString()});
        // containers have no filter term
        QVERIFY(m.data(m.indexForPath(QStringLiteral("rule")), JsonTreeModel::FilterTermRole).toString().isEmpty());
        QVERIFY(!m.indexForPath(QStringLiteral("rule.nothing")).isValid());
    }

    void oddKeysAreQuoted()
    {
        JsonTreeModel m;
        QVERIFY(m.setJson(R"({"a":{"b c":{"d.e":[1,{"x":true}]}},"n":null})"));
        const QModelIndex x = m.indexForPath(QStringLiteral("a[\"b c\"][\"d.e\"][1].x"));
        QVERIFY(x.isValid());
        QCOMPARE(m.data(x.siblingAtColumn(1)).toString(), QStringLiteral("true"));
        QCOMPARE(m.data(m.indexForPath(QStringLiteral("n")).siblingAtColumn(1)).toString(), QStringLiteral("null"));
        QVERIFY(m.data(m.indexForPath(QStringLiteral("n")), JsonTreeModel::FilterTermRole).toString().isEmpty());
    }

    void badJson()
    {
        JsonTreeModel m;
        QVERIFY(m.setJson(R"({"a":1})"));
        QString err;
        QVERIFY(!m.setJson("{not json", &err));
        QVERIFY(!err.isEmpty());
        QCOMPARE(m.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestJsonTreeModel)
#include "test_json_tree_model.moc"
