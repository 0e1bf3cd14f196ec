#include "console_session.h"

#include "store/database.h"
#include "core/logging.h"
#include "stages/pipeline.h"
#include "triage_store.h"

namespace eos {

ConsoleSession::ConsoleSession(Config config, QObject *parent) : QObject(parent), m_config(std::move(config)) {}

ConsoleSession::~ConsoleSession() { close(); }

bool ConsoleSession::pipelineEnabled() const
{
    const QString v = m_config.value(QStringLiteral("EOS_PIPELINE")).toLower();
    return v != QLatin1String("off") && v != QLatin1String("0") && v != QLatin1String("false");
}

bool ConsoleSession::open(QString *error)
{
    m_db = std::make_unique<Database>();
    if (!m_db->open(m_config, error)) {
        m_db.reset();
        return false;
    }
    if (pipelineEnabled()) {
        m_pipeline = std::make_unique<Pipeline>(m_config, m_db->connectionInfo(), Database::dataDir(m_config));
        // The console stays useful without its own pipeline (e.g. a daemon on this host already holds
        // the listener port): open anyway and say why in the status bar.
        if (!m_pipeline->start(&m_pipelineError)) {
            Logging::get("pipeline")->error("the embedded pipeline is not running: {}", s(m_pipelineError));
            m_pipeline.reset();
        }
    }
    return true;
}

void ConsoleSession::close()
{
    m_pipeline.reset();
    m_db.reset();
}

bool ConsoleSession::pipelineRunning() const { return m_pipeline && m_pipeline->isRunning(); }
bool ConsoleSession::isEmbeddedDatabase() const { return m_db && m_db->isEmbedded(); }
QString ConsoleSession::databaseDescription() const { return m_db ? m_db->connectionInfo().describe() : QString(); }
int ConsoleSession::schemaVersion() const { return m_db ? m_db->schemaVersion() : 0; }
DbConnectionInfo ConsoleSession::connectionInfo() const { return m_db ? m_db->connectionInfo() : DbConnectionInfo(); }
QString ConsoleSession::analystName() const { return TriageStore::actorFromConfig(m_config); }

}  // namespace eos
