// eos-test-cluster start|stop DIR: the ctest fixture that runs one throwaway PostgreSQL cluster for the
// whole test run, with the same EmbeddedCluster code the app uses. It also listens on a loopback TCP
// port (written to DIR/port) so tests can reach it as an external PG_DSN.
#include "store/embedded_cluster.h"
#include "core/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTcpServer>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: eos-test-cluster start|stop DIR\n");
        return 2;
    }
    const QString cmd = QString::fromLocal8Bit(argv[1]), dir = QString::fromLocal8Bit(argv[2]);
    eos::Logging::init(QStringLiteral("info"), eos::Logging::Format::Text);
    eos::EmbeddedCluster::Options o;
    o.dataDir = dir;
    o.throwaway = true;
    o.databaseName = QStringLiteral("postgres");
    QString err;
    if (cmd == QLatin1String("start")) {
        QDir(dir).removeRecursively();
        QDir().mkpath(dir);
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        o.tcpPort = probe.serverPort();
        probe.close();
        eos::EmbeddedCluster c(o);
        if (!c.start(&err)) {
            std::fprintf(stderr, "eos-test-cluster: %s\n", qPrintable(err));
            return 1;
        }
        QFile f(dir + QStringLiteral("/port"));
        f.open(QIODevice::WriteOnly);
        f.write(QByteArray::number(o.tcpPort));
        c.detach();
        std::printf("test cluster running in %s (port %d)\n", qPrintable(dir), o.tcpPort);
        return 0;
    }
    if (cmd == QLatin1String("stop")) {
        // nothing running there (never started, or stopped already): nothing to stop, and no new cluster made
        // just to stop it
        if (!QFile::exists(dir + QStringLiteral("/pgdata/postmaster.pid"))) {
            std::printf("no test cluster running in %s\n", qPrintable(dir));
            QDir(dir).removeRecursively();
            return 0;
        }
        QFile f(dir + QStringLiteral("/port"));
        if (f.open(QIODevice::ReadOnly)) o.tcpPort = f.readAll().toInt();
        eos::EmbeddedCluster c(o);
        if (!c.start(&err) || !c.stop(&err)) {
            std::fprintf(stderr, "eos-test-cluster: %s\n", qPrintable(err));
            return 1;
        }
        QDir(dir).removeRecursively();  // a throwaway: its ~80 MB would stay in /tmp after every run
        return 0;
    }
    std::fprintf(stderr, "usage: eos-test-cluster start|stop DIR\n");
    return 2;
}
