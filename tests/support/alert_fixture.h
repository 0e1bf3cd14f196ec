// Test and bench data: alerts inserted with SQL shaped like the ingest writes them (every column of
// resources/migrations/0001_base.sql filled, raw JSON as Wazuh sends it), generated in the database
// with generate_series so 1,000,000 rows take seconds. Header-only: used by tests/ and bench/gui.
//
// Row g (1-based, from `first`) is deterministic: rule index k = g % 10 picks rule id, level,
// description, groups, MITRE ids and whether data.srcip is set (table below); agent = g % agents + 1
// ("001"…); alert_ts = start + g seconds * spacing.
#pragma once

#include "store/migrator.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

namespace eos::test {

struct AlertFixture {
    // k:            0      1      2      3      4      5      6     7     8      9
    // rule id:   5710   5716   5503  31101  31151  60106    550   510  86601    504
    // level:        5      5      5      5     10      3      7     7     12      3
    static QString insertAgentsSql(int agents)
    {
        return QStringLiteral(
                   "INSERT INTO agents (id, name, ip, os, registered, last_seen, agent_version, status_text, groups, "
                   "                    node_name, manager_name) "
                   "SELECT lpad(g::text, 3, '0'), 'host-' || lpad(g::text, 3, '0'), '10.0.' || (g / 250) || '.' || (g % 250), "
                   "       CASE WHEN g % 3 = 0 THEN 'Microsoft Windows Server 2022' ELSE 'Ubuntu 22.04.4 LTS' END, "
                   "       now() - interval '90 days', now() - (g % 7) * interval '1 minute', 'Wazuh v4.14.0', "
                   "       CASE WHEN g % 5 = 0 THEN 'disconnected' ELSE 'active' END, "
                   "       CASE WHEN g % 2 = 0 THEN '[\"default\",\"linux\"]'::jsonb ELSE '[\"default\"]'::jsonb END, "
                   "       'node01', 'wazuh-manager' "
                   "FROM generate_series(1, %1) g ON CONFLICT (id) DO NOTHING")
            .arg(agents);
    }

    // Inserts rows first..first+count-1. startSql: SQL expression for the timestamp of row 0.
    static QString insertAlertsSql(qint64 first, qint64 count, int agents, const QString &startSql = QStringLiteral("now() - interval '20 hours'"),
                                   double spacingSeconds = 0.05)
    {
        return QStringLiteral(
                   "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, ingest_timestamp, state, "
                   "                    alert_ts, agent_name, groups, src_ip, mitre_ids, location) "
                   "SELECT md5('eos-fixture-' || g), a.id, r.rule_id, r.level, r.descr, "
                   "  jsonb_build_object('timestamp', to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"+0000\"'), "
                   "    'id', (extract(epoch FROM ts)::bigint)::text || '.' || g, "
                   "    'rule', jsonb_build_object('level', r.level, 'description', r.descr, 'id', r.rule_id::text, "
                   "            'firedtimes', g % 50 + 1, 'mail', false, 'groups', to_jsonb(string_to_array(r.grps, ',')), "
                   "            'mitre', jsonb_build_object('id', to_jsonb(string_to_array(r.mitre, ',')))), "
                   "    'agent', jsonb_build_object('id', a.id, 'name', 'host-' || a.id, 'ip', '10.0.0.' || (g % 250)), "
                   "    'manager', jsonb_build_object('name', 'wazuh-manager'), "
                   "    'decoder', jsonb_build_object('name', r.decoder), "
                   "    'data', CASE WHEN r.has_ip THEN jsonb_build_object('srcip', ip, 'srcuser', 'user' || (g % 20)) "
                   "                 ELSE '{}'::jsonb END, "
                   "    'full_log', r.descr || ' from ' || COALESCE(ip, 'localhost') || ' seq ' || g, "
                   "    'location', r.loc), "
                   "  ts, 'new', ts, 'host-' || a.id, string_to_array(r.grps, ','), ip, "
                   "  COALESCE(string_to_array(NULLIF(r.mitre, ''), ','), '{}'), r.loc "
                   "FROM generate_series(%1::bigint, %2::bigint) g "
                   "CROSS JOIN LATERAL (SELECT (%5) + (g - %1) * interval '1 second' * %4 AS ts) t "
                   "CROSS JOIN LATERAL (SELECT lpad(((g % %3) + 1)::text, 3, '0') AS id) a "
                   "CROSS JOIN LATERAL (SELECT * FROM (VALUES "
                   "  (0, 5710, 5, 'sshd: Attempt to login using a non-existent user', 'syslog,sshd,authentication_failed,invalid_login', 'T1110.001,T1021.004', true, 'sshd', '/var/log/auth.log'), "
                   "  (1, 5716, 5, 'sshd: authentication failed.', 'syslog,sshd,authentication_failed', 'T1110.001', true, 'sshd', '/var/log/auth.log'), "
                   "  (2, 5503, 5, 'PAM: User login failed.', 'pam,syslog,authentication_failed', 'T1110.001', false, 'pam', '/var/log/auth.log'), "
                   "  (3, 31101, 5, 'Web server 400 error code.', 'web,accesslog,attack', '', true, 'web-accesslog', '/var/log/nginx/access.log'), "
                   "  (4, 31151, 10, 'Multiple web server 400 error codes from same source ip.', 'web,accesslog,web_scan,recon', 'T1595.002', true, 'web-accesslog', '/var/log/nginx/access.log'), "
                   "  (5, 60106, 3, 'Windows logon success.', 'windows,windows_security,authentication_success', 'T1078', false, 'windows_eventchannel', 'EventChannel'), "
                   "  (6, 550, 7, 'Integrity checksum changed.', 'ossec,syscheck,syscheck_entry_modified,syscheck_file', '', false, 'syscheck_integrity_changed', 'syscheck'), "
                   "  (7, 510, 7, 'Host-based anomaly detection event (rootcheck).', 'ossec,rootcheck', '', false, 'rootcheck', 'rootcheck'), "
                   "  (8, 86601, 12, 'Suricata: Alert - ET EXPLOIT Possible Apache log4j RCE Attempt', 'ids,suricata', 'T1190', true, 'json', '/var/log/suricata/eve.json'), "
                   "  (9, 504, 3, 'Wazuh agent disconnected.', 'wazuh,agent_disconnected', '', false, 'ossec', 'wazuh-agent') "
                   "  ) v(k, rule_id, level, descr, grps, mitre, has_ip, decoder, loc) WHERE v.k = g % 10) r "
                   "CROSS JOIN LATERAL (SELECT CASE WHEN r.has_ip THEN '192.168.' || (g % 200) || '.' || (g % 7 + 1) END AS ip) s")
            .arg(first)
            .arg(first + count - 1)
            .arg(agents)
            .arg(spacingSeconds)
            .arg(startSql);
    }

    static bool exec(QSqlDatabase &db, const QString &sql, QString *error)
    {
        QSqlQuery q(db);
        if (!q.exec(sql)) {
            *error = q.lastError().text();
            return false;
        }
        return true;
    }

    static bool migrate(QSqlDatabase &db, QString *error)
    {
        const auto r = Migrator().migrate(db);
        if (!r.ok) *error = r.error;
        return r.ok;
    }
};

}  // namespace eos::test
