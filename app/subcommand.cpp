#include "subcommand.h"

#include "core/logging.h"

namespace eos {
namespace {

std::vector<char *> withoutSubcommand(int argc, char **argv)
{
    std::vector<char *> args{argv[0]};
    for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
    return args;
}

}  // namespace

Subcommand::Subcommand(int argc, char **argv, const QString &name, const QString &description)
    : m_args(withoutSubcommand(argc, argv)),
      m_argc(int(m_args.size())),
      m_app(m_argc, m_args.data()),
      m_configOpt(QStringLiteral("config"), QCoreApplication::translate("subcommand", "Read configuration from <file>."),
                  QStringLiteral("file"))
{
    QCoreApplication::setApplicationName(name);
    QCoreApplication::setApplicationVersion(QStringLiteral(EOS_VERSION));
    m_parser.setApplicationDescription(description);
    m_parser.addHelpOption();
    m_parser.addOption(m_configOpt);
}

Subcommand::Parsed Subcommand::parse(bool allowPositional)
{
    if (!m_parser.parse(QCoreApplication::arguments())) {
        m_error = m_parser.errorText();
        return Parsed::Error;
    }
    if (m_parser.isSet(QStringLiteral("help"))) return Parsed::Help;
    if (!allowPositional && !m_parser.positionalArguments().isEmpty()) {
        m_error = QStringLiteral("unexpected argument %1").arg(m_parser.positionalArguments().first());
        return Parsed::Error;
    }
    return Parsed::Run;
}

std::optional<Config> Subcommand::loadConfig(QString *error) const
{
    Config::LoadOptions lo;
    lo.mode = Config::Mode::Tool;
    lo.explicitFile = m_parser.value(m_configOpt);
    auto config = Config::load(lo, error);
    if (config) Logging::addSecrets(config->secretValues());
    return config;
}

}  // namespace eos
