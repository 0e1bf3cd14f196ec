<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>AlertCells</name>
    <message>
        <source>%1, assigned to %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rule</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Source IP</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Groups</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MITRE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Risk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Assignee</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MITRE ATT&amp;CK technique ids; hover a cell for their names</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not sortable</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>AlertHandoff</name>
    <message>
        <source>Level %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rule %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rule %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Agent %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Source IP %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>AlertLabels</name>
    <message>
        <source>New</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Agent enriched</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Summarized</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Archived</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>False positive</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Escalated</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PipelineStatusText</name>
    <message>
        <source>Database unreachable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 alerts/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 · spool: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rejected (1 min): none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 ×%2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rejected (1 min): %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no WEBHOOK_AUTH_TOKEN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ingest runs elsewhere (EOS_PIPELINE_STAGES)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This console runs no pipeline (EOS_PIPELINE=off): it shows what the daemons on this database do.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This console runs the pipeline.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This console's pipeline is not running: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>this console</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 on %2 (pid %3)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: listener %2; stages: %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Listener: unknown (database unreachable)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Listener %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Listener %1 (%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> +%1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>port taken</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>pipeline failed to start</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>starting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>pipeline off, no daemon on this database</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Listener not running: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stages: none running</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Backlog: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alerts waiting per pipeline stage (from the database):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: %2 waiting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: not running (%2 waiting)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>The database is not reachable.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>unterminated quote at position %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"%1" needs a value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"%1": use %2:value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"%1": the range is empty</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"%1": a rule id is a number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"%1": expected a date like 2024-01-31 or 2024-01-31T08:00 (optionally with Z or +02:00)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"%1": expected a duration like 30s, 15m, 2h, 7d or 1w</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"%1": a state is one of %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"%1": triage is one of %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"%1": expected field:path=value, e.g. field:data.srcuser=root</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>database unreachable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 alerts/s · backlog %2 · spool %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A view needs a name.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A view name has at most 200 characters.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Acknowledged %n alert(s)</source>
        <translation><numerusform>Acknowledged %n alert</numerusform><numerusform>Acknowledged %n alerts</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Marked %n alert(s) as false positive</source>
        <translation><numerusform>Marked %n alert as false positive</numerusform><numerusform>Marked %n alerts as false positive</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Escalated %n alert(s)</source>
        <translation><numerusform>Escalated %n alert</numerusform><numerusform>Escalated %n alerts</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Assigned %n alert(s) to you</source>
        <translation><numerusform>Assigned %n alert to you</numerusform><numerusform>Assigned %n alerts to you</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Unassigned %n alert(s)</source>
        <translation><numerusform>Unassigned %n alert</numerusform><numerusform>Unassigned %n alerts</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Reopened %n alert(s)</source>
        <translation><numerusform>Reopened %n alert</numerusform><numerusform>Reopened %n alerts</numerusform></translation>
    </message>
    <message numerus="yes">
        <source> (%n not found)</source>
        <translation><numerusform> (%n not found)</numerusform><numerusform> (%n not found)</numerusform></translation>
    </message>
    <message>
        <source>the keyring did not answer within %1 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>a lone "-" at position %1: write -term to exclude, e.g. -agent:001</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>unknown filter "%1" (known: %2, or a JSON path such as data.srcip; quote free text that contains a colon)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"%1": a level is a number from 0 to 16 (or a range like 7..10)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"%1": not a JSON path of the alert (e.g. data.srcip, rule.groups[0])</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"NOT NOT": one NOT excludes a term</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>NOT needs a term after it, e.g. NOT agent:001</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AND needs a term on each side (terms are ANDed anyway)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>OR needs a term on each side, e.g. agent:001 OR agent:002</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"NOT -%1": use either NOT or -</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>OR cannot join excluded terms: exclude each one (-agent:001 -agent:002) or exclude a list (-agent:001,002)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>OR joins terms of one key (agent:001 OR agent:002); terms of different keys are always ANDed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>OR does not apply to %1 terms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>nothing to exclude</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>"%1": an alert id is a positive number (as in eos://alert/&lt;id&gt;)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AgentListModel</name>
    <message>
        <source>Cannot load the agents: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>IP</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>OS</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last keep-alive</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Groups</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alerts (24 h)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Never connected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation><numerusform>%n min ago</numerusform><numerusform>%n min ago</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation><numerusform>%n h ago</numerusform><numerusform>%n h ago</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation><numerusform>%n day ago</numerusform><numerusform>%n days ago</numerusform></translation>
    </message>
    <message>
        <source>No agents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Wazuh manager</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (manager)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not in Wazuh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Agent 000 is the Wazuh manager itself</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The Wazuh API does not know this agent (removed or never registered there)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not fetched from the Wazuh API yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 since %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The manager sends no keep-alives</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No keep-alive received yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time since the last keep-alive</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Node</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AgentsView</name>
    <message>
        <source>Agents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Focus the Agent Filter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refresh Agents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the Agent's Alerts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 agents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 of %2 agents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Live: updated when the Wazuh API reports a change</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Live updates unavailable: the list is reloaded every minute</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter agents by id, name, IP, OS, version, status, group or node</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Restart Agent…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Restart the selected agent through the Wazuh API (with confirmation)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot restart: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Restart Agent (not offered: %1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>remediation is not available</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no agent selected</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AiSummariesView</name>
    <message>
        <source>&amp;Risk:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed summaries</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AI summaries</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Critical</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The selected alert's AI summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a summary to read it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Structured (JSON)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Long notification</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Short notification</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Re&amp;generate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ask the LLM again for this alert with the chosen prompt preset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Copy as Text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Re&amp;try Summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Send the alert back to the LLM stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Asked for a new summary with the %1 preset; it appears here when the LLM stage has answered.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot ask for a new summary: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copied the summary as text.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sent alert %1 back to the LLM stage.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot retry: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A new summary with the %1 preset is on its way.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The last regeneration failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 summaries</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The summary failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Retry sends the alert back to the LLM stage.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 risk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the model said %1; raised to the floor of rule level %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not in the requested format:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What happened</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>False positive</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 likelihood, confidence %2 %</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MITRE ATT&amp;CK</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recommended actions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Suggestions for the analyst: Eos never acts on them by itself.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How to check</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alert</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rule</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Source IP</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (%2), cached answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 prompt + %2 answer, %3 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The alert</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alert %1 — %2 (level %3), agent %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Summary failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Risk: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model: %1 (%2)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AlertCard</name>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MITRE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Groups</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Medium</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Critical</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level %1 · %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alert %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rule %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rule %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 · alert #%2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>alert #%1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>user %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>target user %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>not known to the Wazuh API (details from the alert only)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>waiting for enrichment…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no details from the Wazuh API yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>, keep-alive %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>groups: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AlertColumns</name>
    <message>
        <source>Columns</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Drag a column's header to move it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reset Columns</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AlertDetailPane</name>
    <message>
        <source>Alert fields</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Full log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This alert has no full_log.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Triage history</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy &amp;Value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy Field &amp;Path</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Filter on This Value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Back to the Alert List</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alert %1 (loading…)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alert %1 cannot be shown: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Send this alert back to the stage that gave up on it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed in stage %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed in stage %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This alert failed before stages recorded where it came from; it cannot be retried</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The stage is retrying (attempt %1): %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remediate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Restart the agent or run an active-response command (r)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Response playbook</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AI summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 risk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>not in the requested format</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not offered: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>*No playbook matches this alert.* The Remediate menu still offers every action that applies.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No alert loaded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (not offered: %2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remediation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter &amp;Out This Value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Filter on “%1”</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter &amp;out “%1”</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select an alert to see its details here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy Alert as &amp;JSON</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy the whole alert as it was received, as indented JSON</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy as One-Line &amp;Summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy time, level, rule, agent and source IP as one line (for a chat or a ticket)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open in &amp;Wazuh Dashboard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open this alert in the Wazuh dashboard (WAZUH_DASHBOARD_URL)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy the alert as JSON or as a one-line summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Wazuh Dashboard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copied alert #%1 as JSON</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copied: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not open %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AlertExportDialog</name>
    <message>
        <source>Export Filtered Alerts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Writing the filtered alerts, one whole alert per line, to
%1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Writing the filtered alerts (%n visible column(s)) as CSV to
%1</source>
        <translation><numerusform>Writing the filtered alerts (%n visible column) as CSV to
%1</numerusform><numerusform>Writing the filtered alerts (%n visible columns) as CSV to
%1</numerusform></translation>
    </message>
    <message>
        <source>Filter: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Counting the alerts…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>An export is already running.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 of %2 alerts written (%3 alerts/s)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exported %1 alerts to %2 (%3)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AlertExporter</name>
    <message>
        <source>The database is not reachable.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AlertGroupModel</name>
    <message>
        <source>Cannot group the alerts: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rule</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>First</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%1 of %n alert(s) not triaged yet</source>
        <translation><numerusform>%1 of %n alert not triaged yet</numerusform><numerusform>%1 of %n alerts not triaged yet</numerusform></translation>
    </message>
    <message>
        <source>Alerts of the group not triaged yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AlertHistogram</name>
    <message>
        <source>The database is not reachable.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AlertHistogramWidget</name>
    <message>
        <source>Alerts over time by severity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>≤ 4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>5–7</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>8–11</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>≥ 12</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Histogram unavailable: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No alerts in this range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n alert(s)</source>
        <translation><numerusform>%n alert</numerusform><numerusform>%n alerts</numerusform></translation>
    </message>
    <message>
        <source>Drag to narrow the time range</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AlertListModel</name>
    <message>
        <source>Cannot load alerts: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The database is not reachable.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alert %1 no longer exists.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AlertNotifier</name>
    <message>
        <source>%1 (agent %2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level %1 alert</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 alerts at level %2 or above</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Highest: level %1, %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::AlertsView</name>
    <message>
        <source>within 15 minutes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>within 1 hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>within 24 hours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>within 7 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alerts of the same rule and agent within this time are grouped</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Live alerts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Similar alerts grouped</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Views</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next Alert</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Previous Alert</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Focus the Filter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open Details</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mark &amp;False Positive…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Assign to &amp;Me</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Unassign</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Reopen</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Group Similar Alerts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Group alerts of the same rule and agent, with counts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Pause Live Updates</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n group(s) of similar alerts</source>
        <translation><numerusform>%n group of similar alerts</numerusform><numerusform>%n groups of similar alerts</numerusform></translation>
    </message>
    <message>
        <source>%1+ alerts (counting…)</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Acknowledged %n alert(s)</source>
        <translation><numerusform>Acknowledged %n alert</numerusform><numerusform>Acknowledged %n alerts</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Marked %n alert(s) as false positive</source>
        <translation><numerusform>Marked %n alert as false positive</numerusform><numerusform>Marked %n alerts as false positive</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Escalated %n alert(s)</source>
        <translation><numerusform>Escalated %n alert</numerusform><numerusform>Escalated %n alerts</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Assigned %n alert(s) to you</source>
        <translation><numerusform>Assigned %n alert to you</numerusform><numerusform>Assigned %n alerts to you</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Unassigned %n alert(s)</source>
        <translation><numerusform>Unassigned %n alert</numerusform><numerusform>Unassigned %n alerts</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Reopened %n alert(s)</source>
        <translation><numerusform>Reopened %n alert</numerusform><numerusform>Reopened %n alerts</numerusform></translation>
    </message>
    <message numerus="yes">
        <source> (%n no longer in the database)</source>
        <translation><numerusform> (%n no longer in the database)</numerusform><numerusform> (%n no longer in the database)</numerusform></translation>
    </message>
    <message>
        <source>Select one or more alerts first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mark as False Positive</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Escalate</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Why is this a false positive? (%n alert(s))</source>
        <translation><numerusform>Why is this a false positive? (%n alert)</numerusform><numerusform>Why is this a false positive? (%n alerts)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Why escalate? (%n alert(s))</source>
        <translation><numerusform>Why escalate? (%n alert)</numerusform><numerusform>Why escalate? (%n alerts)</numerusform></translation>
    </message>
    <message>
        <source>Triage failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot load view “%1”: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loaded view “%1”</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter on “%1”</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Re&amp;try %n Failed Alert(s)</source>
        <translation><numerusform>Re&amp;try %n Failed Alert</numerusform><numerusform>Re&amp;try %n Failed Alerts</numerusform></translation>
    </message>
    <message>
        <source>Re&amp;try Failed Alerts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Send the selected failed alerts back to the stage that gave up on them</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The selection has no failed alert to retry.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Re&amp;mediate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Re&amp;mediate…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Restart the alert's agent or run an active-response command on it, with confirmation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select an alert to remediate.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 on agent %2: %3</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n new alert(s) further down in this order — &lt;a href="refresh"&gt;show&lt;/a&gt;</source>
        <translation><numerusform>%n new alert further down in this order — &lt;a href="refresh"&gt;show&lt;/a&gt;</numerusform><numerusform>%n new alerts further down in this order — &lt;a href="refresh"&gt;show&lt;/a&gt;</numerusform></translation>
    </message>
    <message>
        <source>Filter out “%1”</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Waiting for the database: %n triage action(s) queued; they are applied when it answers</source>
        <translation><numerusform>Waiting for the database: %n triage action queued; they are applied when it answers</numerusform><numerusform>Waiting for the database: %n triage actions queued; they are applied when it answers</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Applying the triage to %n alert(s)…</source>
        <translation><numerusform>Applying the triage to %n alert…</numerusform><numerusform>Applying the triage to %n alerts…</numerusform></translation>
    </message>
    <message>
        <source>Alert #%1 is not in the database (deleted by retention?)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a group of alerts first.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Acknowledge %Ln alert(s)?</source>
        <translation><numerusform>Acknowledge %Ln alert?</numerusform><numerusform>Acknowledge %Ln alerts?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Assign %Ln alert(s) to you?</source>
        <translation><numerusform>Assign %Ln alert to you?</numerusform><numerusform>Assign %Ln alerts to you?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Unassign %Ln alert(s)?</source>
        <translation><numerusform>Unassign %Ln alert?</numerusform><numerusform>Unassign %Ln alerts?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Reopen %Ln alert(s)?</source>
        <translation><numerusform>Reopen %Ln alert?</numerusform><numerusform>Reopen %Ln alerts?</numerusform></translation>
    </message>
    <message>
        <source>Triage a Group</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Every alert of the group “%1” on agent %2 (%3 not triaged yet); each gets its own row in the audit trail.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>E&amp;xport Filtered Alerts…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Write the alerts of the current filter, time range and order to a CSV or NDJSON file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No alerts yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No alerts match %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CSV, the visible columns (*.csv)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>NDJSON, one whole alert per line (*.ndjson)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export Filtered Alerts</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%Ln alert(s)</source>
        <translation><numerusform>%Ln alert</numerusform><numerusform>%Ln alerts</numerusform></translation>
    </message>
    <message>
        <source>No similar alerts %1. Choose a longer window to group older alerts.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::ConsoleApp</name>
    <message>
        <source>Eos Console</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Eos Console cannot start:

%1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::DispatchQueueModel</name>
    <message>
        <source>Awaiting approval</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sending</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed, will retry</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dead</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>In digest</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Route</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next attempt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alert</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remote ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Digest of %n alert(s)</source>
        <translation><numerusform>Digest of %n alert</numerusform><numerusform>Digest of %n alerts</numerusform></translation>
    </message>
    <message>
        <source>The database is not reachable.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading the dispatch queue failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The action failed: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::DispatchQueueView</name>
    <message>
        <source>&amp;Route:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;State:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All states</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Send the selected dispatches waiting for review</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Retry &amp;now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Send the selected failed, dead, cancelled or pending dispatches now (attempts start again)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Cancel dispatch</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Do not send the selected dispatches</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Payload as sent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Response</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n dispatch(es)</source>
        <translation><numerusform>%n dispatch</numerusform><numerusform>%n dispatches</numerusform></translation>
    </message>
    <message>
        <source>All routes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a dispatch to see what was sent.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not sent yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>HTTP %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The last attempt may have reached the service; the next one checks before sending again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No attempts yet.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Approved %n dispatch(es)</source>
        <translation><numerusform>Approved %n dispatch</numerusform><numerusform>Approved %n dispatches</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Retrying %n dispatch(es) now</source>
        <translation><numerusform>Retrying %n dispatch now</numerusform><numerusform>Retrying %n dispatches now</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n dispatch(es)</source>
        <translation><numerusform>Cancelled %n dispatch</numerusform><numerusform>Cancelled %n dispatches</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n dispatch(es) selected.</source>
        <translation><numerusform>%n dispatch selected.</numerusform><numerusform>%n dispatches selected.</numerusform></translation>
    </message>
</context>
<context>
    <name>eos::EmailPreviewModel</name>
    <message>
        <source>"%1" is not an email address</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Set SMTP_SERVER and EMAIL_FROM to send mail.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test mail sent to %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test mail to %1 failed: %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::EmailPreviewView</name>
    <message>
        <source>Alert</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Route</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Digest form</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alert:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Route:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Subject:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>To:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Size:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Template:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Blocked:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>HTML</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Plain text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>name@example.com</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Send test mail</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sends this preview to the address through the route's SMTP server (recorded in the audit log)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Test a&amp;ddress:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sending to %1 …</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n remote load(s) blocked</source>
        <translation><numerusform>%n remote load blocked</numerusform><numerusform>%n remote loads blocked</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation><numerusform>%n image</numerusform><numerusform>%n images</numerusform></translation>
    </message>
    <message>
        <source>Opened %1 in the system browser</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Link not opened: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Built-in sample</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Selected in Live Alerts (#%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>built-in (set EOS_EMAIL_TEMPLATE to a copy of resources/email/alert.html to edit it)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(none: set EMAIL_TO or the route's recipients)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Template error: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The template cannot be used</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No mail goes out on this route until it is fixed; the messages wait in the Dispatch Queue.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::FilterBar</name>
    <message>
        <source>Filter: level&gt;=10 agent:001 rule:5710 group:sshd mitre:T1110 last:1h or free text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;p&gt;Terms are combined with AND; a comma list means any of them.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;level&amp;gt;=10&lt;/tt&gt;, &lt;tt&gt;level:5-9&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;rule level&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;agent:001,002&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;agent id&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;rule:5710&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;rule id&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;group:sshd&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;rule group&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;mitre:T1110&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;MITRE ATT&amp;amp;CK technique&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;srcip:10.0.0.5&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;source IP&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;after:2024-01-01&lt;/tt&gt;, &lt;tt&gt;before:…&lt;/tt&gt;, &lt;tt&gt;last:15m&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;time range&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;state:new&lt;/tt&gt;, &lt;tt&gt;triage:none&lt;/tt&gt;, &lt;tt&gt;assigned:none&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;pipeline and triage state&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;field:data.srcuser=root&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;any field of the alert&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;"text"&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;description contains&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::JsonTreeModel</name>
    <message>
        <source>not valid JSON: %1 at offset %2</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>{%n field(s)}</source>
        <translation><numerusform>{%n field}</numerusform><numerusform>{%n fields}</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation><numerusform>[%n item]</numerusform><numerusform>[%n items]</numerusform></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::LiveFeed::Worker</name>
    <message>
        <source>Live updates paused: cannot reach the database (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Live updates unavailable: LISTEN new_alert failed (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Live updates: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::LlmSummaryModel</name>
    <message>
        <source>Low</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Medium</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Critical</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The database is not reachable.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alert %1 not found.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>[not in the requested format] %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (cached)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Answered</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Risk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot load the AI summaries: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot load the token usage: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alert %1 is no longer failed.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::MainWindow</name>
    <message>
        <source>Views</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Live Alerts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Agents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last update %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Live Alerts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Agents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Alert</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;About Eos Console</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No live update yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Database: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Eos Console — %1 — %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Triage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Application</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Settings saved. Triage is recorded as %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>running in this process</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>off (console only)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About Eos Console</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alerts a stage gave up on: click to list them (they can be retried)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed: %1%2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dispatch Queue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Dispatch Queue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remediation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AI Summaries</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Remediation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A&amp;I Summaries</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Email Preview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Email Preview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Eos Console</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>new alerts at level %1 or above: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Listener: checking…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Requests the alert listener refused in the last minute: click for the last ones</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1
Schema version %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>waiting for review: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;h3&gt;Eos Console %1&lt;/h3&gt;&lt;p&gt;SOC console for Wazuh alerts, with its alert pipeline built in.&lt;/p&gt;&lt;p&gt;Database: %2&lt;br&gt;Schema version: %3&lt;br&gt;Pipeline: %4&lt;br&gt;Analyst: %5&lt;/p&gt;&lt;p&gt;Built with Qt %6 (running on Qt %7).&lt;/p&gt;</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::NewAlertsBar</name>
    <message>
        <source>New alerts</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Paused: %Ln new alert(s) — resume</source>
        <translation><numerusform>Paused: %Ln new alert — resume</numerusform><numerusform>Paused: %Ln new alerts — resume</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%Ln new alert(s) — show</source>
        <translation><numerusform>%Ln new alert — show</numerusform><numerusform>%Ln new alerts — show</numerusform></translation>
    </message>
    <message>
        <source>Resume live updates</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Scroll to the newest alerts</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::OverviewModel</name>
    <message>
        <source>Only time terms (last:, after:, before:) set the overview's range.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>False positive</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Escalated</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Untriaged</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Archived</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The database is not reachable.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(no rule)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(no agent)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enriched</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Summarized</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::OverviewView</name>
    <message>
        <source>Alerts over time by severity</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Alerts per %n day(s) by severity</source>
        <translation><numerusform>Alerts per %n day by severity</numerusform><numerusform>Alerts per %n days by severity</numerusform></translation>
    </message>
    <message>
        <source>Alerts per hour by severity</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Alerts per %n hour(s) by severity</source>
        <translation><numerusform>Alerts per %n hour by severity</numerusform><numerusform>Alerts per %n hours by severity</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Alerts per %n minute(s) by severity</source>
        <translation><numerusform>Alerts per %n minute by severity</numerusform><numerusform>Alerts per %n minutes by severity</numerusform></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Drag across the bars to narrow the range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Top rules</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Top agents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Top source IPs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MITRE ATT&amp;CK tactics</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Triage state</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pipeline stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No alerts in this range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Updating…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1
Click to list these alerts (%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not updated: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Updated %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%Ln alert(s) in this range</source>
        <translation><numerusform>%Ln alert in this range</numerusform><numerusform>%Ln alerts in this range</numerusform></translation>
    </message>
    <message>
        <source>No rules in this range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No agents in this range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No source IPs in this range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No MITRE tactics in this range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::PipelineHealth</name>
    <message>
        <source>Enrichment</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>AI summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dispatch</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ingest</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Auto-response</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>401 token</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>400 JSON</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>400 not Wazuh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>400 malformed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>408 too slow</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>413 too large</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>431 headers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>503 full</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>503 not stored</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>503 connections</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>401: wrong or missing X-Auth-Token</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>400: not valid JSON</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>400: not a Wazuh alert</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>400: malformed HTTP request</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>408: request not completed in time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>413: body larger than EOS_MAX_BODY</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>431: request headers too large</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>503: ingest queue full</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>503: database unreachable and spool full</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>503: connection limit reached</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::ReasonDialog</name>
    <message>
        <source>Why? This is recorded in the audit trail.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ctrl+Enter to confirm</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::RejectionsDialog</name>
    <message>
        <source>Rejected requests</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Peer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Instance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last rejected requests</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No listener is running on this database, so nothing can be rejected now.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No request was rejected in the last minute.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rejected in the last minute:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No rejected request recorded since the listener started</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::RemediationDialog</name>
    <message>
        <source>Confirm: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This request will be sent to the Wazuh manager now and recorded in the audit log as &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none (an action on the agent)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>restart (no command)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>extra arguments: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>not configured (WAZUH_API_URL is not set): the attempt will fail</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Action:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Agent:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alert:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Wazuh API:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Request:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Command:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Arguments:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(no request body)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Request body:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Why (optional, recorded in the audit log)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sending… (the window stays usable; the answer appears here)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Done: Wazuh accepted the request for agent %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Partly done: accepted for agent %1, refused for others.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dry run: nothing was sent.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nothing was sent: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Agent %1: Wazuh error %2: %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What to do: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recorded in the audit log (entry %1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::RemediationService</name>
    <message>
        <source>The database is not reachable.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::RemediationView</name>
    <message>
        <source>Filter by agent, alert, action, analyst, policy or message</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All outcomes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refused or skipped</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dry runs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Policy paused/resumed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Alert</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Auto-response policies</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Pause Policy…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Policy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Decisions (24 h)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last match</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Policy limit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Busiest agent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not change policy %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Policy %1 paused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Policy %1 resumed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Partly done</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not sent (error)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Skipped</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dry run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Policy paused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Policy resumed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Actions unavailable: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>policy %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Wazuh error %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 of %2 actions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No policies: set EOS_RESPONSE_POLICIES to a JSON file (see the README) to act automatically.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Figures unavailable: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>paused by %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>dry run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 of %2 in %3 min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 (no limit)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>At its limit: further matches are skipped until the window passes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>One agent is at its limit: further matches on it are skipped until the window passes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Resume Policy…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pause Policy %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Resume Policy %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Why pause it? While paused, its matches are recorded as skipped.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Why resume it?</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::SavedViewsMenu</name>
    <message>
        <source>Saved &amp;Views</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Save Current View As…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Load View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Delete View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saved views unavailable: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saved view “%1”</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The view could not be saved: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Deleted view “%1”</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot delete view “%1”: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name of this view (filter and columns):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete the saved view “%1”?</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::SavedViewsStore</name>
    <message>
        <source>Cannot reach the database: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot save the view: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>There is no saved view "%1".</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A view named "%1" exists already.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The view was not saved.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The view was not deleted.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::SecretStore</name>
    <message>
        <source>no keyring service is running (Secret Service or KWallet)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no keyring service answers: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>System language (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Local time (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time &amp;zone of the time column:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Analyst name:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recorded in the audit trail of every triage action. Empty: %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run the embedded alert &amp;pipeline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Language and pipeline changes take effect at the next start. Without the pipeline Eos is a pure console on a database that daemons fill.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Secrets in the OS keyring</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checking the OS keyring…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New value (not shown)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Store in Keyring</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Remove from Keyring</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is stored in the OS keyring; it is used from the next start unless the env file or the environment sets it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not store %1 in the OS keyring: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is no longer in the OS keyring.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not remove %1 from the OS keyring: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Secrets stored here are used when the env file and the environment leave them unset.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The OS keyring is not available (%1). Keep secrets in the env file %2, readable only by you (mode 0600).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> or </source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::TimeRangePicker</name>
    <message>
        <source>Time range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time range of the alerts shown (the filter's last:, after: and before: terms)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Custom…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Custom Time Range</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>From:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Until:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>“From” must be before “Until”.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::TokenUsageChart</name>
    <message>
        <source>Tokens per day</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 tokens (%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Today: %1 · %2 days: %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>max %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::TriageHistoryView</name>
    <message>
        <source>When</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Marked false positive</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Escalated</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Assigned</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reopened</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stage gave up</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Retried</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remediation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Auto-response</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Failed in stage %1 after %n attempt(s)</source>
        <translation><numerusform>Failed in stage %1 after %n attempt</numerusform><numerusform>Failed in stage %1 after %n attempts</numerusform></translation>
    </message>
    <message>
        <source>Failed in stage %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Retried stage %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Jira dispatch created: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: %2 on agent %3: %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> (Wazuh error %1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>History unavailable: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Eos pipeline (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>policy %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>last error: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not triaged yet</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>eos::TriageStore</name>
    <message>
        <source>No alert selected.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A reason is required to mark alerts as false positive.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A reason is required to escalate alerts.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot reach the database: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot start a transaction: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The triage action failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot commit the triage action: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The retry failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot commit the retry: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The database is not reachable.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Retry failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No failed alert to retry</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Sent %n alert(s) back to their stage</source>
        <translation><numerusform>Sent %n alert back to their stage</numerusform><numerusform>Sent %n alerts back to their stage</numerusform></translation>
    </message>
    <message numerus="yes">
        <source> (%n not failed, left as they were)</source>
        <translation><numerusform> (%n not failed, left as they were)</numerusform><numerusform> (%n not failed, left as they were)</numerusform></translation>
    </message>
    <message>
        <source>Cannot reach the database: %1; nothing was changed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The connection to the database was lost during the triage action; check the alert's history before repeating it: %1</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>