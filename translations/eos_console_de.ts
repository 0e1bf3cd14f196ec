<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AlertCells</name>
    <message>
        <source>%1, assigned to %2</source>
        <translation>%1, %2 zugewiesen</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Source IP</source>
        <translation>Quell-IP</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <source>MITRE</source>
        <translation>MITRE</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risiko</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>MITRE ATT&amp;CK technique ids; hover a cell for their names</source>
        <translation>MITRE-ATT&amp;CK-Technik-IDs; mit der Maus über eine Zelle fahren zeigt ihre Namen</translation>
    </message>
    <message>
        <source>Not sortable</source>
        <translation>Nicht sortierbar</translation>
    </message>
</context>
<context>
    <name>AlertHandoff</name>
    <message>
        <source>Level %1</source>
        <translation>Level %1</translation>
    </message>
    <message>
        <source>Rule %1</source>
        <translation>Regel %1</translation>
    </message>
    <message>
        <source>Rule %1: %2</source>
        <translation>Regel %1: %2</translation>
    </message>
    <message>
        <source>Agent %1</source>
        <translation>Agent %1</translation>
    </message>
    <message>
        <source>Source IP %1</source>
        <translation>Quell-IP %1</translation>
    </message>
</context>
<context>
    <name>AlertLabels</name>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Agent enriched</source>
        <translation>Agent ergänzt</translation>
    </message>
    <message>
        <source>Summarized</source>
        <translation>Zusammengefasst</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>Archiviert</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>False positive</source>
        <translation>Fehlalarm</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Eskaliert</translation>
    </message>
</context>
<context>
    <name>PipelineStatusText</name>
    <message>
        <source>Database unreachable</source>
        <translation>Datenbank nicht erreichbar</translation>
    </message>
    <message>
        <source>%1 alerts/s</source>
        <translation>%1 Alarme/s</translation>
    </message>
    <message>
        <source>%1 · spool: %2</source>
        <translation>%1 · Spool: %2</translation>
    </message>
    <message>
        <source>Rejected (1 min): none</source>
        <translation>Abgewiesen (1 min): keine</translation>
    </message>
    <message>
        <source>%1 ×%2</source>
        <translation>%1 ×%2</translation>
    </message>
    <message>
        <source>Rejected (1 min): %1</source>
        <translation>Abgewiesen (1 min): %1</translation>
    </message>
    <message>
        <source>no WEBHOOK_AUTH_TOKEN</source>
        <translation>kein WEBHOOK_AUTH_TOKEN</translation>
    </message>
    <message>
        <source>ingest runs elsewhere (EOS_PIPELINE_STAGES)</source>
        <translation>Eingang läuft anderswo (EOS_PIPELINE_STAGES)</translation>
    </message>
    <message>
        <source>This console runs no pipeline (EOS_PIPELINE=off): it shows what the daemons on this database do.</source>
        <translation>Diese Konsole betreibt keine Pipeline (EOS_PIPELINE=off): sie zeigt, was die Daemons auf dieser Datenbank tun.</translation>
    </message>
    <message>
        <source>This console runs the pipeline.</source>
        <translation>Diese Konsole betreibt die Pipeline.</translation>
    </message>
    <message>
        <source>This console's pipeline is not running: %1</source>
        <translation>Die Pipeline dieser Konsole läuft nicht: %1</translation>
    </message>
    <message>
        <source>this console</source>
        <translation>diese Konsole</translation>
    </message>
    <message>
        <source>%1 on %2 (pid %3)</source>
        <translation>%1 auf %2 (PID %3)</translation>
    </message>
    <message>
        <source>%1: listener %2; stages: %3</source>
        <translation>%1: Listener %2; Stufen: %3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Listener: unknown (database unreachable)</source>
        <translation>Listener: unbekannt (Datenbank nicht erreichbar)</translation>
    </message>
    <message>
        <source>Listener %1</source>
        <translation>Listener %1</translation>
    </message>
    <message>
        <source>Listener %1 (%2)</source>
        <translation>Listener %1 (%2)</translation>
    </message>
    <message>
        <source> +%1</source>
        <translation> +%1</translation>
    </message>
    <message>
        <source>port taken</source>
        <translation>Port belegt</translation>
    </message>
    <message>
        <source>pipeline failed to start</source>
        <translation>Pipeline konnte nicht starten</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <source>pipeline off, no daemon on this database</source>
        <translation>Pipeline aus, kein Daemon auf dieser Datenbank</translation>
    </message>
    <message>
        <source>Listener not running: %1</source>
        <translation>Listener läuft nicht: %1</translation>
    </message>
    <message>
        <source>Stages: none running</source>
        <translation>Stufen: keine läuft</translation>
    </message>
    <message>
        <source>Backlog: %1</source>
        <translation>Rückstau: %1</translation>
    </message>
    <message>
        <source>Alerts waiting per pipeline stage (from the database):</source>
        <translation>Wartende Alarme je Pipeline-Stufe (aus der Datenbank):</translation>
    </message>
    <message>
        <source>%1: %2 waiting</source>
        <translation>%1: %2 wartend</translation>
    </message>
    <message>
        <source>%1: not running (%2 waiting)</source>
        <translation>%1: läuft nicht (%2 wartend)</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>The database is not reachable.</source>
        <translation>Die Datenbank ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>unterminated quote at position %1</source>
        <translation>nicht geschlossenes Anführungszeichen an Position %1</translation>
    </message>
    <message>
        <source>"%1" needs a value</source>
        <translation>„%1“ braucht einen Wert</translation>
    </message>
    <message>
        <source>"%1": use %2:value</source>
        <translation>„%1“: %2:Wert verwenden</translation>
    </message>
    <message>
        <source>"%1": the range is empty</source>
        <translation>„%1“: der Bereich ist leer</translation>
    </message>
    <message>
        <source>"%1": a rule id is a number</source>
        <translation>„%1“: eine Regel-ID ist eine Zahl</translation>
    </message>
    <message>
        <source>"%1": expected a date like 2024-01-31 or 2024-01-31T08:00 (optionally with Z or +02:00)</source>
        <translation>„%1“: erwartet wird ein Datum wie 2024-01-31 oder 2024-01-31T08:00 (optional mit Z oder +02:00)</translation>
    </message>
    <message>
        <source>"%1": expected a duration like 30s, 15m, 2h, 7d or 1w</source>
        <translation>„%1“: erwartet wird eine Dauer wie 30s, 15m, 2h, 7d oder 1w</translation>
    </message>
    <message>
        <source>"%1": a state is one of %2</source>
        <translation>„%1“: ein Status ist einer von %2</translation>
    </message>
    <message>
        <source>"%1": triage is one of %2</source>
        <translation>„%1“: Triage ist eines von %2</translation>
    </message>
    <message>
        <source>"%1": expected field:path=value, e.g. field:data.srcuser=root</source>
        <translation>„%1“: erwartet wird field:Pfad=Wert, z. B. field:data.srcuser=root</translation>
    </message>
    <message>
        <source>database unreachable</source>
        <translation>Datenbank nicht erreichbar</translation>
    </message>
    <message>
        <source>%1 alerts/s · backlog %2 · spool %3</source>
        <translation>%1 Alarme/s · Rückstau %2 · Spool %3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>A view needs a name.</source>
        <translation>Eine Ansicht braucht einen Namen.</translation>
    </message>
    <message>
        <source>A view name has at most 200 characters.</source>
        <translation>Ein Ansichtsname hat höchstens 200 Zeichen.</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledged %n alert(s)</source>
        <translation><numerusform>%n Alarm bestätigt</numerusform><numerusform>%n Alarme bestätigt</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Marked %n alert(s) as false positive</source>
        <translation><numerusform>%n Alarm als Fehlalarm markiert</numerusform><numerusform>%n Alarme als Fehlalarm markiert</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Escalated %n alert(s)</source>
        <translation><numerusform>%n Alarm eskaliert</numerusform><numerusform>%n Alarme eskaliert</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Assigned %n alert(s) to you</source>
        <translation><numerusform>%n Alarm dir zugewiesen</numerusform><numerusform>%n Alarme dir zugewiesen</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Unassigned %n alert(s)</source>
        <translation><numerusform>Zuweisung von %n Alarm aufgehoben</numerusform><numerusform>Zuweisung von %n Alarmen aufgehoben</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Reopened %n alert(s)</source>
        <translation><numerusform>%n Alarm wieder geöffnet</numerusform><numerusform>%n Alarme wieder geöffnet</numerusform></translation>
    </message>
    <message numerus="yes">
        <source> (%n not found)</source>
        <translation><numerusform> (%n nicht gefunden)</numerusform><numerusform> (%n nicht gefunden)</numerusform></translation>
    </message>
    <message>
        <source>the keyring did not answer within %1 s</source>
        <translation>der Schlüsselbund hat nicht innerhalb von %1 s geantwortet</translation>
    </message>
    <message>
        <source>a lone "-" at position %1: write -term to exclude, e.g. -agent:001</source>
        <translation>ein einzelnes „-“ an Position %1: -Begriff schließt aus, z. B. -agent:001</translation>
    </message>
    <message>
        <source>unknown filter "%1" (known: %2, or a JSON path such as data.srcip; quote free text that contains a colon)</source>
        <translation>unbekannter Filter „%1“ (bekannt: %2, oder ein JSON-Pfad wie data.srcip; Freitext mit Doppelpunkt in Anführungszeichen setzen)</translation>
    </message>
    <message>
        <source>"%1": a level is a number from 0 to 16 (or a range like 7..10)</source>
        <translation>„%1“: eine Stufe ist eine Zahl von 0 bis 16 (oder ein Bereich wie 7..10)</translation>
    </message>
    <message>
        <source>"%1": not a JSON path of the alert (e.g. data.srcip, rule.groups[0])</source>
        <translation>„%1“: kein JSON-Pfad des Alarms (z. B. data.srcip, rule.groups[0])</translation>
    </message>
    <message>
        <source>"NOT NOT": one NOT excludes a term</source>
        <translation>„NOT NOT“: ein NOT schließt einen Begriff aus</translation>
    </message>
    <message>
        <source>NOT needs a term after it, e.g. NOT agent:001</source>
        <translation>NOT braucht danach einen Begriff, z. B. NOT agent:001</translation>
    </message>
    <message>
        <source>AND needs a term on each side (terms are ANDed anyway)</source>
        <translation>AND braucht auf beiden Seiten einen Begriff (Begriffe werden ohnehin mit UND verknüpft)</translation>
    </message>
    <message>
        <source>OR needs a term on each side, e.g. agent:001 OR agent:002</source>
        <translation>OR braucht auf beiden Seiten einen Begriff, z. B. agent:001 OR agent:002</translation>
    </message>
    <message>
        <source>"NOT -%1": use either NOT or -</source>
        <translation>„NOT -%1“: entweder NOT oder - verwenden</translation>
    </message>
    <message>
        <source>OR cannot join excluded terms: exclude each one (-agent:001 -agent:002) or exclude a list (-agent:001,002)</source>
        <translation>OR kann keine ausgeschlossenen Begriffe verbinden: jeden einzeln ausschließen (-agent:001 -agent:002) oder eine Liste (-agent:001,002)</translation>
    </message>
    <message>
        <source>OR joins terms of one key (agent:001 OR agent:002); terms of different keys are always ANDed</source>
        <translation>OR verbindet Begriffe desselben Schlüssels (agent:001 OR agent:002); Begriffe verschiedener Schlüssel werden immer mit UND verknüpft</translation>
    </message>
    <message>
        <source>OR does not apply to %1 terms</source>
        <translation>OR gilt nicht für %1-Begriffe</translation>
    </message>
    <message>
        <source>nothing to exclude</source>
        <translation>nichts auszuschließen</translation>
    </message>
    <message>
        <source>"%1": an alert id is a positive number (as in eos://alert/&lt;id&gt;)</source>
        <translation>„%1“: eine Alarm-ID ist eine positive Zahl (wie in eos://alert/&lt;id&gt;)</translation>
    </message>
</context>
<context>
    <name>eos::AgentListModel</name>
    <message>
        <source>Cannot load the agents: %1</source>
        <translation>Die Agenten können nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <source>OS</source>
        <translation>Betriebssystem</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last keep-alive</source>
        <translation>Letztes Keep-alive</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <source>Alerts (24 h)</source>
        <translation>Alarme (24 h)</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Never connected</source>
        <translation>Nie verbunden</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation><numerusform>vor %n Min.</numerusform><numerusform>vor %n Min.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation><numerusform>vor %n Std.</numerusform><numerusform>vor %n Std.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation><numerusform>vor %n Tag</numerusform><numerusform>vor %n Tagen</numerusform></translation>
    </message>
    <message>
        <source>No agents</source>
        <translation>Keine Agenten</translation>
    </message>
    <message>
        <source>Wazuh manager</source>
        <translation>Wazuh-Manager</translation>
    </message>
    <message>
        <source>%1 (manager)</source>
        <translation>%1 (Manager)</translation>
    </message>
    <message>
        <source>Not in Wazuh</source>
        <translation>Nicht in Wazuh</translation>
    </message>
    <message>
        <source>Agent 000 is the Wazuh manager itself</source>
        <translation>Agent 000 ist der Wazuh-Manager selbst</translation>
    </message>
    <message>
        <source>The Wazuh API does not know this agent (removed or never registered there)</source>
        <translation>Die Wazuh-API kennt diesen Agenten nicht (entfernt oder dort nie registriert)</translation>
    </message>
    <message>
        <source>Not fetched from the Wazuh API yet</source>
        <translation>Noch nicht von der Wazuh-API abgerufen</translation>
    </message>
    <message>
        <source>%1 since %2</source>
        <translation>%1 seit %2</translation>
    </message>
    <message>
        <source>The manager sends no keep-alives</source>
        <translation>Der Manager sendet keine Keep-alives</translation>
    </message>
    <message>
        <source>No keep-alive received yet</source>
        <translation>Noch kein Keep-alive empfangen</translation>
    </message>
    <message>
        <source>Time since the last keep-alive</source>
        <translation>Zeit seit dem letzten Keep-alive</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
</context>
<context>
    <name>eos::AgentsView</name>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>Focus the Agent Filter</source>
        <translation>Zum Agentenfilter</translation>
    </message>
    <message>
        <source>Refresh Agents</source>
        <translation>Agenten aktualisieren</translation>
    </message>
    <message>
        <source>Show the Agent's Alerts</source>
        <translation>Alarme des Agenten zeigen</translation>
    </message>
    <message>
        <source>%1 agents</source>
        <translation>%1 Agenten</translation>
    </message>
    <message>
        <source>%1 of %2 agents</source>
        <translation>%1 von %2 Agenten</translation>
    </message>
    <message>
        <source>Live: updated when the Wazuh API reports a change</source>
        <translation>Live: aktualisiert, sobald die Wazuh-API eine Änderung meldet</translation>
    </message>
    <message>
        <source>Live updates unavailable: the list is reloaded every minute</source>
        <translation>Live-Aktualisierung nicht verfügbar: die Liste wird jede Minute neu geladen</translation>
    </message>
    <message>
        <source>Filter agents by id, name, IP, OS, version, status, group or node</source>
        <translation>Agenten filtern nach ID, Name, IP, Betriebssystem, Version, Status, Gruppe oder Knoten</translation>
    </message>
    <message>
        <source>&amp;Restart Agent…</source>
        <translation>Agent &amp;neu starten…</translation>
    </message>
    <message>
        <source>Restart the selected agent through the Wazuh API (with confirmation)</source>
        <translation>Den ausgewählten Agent über die Wazuh-API neu starten (mit Bestätigung)</translation>
    </message>
    <message>
        <source>Cannot restart: %1</source>
        <translation>Neustart nicht möglich: %1</translation>
    </message>
    <message>
        <source>Restart Agent (not offered: %1)</source>
        <translation>Agent neu starten (nicht angeboten: %1)</translation>
    </message>
    <message>
        <source>remediation is not available</source>
        <translation>Abhilfe ist nicht verfügbar</translation>
    </message>
    <message>
        <source>no agent selected</source>
        <translation>kein Agent ausgewählt</translation>
    </message>
</context>
<context>
    <name>eos::AiSummariesView</name>
    <message>
        <source>&amp;Risk:</source>
        <translation>&amp;Risiko:</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Failed summaries</source>
        <translation>Fehlgeschlagene Zusammenfassungen</translation>
    </message>
    <message>
        <source>AI summaries</source>
        <translation>KI-Zusammenfassungen</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>The selected alert's AI summary</source>
        <translation>Die KI-Zusammenfassung des gewählten Alarms</translation>
    </message>
    <message>
        <source>Select a summary to read it.</source>
        <translation>Eine Zusammenfassung auswählen, um sie zu lesen.</translation>
    </message>
    <message>
        <source>Structured (JSON)</source>
        <translation>Strukturiert (JSON)</translation>
    </message>
    <message>
        <source>Long notification</source>
        <translation>Lange Benachrichtigung</translation>
    </message>
    <message>
        <source>Short notification</source>
        <translation>Kurze Benachrichtigung</translation>
    </message>
    <message>
        <source>Re&amp;generate</source>
        <translation>&amp;Neu erzeugen</translation>
    </message>
    <message>
        <source>Ask the LLM again for this alert with the chosen prompt preset</source>
        <translation>Das LLM für diesen Alarm mit der gewählten Prompt-Vorlage erneut fragen</translation>
    </message>
    <message>
        <source>&amp;Copy as Text</source>
        <translation>Als Text &amp;kopieren</translation>
    </message>
    <message>
        <source>Re&amp;try Summary</source>
        <translation>Zusammenfassung &amp;wiederholen</translation>
    </message>
    <message>
        <source>Send the alert back to the LLM stage</source>
        <translation>Den Alarm an die LLM-Stufe zurückgeben</translation>
    </message>
    <message>
        <source>Asked for a new summary with the %1 preset; it appears here when the LLM stage has answered.</source>
        <translation>Neue Zusammenfassung mit der Vorlage %1 angefordert; sie erscheint hier, sobald die LLM-Stufe geantwortet hat.</translation>
    </message>
    <message>
        <source>Cannot ask for a new summary: %1</source>
        <translation>Neue Zusammenfassung kann nicht angefordert werden: %1</translation>
    </message>
    <message>
        <source>Copied the summary as text.</source>
        <translation>Zusammenfassung als Text kopiert.</translation>
    </message>
    <message>
        <source>Sent alert %1 back to the LLM stage.</source>
        <translation>Alarm %1 an die LLM-Stufe zurückgegeben.</translation>
    </message>
    <message>
        <source>Cannot retry: %1</source>
        <translation>Wiederholen nicht möglich: %1</translation>
    </message>
    <message>
        <source>A new summary with the %1 preset is on its way.</source>
        <translation>Eine neue Zusammenfassung mit der Vorlage %1 ist unterwegs.</translation>
    </message>
    <message>
        <source>The last regeneration failed: %1</source>
        <translation>Die letzte Neuerzeugung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>%1 summaries</source>
        <translation>%1 Zusammenfassungen</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>The summary failed</source>
        <translation>Die Zusammenfassung ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Retry sends the alert back to the LLM stage.</source>
        <translation>Wiederholen gibt den Alarm an die LLM-Stufe zurück.</translation>
    </message>
    <message>
        <source>%1 risk</source>
        <translation>Risiko %1</translation>
    </message>
    <message>
        <source>the model said %1; raised to the floor of rule level %2</source>
        <translation>das Modell sagte %1; angehoben auf das Minimum für Regel-Level %2</translation>
    </message>
    <message>
        <source>Not in the requested format:</source>
        <translation>Nicht im verlangten Format:</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was geschah</translation>
    </message>
    <message>
        <source>False positive</source>
        <translation>Fehlalarm</translation>
    </message>
    <message>
        <source>%1 likelihood, confidence %2 %</source>
        <translation>Wahrscheinlichkeit %1, Konfidenz %2 %</translation>
    </message>
    <message>
        <source>MITRE ATT&amp;CK</source>
        <translation>MITRE ATT&amp;CK</translation>
    </message>
    <message>
        <source>Recommended actions</source>
        <translation>Empfohlene Maßnahmen</translation>
    </message>
    <message>
        <source>Suggestions for the analyst: Eos never acts on them by itself.</source>
        <translation>Vorschläge für die Analystin oder den Analysten: Eos führt sie nie selbst aus.</translation>
    </message>
    <message>
        <source>How to check</source>
        <translation>Wie prüfen</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Source IP</source>
        <translation>Quell-IP</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>%1 (%2), cached answer</source>
        <translation>%1 (%2), zwischengespeicherte Antwort</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>%1 prompt + %2 answer, %3 s</source>
        <translation>%1 Prompt + %2 Antwort, %3 s</translation>
    </message>
    <message>
        <source>The alert</source>
        <translation>Der Alarm</translation>
    </message>
    <message>
        <source>Alert %1 — %2 (level %3), agent %4</source>
        <translation>Alarm %1 — %2 (Level %3), Agent %4</translation>
    </message>
    <message>
        <source>Summary failed: %1</source>
        <translation>Zusammenfassung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Risk: %1</source>
        <translation>Risiko: %1</translation>
    </message>
    <message>
        <source>Model: %1 (%2)</source>
        <translation>Modell: %1 (%2)</translation>
    </message>
</context>
<context>
    <name>eos::AlertCard</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>MITRE</source>
        <translation>MITRE</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Level %1 · %2</source>
        <translation>Level %1 · %2</translation>
    </message>
    <message>
        <source>Alert %1</source>
        <translation>Alarm %1</translation>
    </message>
    <message>
        <source>Rule %1</source>
        <translation>Regel %1</translation>
    </message>
    <message>
        <source>Rule %1: %2</source>
        <translation>Regel %1: %2</translation>
    </message>
    <message>
        <source>%1 · alert #%2</source>
        <translation>%1 · Alarm #%2</translation>
    </message>
    <message>
        <source>alert #%1</source>
        <translation>Alarm #%1</translation>
    </message>
    <message>
        <source>user %1</source>
        <translation>Benutzer %1</translation>
    </message>
    <message>
        <source>target user %1</source>
        <translation>Zielbenutzer %1</translation>
    </message>
    <message>
        <source>not known to the Wazuh API (details from the alert only)</source>
        <translation>der Wazuh-API unbekannt (Angaben nur aus dem Alarm)</translation>
    </message>
    <message>
        <source>waiting for enrichment…</source>
        <translation>wartet auf Anreicherung…</translation>
    </message>
    <message>
        <source>no details from the Wazuh API yet</source>
        <translation>noch keine Angaben von der Wazuh-API</translation>
    </message>
    <message>
        <source>, keep-alive %1</source>
        <translation>, Keep-alive %1</translation>
    </message>
    <message>
        <source>groups: %1</source>
        <translation>Gruppen: %1</translation>
    </message>
</context>
<context>
    <name>eos::AlertColumns</name>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Drag a column's header to move it</source>
        <translation>Spaltenkopf ziehen, um die Spalte zu verschieben</translation>
    </message>
    <message>
        <source>Reset Columns</source>
        <translation>Spalten zurücksetzen</translation>
    </message>
</context>
<context>
    <name>eos::AlertDetailPane</name>
    <message>
        <source>Alert fields</source>
        <translation>Alarmfelder</translation>
    </message>
    <message>
        <source>Full log</source>
        <translation>Vollständiges Log</translation>
    </message>
    <message>
        <source>This alert has no full_log.</source>
        <translation>Dieser Alarm hat kein full_log.</translation>
    </message>
    <message>
        <source>Triage history</source>
        <translation>Triage-Verlauf</translation>
    </message>
    <message>
        <source>Copy &amp;Value</source>
        <translation>&amp;Wert kopieren</translation>
    </message>
    <message>
        <source>Copy Field &amp;Path</source>
        <translation>Feld&amp;pfad kopieren</translation>
    </message>
    <message>
        <source>&amp;Filter on This Value</source>
        <translation>Nach diesem Wert &amp;filtern</translation>
    </message>
    <message>
        <source>Back to the Alert List</source>
        <translation>Zurück zur Alarmliste</translation>
    </message>
    <message>
        <source>Alert %1 (loading…)</source>
        <translation>Alarm %1 (wird geladen …)</translation>
    </message>
    <message>
        <source>Alert %1 cannot be shown: %2</source>
        <translation>Alarm %1 kann nicht angezeigt werden: %2</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>Erneut &amp;versuchen</translation>
    </message>
    <message>
        <source>Send this alert back to the stage that gave up on it</source>
        <translation>Diesen Alarm an die Stufe zurückgeben, die ihn aufgegeben hat</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Failed in stage %1</source>
        <translation>Fehlgeschlagen in Stufe %1</translation>
    </message>
    <message>
        <source>Failed in stage %1: %2</source>
        <translation>Fehlgeschlagen in Stufe %1: %2</translation>
    </message>
    <message>
        <source>This alert failed before stages recorded where it came from; it cannot be retried</source>
        <translation>Dieser Alarm schlug fehl, bevor Stufen festhielten, woher er kam; er kann nicht erneut versucht werden</translation>
    </message>
    <message>
        <source>The stage is retrying (attempt %1): %2</source>
        <translation>Die Stufe versucht es erneut (Versuch %1): %2</translation>
    </message>
    <message>
        <source>Remediate</source>
        <translation>Abhilfe</translation>
    </message>
    <message>
        <source>Restart the agent or run an active-response command (r)</source>
        <translation>Den Agent neu starten oder einen Active-Response-Befehl ausführen (r)</translation>
    </message>
    <message>
        <source>Response playbook</source>
        <translation>Reaktions-Playbook</translation>
    </message>
    <message>
        <source>AI summary</source>
        <translation>KI-Zusammenfassung</translation>
    </message>
    <message>
        <source>%1 risk</source>
        <translation>Risiko %1</translation>
    </message>
    <message>
        <source>not in the requested format</source>
        <translation>nicht im verlangten Format</translation>
    </message>
    <message>
        <source>Not offered: %1</source>
        <translation>Nicht angeboten: %1</translation>
    </message>
    <message>
        <source>*No playbook matches this alert.* The Remediate menu still offers every action that applies.</source>
        <translation>*Kein Playbook passt zu diesem Alarm.* Das Menü „Abhilfe“ bietet trotzdem jede passende Aktion an.</translation>
    </message>
    <message>
        <source>No alert loaded</source>
        <translation>Kein Alarm geladen</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>%1 (not offered: %2)</source>
        <translation>%1 (nicht angeboten: %2)</translation>
    </message>
    <message>
        <source>Remediation</source>
        <translation>Abhilfe</translation>
    </message>
    <message>
        <source>Filter &amp;Out This Value</source>
        <translation>Diesen Wert &amp;ausschließen</translation>
    </message>
    <message>
        <source>&amp;Filter on “%1”</source>
        <translation>Nach „%1“ &amp;filtern</translation>
    </message>
    <message>
        <source>Filter &amp;out “%1”</source>
        <translation>„%1“ &amp;ausschließen</translation>
    </message>
    <message>
        <source>Select an alert to see its details here.</source>
        <translation>Einen Alarm auswählen, um hier seine Details zu sehen.</translation>
    </message>
    <message>
        <source>Copy Alert as &amp;JSON</source>
        <translation>Alarm als &amp;JSON kopieren</translation>
    </message>
    <message>
        <source>Copy the whole alert as it was received, as indented JSON</source>
        <translation>Den ganzen Alarm, wie er empfangen wurde, als eingerücktes JSON kopieren</translation>
    </message>
    <message>
        <source>Copy as One-Line &amp;Summary</source>
        <translation>Als einzeilige &amp;Zusammenfassung kopieren</translation>
    </message>
    <message>
        <source>Copy time, level, rule, agent and source IP as one line (for a chat or a ticket)</source>
        <translation>Zeit, Stufe, Regel, Agent und Quell-IP als eine Zeile kopieren (für einen Chat oder ein Ticket)</translation>
    </message>
    <message>
        <source>Open in &amp;Wazuh Dashboard</source>
        <translation>Im &amp;Wazuh-Dashboard öffnen</translation>
    </message>
    <message>
        <source>Open this alert in the Wazuh dashboard (WAZUH_DASHBOARD_URL)</source>
        <translation>Diesen Alarm im Wazuh-Dashboard öffnen (WAZUH_DASHBOARD_URL)</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the alert as JSON or as a one-line summary</source>
        <translation>Den Alarm als JSON oder als einzeilige Zusammenfassung kopieren</translation>
    </message>
    <message>
        <source>Wazuh Dashboard</source>
        <translation>Wazuh-Dashboard</translation>
    </message>
    <message>
        <source>Copied alert #%1 as JSON</source>
        <translation>Alarm #%1 als JSON kopiert</translation>
    </message>
    <message>
        <source>Copied: %1</source>
        <translation>Kopiert: %1</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
</context>
<context>
    <name>eos::AlertExportDialog</name>
    <message>
        <source>Export Filtered Alerts</source>
        <translation>Gefilterte Alarme exportieren</translation>
    </message>
    <message>
        <source>Writing the filtered alerts, one whole alert per line, to
%1</source>
        <translation>Die gefilterten Alarme werden, ein ganzer Alarm pro Zeile, geschrieben nach
%1</translation>
    </message>
    <message numerus="yes">
        <source>Writing the filtered alerts (%n visible column(s)) as CSV to
%1</source>
        <translation><numerusform>Die gefilterten Alarme (%n sichtbare Spalte) werden als CSV geschrieben nach
%1</numerusform><numerusform>Die gefilterten Alarme (%n sichtbare Spalten) werden als CSV geschrieben nach
%1</numerusform></translation>
    </message>
    <message>
        <source>Filter: %1</source>
        <translation>Filter: %1</translation>
    </message>
    <message>
        <source>Counting the alerts…</source>
        <translation>Alarme werden gezählt…</translation>
    </message>
    <message>
        <source>An export is already running.</source>
        <translation>Ein Export läuft bereits.</translation>
    </message>
    <message>
        <source>%1 of %2 alerts written (%3 alerts/s)</source>
        <translation>%1 von %2 Alarmen geschrieben (%3 Alarme/s)</translation>
    </message>
    <message>
        <source>Exported %1 alerts to %2 (%3)</source>
        <translation>%1 Alarme nach %2 exportiert (%3)</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>Export abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>Der Export ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>eos::AlertExporter</name>
    <message>
        <source>The database is not reachable.</source>
        <translation>Die Datenbank ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>eos::AlertGroupModel</name>
    <message>
        <source>Cannot group the alerts: %1</source>
        <translation>Die Alarme können nicht gruppiert werden: %1</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>First</source>
        <translation>Erster</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Letzter</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n alert(s) not triaged yet</source>
        <translation><numerusform>%1 von %n Alarm noch nicht bearbeitet</numerusform><numerusform>%1 von %n Alarmen noch nicht bearbeitet</numerusform></translation>
    </message>
    <message>
        <source>Alerts of the group not triaged yet</source>
        <translation>Alarme der Gruppe, die noch nicht bearbeitet sind</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
</context>
<context>
    <name>eos::AlertHistogram</name>
    <message>
        <source>The database is not reachable.</source>
        <translation>Die Datenbank ist nicht erreichbar.</translation>
    </message>
</context>
<context>
    <name>eos::AlertHistogramWidget</name>
    <message>
        <source>Alerts over time by severity</source>
        <translation>Alarme im Zeitverlauf nach Schweregrad</translation>
    </message>
    <message>
        <source>≤ 4</source>
        <translation>≤ 4</translation>
    </message>
    <message>
        <source>5–7</source>
        <translation>5–7</translation>
    </message>
    <message>
        <source>8–11</source>
        <translation>8–11</translation>
    </message>
    <message>
        <source>≥ 12</source>
        <translation>≥ 12</translation>
    </message>
    <message>
        <source>Histogram unavailable: %1</source>
        <translation>Histogramm nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>No alerts in this range</source>
        <translation>Keine Alarme in diesem Zeitraum</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s)</source>
        <translation><numerusform>%n Alarm</numerusform><numerusform>%n Alarme</numerusform></translation>
    </message>
    <message>
        <source>Drag to narrow the time range</source>
        <translation>Ziehen, um den Zeitraum einzugrenzen</translation>
    </message>
</context>
<context>
    <name>eos::AlertListModel</name>
    <message>
        <source>Cannot load alerts: %1</source>
        <translation>Alarme können nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>The database is not reachable.</source>
        <translation>Die Datenbank ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>Alert %1 no longer exists.</source>
        <translation>Alarm %1 existiert nicht mehr.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
</context>
<context>
    <name>eos::AlertNotifier</name>
    <message>
        <source>%1 (agent %2)</source>
        <translation>%1 (Agent %2)</translation>
    </message>
    <message>
        <source>Level %1 alert</source>
        <translation>Alarm der Stufe %1</translation>
    </message>
    <message>
        <source>%1 alerts at level %2 or above</source>
        <translation>%1 Alarme ab Stufe %2</translation>
    </message>
    <message>
        <source>Highest: level %1, %2</source>
        <translation>Höchste: Stufe %1, %2</translation>
    </message>
</context>
<context>
    <name>eos::AlertsView</name>
    <message>
        <source>within 15 minutes</source>
        <translation>innerhalb von 15 Minuten</translation>
    </message>
    <message>
        <source>within 1 hour</source>
        <translation>innerhalb von 1 Stunde</translation>
    </message>
    <message>
        <source>within 24 hours</source>
        <translation>innerhalb von 24 Stunden</translation>
    </message>
    <message>
        <source>within 7 days</source>
        <translation>innerhalb von 7 Tagen</translation>
    </message>
    <message>
        <source>Alerts of the same rule and agent within this time are grouped</source>
        <translation>Alarme derselben Regel und desselben Agenten innerhalb dieser Zeit werden gruppiert</translation>
    </message>
    <message>
        <source>Live alerts</source>
        <translation>Live-Alarme</translation>
    </message>
    <message>
        <source>Similar alerts grouped</source>
        <translation>Ähnliche Alarme gruppiert</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <source>Next Alert</source>
        <translation>Nächster Alarm</translation>
    </message>
    <message>
        <source>Previous Alert</source>
        <translation>Vorheriger Alarm</translation>
    </message>
    <message>
        <source>Focus the Filter</source>
        <translation>Zum Filter</translation>
    </message>
    <message>
        <source>Open Details</source>
        <translation>Details öffnen</translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>&amp;Bestätigen</translation>
    </message>
    <message>
        <source>Mark &amp;False Positive…</source>
        <translation>Als &amp;Fehlalarm markieren …</translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation>&amp;Eskalieren …</translation>
    </message>
    <message>
        <source>Assign to &amp;Me</source>
        <translation>&amp;Mir zuweisen</translation>
    </message>
    <message>
        <source>&amp;Unassign</source>
        <translation>Zuweisung &amp;aufheben</translation>
    </message>
    <message>
        <source>&amp;Reopen</source>
        <translation>&amp;Wieder öffnen</translation>
    </message>
    <message>
        <source>&amp;Group Similar Alerts</source>
        <translation>Ähnliche Alarme &amp;gruppieren</translation>
    </message>
    <message>
        <source>Group alerts of the same rule and agent, with counts</source>
        <translation>Alarme derselben Regel und desselben Agenten gruppieren, mit Anzahl</translation>
    </message>
    <message>
        <source>&amp;Pause Live Updates</source>
        <translation>Live-Aktualisierung an&amp;halten</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Aktualisie&amp;ren</translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) of similar alerts</source>
        <translation><numerusform>%n Gruppe ähnlicher Alarme</numerusform><numerusform>%n Gruppen ähnlicher Alarme</numerusform></translation>
    </message>
    <message>
        <source>%1+ alerts (counting…)</source>
        <translation>%1+ Alarme (wird gezählt …)</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledged %n alert(s)</source>
        <translation><numerusform>%n Alarm bestätigt</numerusform><numerusform>%n Alarme bestätigt</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Marked %n alert(s) as false positive</source>
        <translation><numerusform>%n Alarm als Fehlalarm markiert</numerusform><numerusform>%n Alarme als Fehlalarm markiert</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Escalated %n alert(s)</source>
        <translation><numerusform>%n Alarm eskaliert</numerusform><numerusform>%n Alarme eskaliert</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Assigned %n alert(s) to you</source>
        <translation><numerusform>%n Alarm dir zugewiesen</numerusform><numerusform>%n Alarme dir zugewiesen</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Unassigned %n alert(s)</source>
        <translation><numerusform>Zuweisung von %n Alarm aufgehoben</numerusform><numerusform>Zuweisung von %n Alarmen aufgehoben</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Reopened %n alert(s)</source>
        <translation><numerusform>%n Alarm wieder geöffnet</numerusform><numerusform>%n Alarme wieder geöffnet</numerusform></translation>
    </message>
    <message numerus="yes">
        <source> (%n no longer in the database)</source>
        <translation><numerusform> (%n nicht mehr in der Datenbank)</numerusform><numerusform> (%n nicht mehr in der Datenbank)</numerusform></translation>
    </message>
    <message>
        <source>Select one or more alerts first.</source>
        <translation>Zuerst einen oder mehrere Alarme auswählen.</translation>
    </message>
    <message>
        <source>Mark as False Positive</source>
        <translation>Als Fehlalarm markieren</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>Eskalieren</translation>
    </message>
    <message numerus="yes">
        <source>Why is this a false positive? (%n alert(s))</source>
        <translation><numerusform>Warum ist das ein Fehlalarm? (%n Alarm)</numerusform><numerusform>Warum ist das ein Fehlalarm? (%n Alarme)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Why escalate? (%n alert(s))</source>
        <translation><numerusform>Warum eskalieren? (%n Alarm)</numerusform><numerusform>Warum eskalieren? (%n Alarme)</numerusform></translation>
    </message>
    <message>
        <source>Triage failed: %1</source>
        <translation>Triage fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cannot load view “%1”: %2</source>
        <translation>Ansicht „%1“ kann nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>Loaded view “%1”</source>
        <translation>Ansicht „%1“ geladen</translation>
    </message>
    <message>
        <source>Filter on “%1”</source>
        <translation>Nach „%1“ filtern</translation>
    </message>
    <message numerus="yes">
        <source>Re&amp;try %n Failed Alert(s)</source>
        <translation><numerusform>%n fehlgeschlagenen Alarm erneut &amp;versuchen</numerusform><numerusform>%n fehlgeschlagene Alarme erneut &amp;versuchen</numerusform></translation>
    </message>
    <message>
        <source>Re&amp;try Failed Alerts</source>
        <translation>Fehlgeschlagene Alarme erneut &amp;versuchen</translation>
    </message>
    <message>
        <source>Send the selected failed alerts back to the stage that gave up on them</source>
        <translation>Die ausgewählten fehlgeschlagenen Alarme an die Stufe zurückgeben, die sie aufgegeben hat</translation>
    </message>
    <message>
        <source>The selection has no failed alert to retry.</source>
        <translation>Die Auswahl enthält keinen fehlgeschlagenen Alarm.</translation>
    </message>
    <message>
        <source>Re&amp;mediate</source>
        <translation>&amp;Abhilfe</translation>
    </message>
    <message>
        <source>Re&amp;mediate…</source>
        <translation>&amp;Abhilfe…</translation>
    </message>
    <message>
        <source>Restart the alert's agent or run an active-response command on it, with confirmation</source>
        <translation>Den Agent des Alarms neu starten oder einen Active-Response-Befehl darauf ausführen, mit Bestätigung</translation>
    </message>
    <message>
        <source>Select an alert to remediate.</source>
        <translation>Einen Alarm für die Abhilfe auswählen.</translation>
    </message>
    <message>
        <source>%1 on agent %2: %3</source>
        <translation>%1 auf Agent %2: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n new alert(s) further down in this order — &lt;a href="refresh"&gt;show&lt;/a&gt;</source>
        <translation><numerusform>%n neuer Alarm weiter unten in dieser Sortierung — &lt;a href="refresh"&gt;anzeigen&lt;/a&gt;</numerusform><numerusform>%n neue Alarme weiter unten in dieser Sortierung — &lt;a href="refresh"&gt;anzeigen&lt;/a&gt;</numerusform></translation>
    </message>
    <message>
        <source>Filter out “%1”</source>
        <translation>„%1“ ausschließen</translation>
    </message>
    <message numerus="yes">
        <source>Waiting for the database: %n triage action(s) queued; they are applied when it answers</source>
        <translation><numerusform>Warte auf die Datenbank: %n Triage-Aktion wartet; sie wird ausgeführt, sobald die Datenbank antwortet</numerusform><numerusform>Warte auf die Datenbank: %n Triage-Aktionen warten; sie werden ausgeführt, sobald die Datenbank antwortet</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Applying the triage to %n alert(s)…</source>
        <translation><numerusform>Triage für %n Alarm wird ausgeführt…</numerusform><numerusform>Triage für %n Alarme wird ausgeführt…</numerusform></translation>
    </message>
    <message>
        <source>Alert #%1 is not in the database (deleted by retention?)</source>
        <translation>Alarm #%1 ist nicht in der Datenbank (von der Aufbewahrung gelöscht?)</translation>
    </message>
    <message>
        <source>Select a group of alerts first.</source>
        <translation>Zuerst eine Gruppe von Alarmen auswählen.</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledge %Ln alert(s)?</source>
        <translation><numerusform>%Ln Alarm bestätigen?</numerusform><numerusform>%Ln Alarme bestätigen?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Assign %Ln alert(s) to you?</source>
        <translation><numerusform>%Ln Alarm dir zuweisen?</numerusform><numerusform>%Ln Alarme dir zuweisen?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Unassign %Ln alert(s)?</source>
        <translation><numerusform>Zuweisung von %Ln Alarm aufheben?</numerusform><numerusform>Zuweisung von %Ln Alarmen aufheben?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Reopen %Ln alert(s)?</source>
        <translation><numerusform>%Ln Alarm wieder öffnen?</numerusform><numerusform>%Ln Alarme wieder öffnen?</numerusform></translation>
    </message>
    <message>
        <source>Triage a Group</source>
        <translation>Gruppe bearbeiten</translation>
    </message>
    <message>
        <source>Every alert of the group “%1” on agent %2 (%3 not triaged yet); each gets its own row in the audit trail.</source>
        <translation>Jeder Alarm der Gruppe „%1“ auf Agent %2 (%3 noch nicht bearbeitet); jeder erhält eine eigene Zeile im Audit-Protokoll.</translation>
    </message>
    <message>
        <source>E&amp;xport Filtered Alerts…</source>
        <translation>Gefilterte Alarme e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Write the alerts of the current filter, time range and order to a CSV or NDJSON file</source>
        <translation>Die Alarme des aktuellen Filters, Zeitraums und der Sortierung in eine CSV- oder NDJSON-Datei schreiben</translation>
    </message>
    <message>
        <source>No alerts yet</source>
        <translation>Noch keine Alarme</translation>
    </message>
    <message>
        <source>No alerts match %1</source>
        <translation>Keine Alarme passen zu %1</translation>
    </message>
    <message>
        <source>CSV, the visible columns (*.csv)</source>
        <translation>CSV, die sichtbaren Spalten (*.csv)</translation>
    </message>
    <message>
        <source>NDJSON, one whole alert per line (*.ndjson)</source>
        <translation>NDJSON, ein ganzer Alarm pro Zeile (*.ndjson)</translation>
    </message>
    <message>
        <source>Export Filtered Alerts</source>
        <translation>Gefilterte Alarme exportieren</translation>
    </message>
    <message numerus="yes">
        <source>%Ln alert(s)</source>
        <translation><numerusform>%Ln Alarm</numerusform><numerusform>%Ln Alarme</numerusform></translation>
    </message>
    <message>
        <source>No similar alerts %1. Choose a longer window to group older alerts.</source>
        <translation>Keine ähnlichen Alarme %1. Wählen Sie ein längeres Zeitfenster, um ältere Alarme zu gruppieren.</translation>
    </message>
</context>
<context>
    <name>eos::ConsoleApp</name>
    <message>
        <source>Eos Console</source>
        <translation>Eos Console</translation>
    </message>
    <message>
        <source>Eos Console cannot start:

%1</source>
        <translation>Eos Console kann nicht starten:

%1</translation>
    </message>
</context>
<context>
    <name>eos::DispatchQueueModel</name>
    <message>
        <source>Awaiting approval</source>
        <translation>Wartet auf Freigabe</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Failed, will retry</source>
        <translation>Fehlgeschlagen, neuer Versuch folgt</translation>
    </message>
    <message>
        <source>Dead</source>
        <translation>Aufgegeben</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>In digest</source>
        <translation>In Sammelnachricht</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Nächster Versuch</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Remote ID</source>
        <translation>Externe ID</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message numerus="yes">
        <source>Digest of %n alert(s)</source>
        <translation><numerusform>Sammelnachricht mit %n Alarm</numerusform><numerusform>Sammelnachricht mit %n Alarmen</numerusform></translation>
    </message>
    <message>
        <source>The database is not reachable.</source>
        <translation>Die Datenbank ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>Loading the dispatch queue failed: %1</source>
        <translation>Laden der Versandwarteschlange fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The action failed: %1</source>
        <translation>Die Aktion ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>eos::DispatchQueueView</name>
    <message>
        <source>&amp;Route:</source>
        <translation>&amp;Route:</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>Send the selected dispatches waiting for review</source>
        <translation>Die ausgewählten Sendungen, die auf Freigabe warten, senden</translation>
    </message>
    <message>
        <source>Retry &amp;now</source>
        <translation>&amp;Jetzt erneut versuchen</translation>
    </message>
    <message>
        <source>Send the selected failed, dead, cancelled or pending dispatches now (attempts start again)</source>
        <translation>Die ausgewählten fehlgeschlagenen, aufgegebenen, abgebrochenen oder wartenden Sendungen jetzt senden (Versuche beginnen von vorn)</translation>
    </message>
    <message>
        <source>&amp;Cancel dispatch</source>
        <translation>Versand a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Do not send the selected dispatches</source>
        <translation>Die ausgewählten Sendungen nicht senden</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Payload as sent</source>
        <translation>Gesendete Nutzdaten</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message numerus="yes">
        <source>%n dispatch(es)</source>
        <translation><numerusform>%n Sendung</numerusform><numerusform>%n Sendungen</numerusform></translation>
    </message>
    <message>
        <source>All routes</source>
        <translation>Alle Routen</translation>
    </message>
    <message>
        <source>Select a dispatch to see what was sent.</source>
        <translation>Eine Sendung auswählen, um zu sehen, was gesendet wurde.</translation>
    </message>
    <message>
        <source>Not sent yet.</source>
        <translation>Noch nicht gesendet.</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>The last attempt may have reached the service; the next one checks before sending again.</source>
        <translation>Der letzte Versuch hat den Dienst möglicherweise erreicht; der nächste prüft das, bevor er erneut sendet.</translation>
    </message>
    <message>
        <source>No attempts yet.</source>
        <translation>Noch keine Versuche.</translation>
    </message>
    <message numerus="yes">
        <source>Approved %n dispatch(es)</source>
        <translation><numerusform>%n Sendung freigegeben</numerusform><numerusform>%n Sendungen freigegeben</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Retrying %n dispatch(es) now</source>
        <translation><numerusform>%n Sendung wird jetzt erneut versucht</numerusform><numerusform>%n Sendungen werden jetzt erneut versucht</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n dispatch(es)</source>
        <translation><numerusform>%n Sendung abgebrochen</numerusform><numerusform>%n Sendungen abgebrochen</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n dispatch(es) selected.</source>
        <translation><numerusform>%n Sendung ausgewählt.</numerusform><numerusform>%n Sendungen ausgewählt.</numerusform></translation>
    </message>
</context>
<context>
    <name>eos::EmailPreviewModel</name>
    <message>
        <source>"%1" is not an email address</source>
        <translation>„%1“ ist keine E-Mail-Adresse</translation>
    </message>
    <message>
        <source>Set SMTP_SERVER and EMAIL_FROM to send mail.</source>
        <translation>Zum Senden SMTP_SERVER und EMAIL_FROM setzen.</translation>
    </message>
    <message>
        <source>Test mail sent to %1: %2</source>
        <translation>Test-Mail an %1 gesendet: %2</translation>
    </message>
    <message>
        <source>Test mail to %1 failed: %2</source>
        <translation>Test-Mail an %1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>eos::EmailPreviewView</name>
    <message>
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Digest form</source>
        <translation>Als Sammelmail</translation>
    </message>
    <message>
        <source>Alert:</source>
        <translation>Alarm:</translation>
    </message>
    <message>
        <source>Route:</source>
        <translation>Route:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Betreff:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>An:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>Vorlage:</translation>
    </message>
    <message>
        <source>Blocked:</source>
        <translation>Blockiert:</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>Nur Text</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>Send test mail</source>
        <translation>Test-Mail senden</translation>
    </message>
    <message>
        <source>Sends this preview to the address through the route's SMTP server (recorded in the audit log)</source>
        <translation>Sendet diese Vorschau über den SMTP-Server der Route an die Adresse (im Audit-Log vermerkt)</translation>
    </message>
    <message>
        <source>Test a&amp;ddress:</source>
        <translation>Test-A&amp;dresse:</translation>
    </message>
    <message>
        <source>Sending to %1 …</source>
        <translation>Sende an %1 …</translation>
    </message>
    <message numerus="yes">
        <source>%n remote load(s) blocked</source>
        <translation><numerusform>%n Zugriff nach außen blockiert</numerusform><numerusform>%n Zugriffe nach außen blockiert</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation><numerusform>%n Bild</numerusform><numerusform>%n Bilder</numerusform></translation>
    </message>
    <message>
        <source>Opened %1 in the system browser</source>
        <translation>%1 im Browser des Systems geöffnet</translation>
    </message>
    <message>
        <source>Link not opened: %1</source>
        <translation>Link nicht geöffnet: %1</translation>
    </message>
    <message>
        <source>Built-in sample</source>
        <translation>Eingebautes Beispiel</translation>
    </message>
    <message>
        <source>Selected in Live Alerts (#%1)</source>
        <translation>In Live-Alarme ausgewählt (#%1)</translation>
    </message>
    <message>
        <source>built-in (set EOS_EMAIL_TEMPLATE to a copy of resources/email/alert.html to edit it)</source>
        <translation>eingebaut (zum Bearbeiten EOS_EMAIL_TEMPLATE auf eine Kopie von resources/email/alert.html setzen)</translation>
    </message>
    <message>
        <source>(none: set EMAIL_TO or the route's recipients)</source>
        <translation>(keine: EMAIL_TO oder die Empfänger der Route setzen)</translation>
    </message>
    <message>
        <source>Template error: %1</source>
        <translation>Fehler in der Vorlage: %1</translation>
    </message>
    <message>
        <source>The template cannot be used</source>
        <translation>Die Vorlage ist nicht verwendbar</translation>
    </message>
    <message>
        <source>No mail goes out on this route until it is fixed; the messages wait in the Dispatch Queue.</source>
        <translation>Über diese Route geht keine Mail hinaus, bis sie korrigiert ist; die Nachrichten warten in der Versandwarteschlange.</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1 (%2 Bytes)</translation>
    </message>
</context>
<context>
    <name>eos::FilterBar</name>
    <message>
        <source>Filter: level&gt;=10 agent:001 rule:5710 group:sshd mitre:T1110 last:1h or free text</source>
        <translation>Filter: level&gt;=10 agent:001 rule:5710 group:sshd mitre:T1110 last:1h oder Freitext</translation>
    </message>
    <message>
        <source>&lt;p&gt;Terms are combined with AND; a comma list means any of them.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;level&amp;gt;=10&lt;/tt&gt;, &lt;tt&gt;level:5-9&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;rule level&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;agent:001,002&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;agent id&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;rule:5710&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;rule id&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;group:sshd&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;rule group&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;mitre:T1110&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;MITRE ATT&amp;amp;CK technique&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;srcip:10.0.0.5&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;source IP&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;after:2024-01-01&lt;/tt&gt;, &lt;tt&gt;before:…&lt;/tt&gt;, &lt;tt&gt;last:15m&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;time range&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;state:new&lt;/tt&gt;, &lt;tt&gt;triage:none&lt;/tt&gt;, &lt;tt&gt;assigned:none&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;pipeline and triage state&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;field:data.srcuser=root&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;any field of the alert&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;"text"&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;description contains&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;p&gt;Begriffe werden mit UND verknüpft; eine Liste mit Kommas bedeutet „einer davon“.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;level&amp;gt;=10&lt;/tt&gt;, &lt;tt&gt;level:5-9&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;Regel-Level&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;agent:001,002&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;Agenten-ID&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;rule:5710&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;Regel-ID&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;group:sshd&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;Regelgruppe&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;mitre:T1110&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;MITRE-ATT&amp;amp;CK-Technik&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;srcip:10.0.0.5&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;Quell-IP&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;after:2024-01-01&lt;/tt&gt;, &lt;tt&gt;before:…&lt;/tt&gt;, &lt;tt&gt;last:15m&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;Zeitraum&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;state:new&lt;/tt&gt;, &lt;tt&gt;triage:none&lt;/tt&gt;, &lt;tt&gt;assigned:none&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;Pipeline- und Triage-Status&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;field:data.srcuser=root&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;beliebiges Feld des Alarms&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;tt&gt;"Text"&lt;/tt&gt;&lt;/td&gt;&lt;td&gt;Beschreibung enthält&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
</context>
<context>
    <name>eos::JsonTreeModel</name>
    <message>
        <source>not valid JSON: %1 at offset %2</source>
        <translation>kein gültiges JSON: %1 an Position %2</translation>
    </message>
    <message numerus="yes">
        <source>{%n field(s)}</source>
        <translation><numerusform>{%n Feld}</numerusform><numerusform>{%n Felder}</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation><numerusform>[%n Eintrag]</numerusform><numerusform>[%n Einträge]</numerusform></translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>eos::LiveFeed::Worker</name>
    <message>
        <source>Live updates paused: cannot reach the database (%1)</source>
        <translation>Live-Aktualisierung angehalten: die Datenbank ist nicht erreichbar (%1)</translation>
    </message>
    <message>
        <source>Live updates unavailable: LISTEN new_alert failed (%1)</source>
        <translation>Live-Aktualisierung nicht verfügbar: LISTEN new_alert fehlgeschlagen (%1)</translation>
    </message>
    <message>
        <source>Live updates: %1</source>
        <translation>Live-Aktualisierung: %1</translation>
    </message>
</context>
<context>
    <name>eos::LlmSummaryModel</name>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>The database is not reachable.</source>
        <translation>Die Datenbank ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>Alert %1 not found.</source>
        <translation>Alarm %1 nicht gefunden.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>[not in the requested format] %1</source>
        <translation>[nicht im verlangten Format] %1</translation>
    </message>
    <message>
        <source>%1 (cached)</source>
        <translation>%1 (zwischengespeichert)</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Beantwortet</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risiko</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Cannot load the AI summaries: %1</source>
        <translation>KI-Zusammenfassungen können nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Cannot load the token usage: %1</source>
        <translation>Token-Verbrauch kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Alert %1 is no longer failed.</source>
        <translation>Alarm %1 ist nicht mehr fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>eos::MainWindow</name>
    <message>
        <source>Views</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <source>Live Alerts</source>
        <translation>Live-Alarme</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>Last update %1</source>
        <translation>Letzte Aktualisierung %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Live Alerts</source>
        <translation>&amp;Live-Alarme</translation>
    </message>
    <message>
        <source>&amp;Agents</source>
        <translation>A&amp;genten</translation>
    </message>
    <message>
        <source>&amp;Alert</source>
        <translation>A&amp;larm</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About Eos Console</source>
        <translation>&amp;Über Eos Console</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>No live update yet</source>
        <translation>Noch keine Live-Aktualisierung</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <source>Eos Console — %1 — %2</source>
        <translation>Eos Console — %1 — %2</translation>
    </message>
    <message>
        <source>Triage</source>
        <translation>Triage</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Settings saved. Triage is recorded as %1.</source>
        <translation>Einstellungen gespeichert. Triage wird als %1 protokolliert.</translation>
    </message>
    <message>
        <source>running in this process</source>
        <translation>läuft in diesem Prozess</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>off (console only)</source>
        <translation>aus (nur Konsole)</translation>
    </message>
    <message>
        <source>About Eos Console</source>
        <translation>Über Eos Console</translation>
    </message>
    <message>
        <source>Alerts a stage gave up on: click to list them (they can be retried)</source>
        <translation>Alarme, die eine Stufe aufgegeben hat: klicken, um sie aufzulisten (sie können erneut versucht werden)</translation>
    </message>
    <message>
        <source>Failed: %1%2</source>
        <translation>Fehlgeschlagen: %1%2</translation>
    </message>
    <message>
        <source>Dispatch Queue</source>
        <translation>Versandwarteschlange</translation>
    </message>
    <message>
        <source>&amp;Dispatch Queue</source>
        <translation>&amp;Versandwarteschlange</translation>
    </message>
    <message>
        <source>Remediation</source>
        <translation>Abhilfe</translation>
    </message>
    <message>
        <source>AI Summaries</source>
        <translation>KI-Zusammenfassungen</translation>
    </message>
    <message>
        <source>&amp;Remediation</source>
        <translation>A&amp;bhilfe</translation>
    </message>
    <message>
        <source>A&amp;I Summaries</source>
        <translation>&amp;KI-Zusammenfassungen</translation>
    </message>
    <message>
        <source>Email Preview</source>
        <translation>E-Mail-Vorschau</translation>
    </message>
    <message>
        <source>&amp;Email Preview</source>
        <translation>&amp;E-Mail-Vorschau</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>&amp;Übersicht</translation>
    </message>
    <message>
        <source>Eos Console</source>
        <translation>Eos Console</translation>
    </message>
    <message>
        <source>new alerts at level %1 or above: %2</source>
        <translation>neue Alarme ab Stufe %1: %2</translation>
    </message>
    <message>
        <source>Listener: checking…</source>
        <translation>Listener: wird geprüft …</translation>
    </message>
    <message>
        <source>Requests the alert listener refused in the last minute: click for the last ones</source>
        <translation>Anfragen, die der Alarm-Listener in der letzten Minute abgewiesen hat: Klick zeigt die letzten</translation>
    </message>
    <message>
        <source>%1
Schema version %2</source>
        <translation>%1
Schemaversion %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>waiting for review: %1</source>
        <translation>wartet auf Freigabe: %1</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Eos Console %1&lt;/h3&gt;&lt;p&gt;SOC console for Wazuh alerts, with its alert pipeline built in.&lt;/p&gt;&lt;p&gt;Database: %2&lt;br&gt;Schema version: %3&lt;br&gt;Pipeline: %4&lt;br&gt;Analyst: %5&lt;/p&gt;&lt;p&gt;Built with Qt %6 (running on Qt %7).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Eos Console %1&lt;/h3&gt;&lt;p&gt;SOC-Konsole für Wazuh-Alarme, mit eingebauter Alarm-Pipeline.&lt;/p&gt;&lt;p&gt;Datenbank: %2&lt;br&gt;Schemaversion: %3&lt;br&gt;Pipeline: %4&lt;br&gt;Analyst: %5&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %6 (läuft mit Qt %7).&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>eos::NewAlertsBar</name>
    <message>
        <source>New alerts</source>
        <translation>Neue Alarme</translation>
    </message>
    <message numerus="yes">
        <source>Paused: %Ln new alert(s) — resume</source>
        <translation><numerusform>Pausiert: %Ln neuer Alarm — fortsetzen</numerusform><numerusform>Pausiert: %Ln neue Alarme — fortsetzen</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%Ln new alert(s) — show</source>
        <translation><numerusform>%Ln neuer Alarm — anzeigen</numerusform><numerusform>%Ln neue Alarme — anzeigen</numerusform></translation>
    </message>
    <message>
        <source>Resume live updates</source>
        <translation>Live-Aktualisierung fortsetzen</translation>
    </message>
    <message>
        <source>Scroll to the newest alerts</source>
        <translation>Zu den neuesten Alarmen blättern</translation>
    </message>
</context>
<context>
    <name>eos::OverviewModel</name>
    <message>
        <source>Only time terms (last:, after:, before:) set the overview's range.</source>
        <translation>Nur Zeitbegriffe (last:, after:, before:) legen den Zeitraum der Übersicht fest.</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>False positive</source>
        <translation>Fehlalarm</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Eskaliert</translation>
    </message>
    <message>
        <source>Untriaged</source>
        <translation>Nicht bearbeitet</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>Archiviert</translation>
    </message>
    <message>
        <source>The database is not reachable.</source>
        <translation>Die Datenbank ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>(no rule)</source>
        <translation>(keine Regel)</translation>
    </message>
    <message>
        <source>(no agent)</source>
        <translation>(kein Agent)</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Enriched</source>
        <translation>Angereichert</translation>
    </message>
    <message>
        <source>Summarized</source>
        <translation>Zusammengefasst</translation>
    </message>
</context>
<context>
    <name>eos::OverviewView</name>
    <message>
        <source>Alerts over time by severity</source>
        <translation>Alarme im Zeitverlauf nach Schweregrad</translation>
    </message>
    <message numerus="yes">
        <source>Alerts per %n day(s) by severity</source>
        <translation><numerusform>Alarme pro %n Tag nach Schweregrad</numerusform><numerusform>Alarme pro %n Tage nach Schweregrad</numerusform></translation>
    </message>
    <message>
        <source>Alerts per hour by severity</source>
        <translation>Alarme pro Stunde nach Schweregrad</translation>
    </message>
    <message numerus="yes">
        <source>Alerts per %n hour(s) by severity</source>
        <translation><numerusform>Alarme pro %n Stunde nach Schweregrad</numerusform><numerusform>Alarme pro %n Stunden nach Schweregrad</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Alerts per %n minute(s) by severity</source>
        <translation><numerusform>Alarme pro %n Minute nach Schweregrad</numerusform><numerusform>Alarme pro %n Minuten nach Schweregrad</numerusform></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>Drag across the bars to narrow the range</source>
        <translation>Über die Balken ziehen, um den Zeitraum einzugrenzen</translation>
    </message>
    <message>
        <source>Top rules</source>
        <translation>Häufigste Regeln</translation>
    </message>
    <message>
        <source>Top agents</source>
        <translation>Häufigste Agenten</translation>
    </message>
    <message>
        <source>Top source IPs</source>
        <translation>Häufigste Quell-IPs</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>MITRE ATT&amp;CK tactics</source>
        <translation>MITRE-ATT&amp;CK-Taktiken</translation>
    </message>
    <message>
        <source>Triage state</source>
        <translation>Triage-Status</translation>
    </message>
    <message>
        <source>Pipeline stage</source>
        <translation>Pipeline-Stufe</translation>
    </message>
    <message>
        <source>No alerts in this range</source>
        <translation>Keine Alarme in diesem Zeitraum</translation>
    </message>
    <message>
        <source>Updating…</source>
        <translation>Wird aktualisiert …</translation>
    </message>
    <message>
        <source>%1
Click to list these alerts (%2)</source>
        <translation>%1
Klicken listet diese Alarme auf (%2)</translation>
    </message>
    <message>
        <source>Not updated: %1</source>
        <translation>Nicht aktualisiert: %1</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Aktualisiert %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln alert(s) in this range</source>
        <translation><numerusform>%Ln Alarm in diesem Zeitraum</numerusform><numerusform>%Ln Alarme in diesem Zeitraum</numerusform></translation>
    </message>
    <message>
        <source>No rules in this range</source>
        <translation>Keine Regeln in diesem Zeitraum</translation>
    </message>
    <message>
        <source>No agents in this range</source>
        <translation>Keine Agenten in diesem Zeitraum</translation>
    </message>
    <message>
        <source>No source IPs in this range</source>
        <translation>Keine Quell-IPs in diesem Zeitraum</translation>
    </message>
    <message>
        <source>No MITRE tactics in this range</source>
        <translation>Keine MITRE-Taktiken in diesem Zeitraum</translation>
    </message>
    <message>
        <source>Level %1</source>
        <translation>Level %1</translation>
    </message>
</context>
<context>
    <name>eos::PipelineHealth</name>
    <message>
        <source>Enrichment</source>
        <translation>Anreicherung</translation>
    </message>
    <message>
        <source>AI summary</source>
        <translation>KI-Zusammenfassung</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>Versand</translation>
    </message>
    <message>
        <source>Ingest</source>
        <translation>Eingang</translation>
    </message>
    <message>
        <source>Auto-response</source>
        <translation>Automatische Reaktion</translation>
    </message>
    <message>
        <source>401 token</source>
        <translation>401 Token</translation>
    </message>
    <message>
        <source>400 JSON</source>
        <translation>400 JSON</translation>
    </message>
    <message>
        <source>400 not Wazuh</source>
        <translation>400 kein Wazuh</translation>
    </message>
    <message>
        <source>400 malformed</source>
        <translation>400 fehlerhaft</translation>
    </message>
    <message>
        <source>408 too slow</source>
        <translation>408 zu langsam</translation>
    </message>
    <message>
        <source>413 too large</source>
        <translation>413 zu groß</translation>
    </message>
    <message>
        <source>431 headers</source>
        <translation>431 Header</translation>
    </message>
    <message>
        <source>503 full</source>
        <translation>503 voll</translation>
    </message>
    <message>
        <source>503 not stored</source>
        <translation>503 nicht gespeichert</translation>
    </message>
    <message>
        <source>503 connections</source>
        <translation>503 Verbindungen</translation>
    </message>
    <message>
        <source>401: wrong or missing X-Auth-Token</source>
        <translation>401: falsches oder fehlendes X-Auth-Token</translation>
    </message>
    <message>
        <source>400: not valid JSON</source>
        <translation>400: kein gültiges JSON</translation>
    </message>
    <message>
        <source>400: not a Wazuh alert</source>
        <translation>400: kein Wazuh-Alarm</translation>
    </message>
    <message>
        <source>400: malformed HTTP request</source>
        <translation>400: fehlerhafte HTTP-Anfrage</translation>
    </message>
    <message>
        <source>408: request not completed in time</source>
        <translation>408: Anfrage nicht rechtzeitig vollständig</translation>
    </message>
    <message>
        <source>413: body larger than EOS_MAX_BODY</source>
        <translation>413: Inhalt größer als EOS_MAX_BODY</translation>
    </message>
    <message>
        <source>431: request headers too large</source>
        <translation>431: Anfrage-Header zu groß</translation>
    </message>
    <message>
        <source>503: ingest queue full</source>
        <translation>503: Eingangswarteschlange voll</translation>
    </message>
    <message>
        <source>503: database unreachable and spool full</source>
        <translation>503: Datenbank nicht erreichbar und Spool voll</translation>
    </message>
    <message>
        <source>503: connection limit reached</source>
        <translation>503: Verbindungsgrenze erreicht</translation>
    </message>
</context>
<context>
    <name>eos::ReasonDialog</name>
    <message>
        <source>Why? This is recorded in the audit trail.</source>
        <translation>Warum? Das wird im Audit-Protokoll festgehalten.</translation>
    </message>
    <message>
        <source>Ctrl+Enter to confirm</source>
        <translation>Strg+Eingabe zum Bestätigen</translation>
    </message>
</context>
<context>
    <name>eos::RejectionsDialog</name>
    <message>
        <source>Rejected requests</source>
        <translation>Abgewiesene Anfragen</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>Instanz</translation>
    </message>
    <message>
        <source>Last rejected requests</source>
        <translation>Zuletzt abgewiesene Anfragen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>No listener is running on this database, so nothing can be rejected now.</source>
        <translation>Auf dieser Datenbank läuft kein Listener, also kann derzeit nichts abgewiesen werden.</translation>
    </message>
    <message>
        <source>No request was rejected in the last minute.</source>
        <translation>In der letzten Minute wurde keine Anfrage abgewiesen.</translation>
    </message>
    <message>
        <source>Rejected in the last minute:</source>
        <translation>In der letzten Minute abgewiesen:</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>No rejected request recorded since the listener started</source>
        <translation>Seit dem Start des Listeners wurde keine Anfrage abgewiesen</translation>
    </message>
</context>
<context>
    <name>eos::RemediationDialog</name>
    <message>
        <source>Confirm: %1</source>
        <translation>Bestätigen: %1</translation>
    </message>
    <message>
        <source>This request will be sent to the Wazuh manager now and recorded in the audit log as &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation>Diese Anfrage wird jetzt an den Wazuh-Manager gesendet und im Audit-Log als &lt;b&gt;%1&lt;/b&gt; festgehalten.</translation>
    </message>
    <message>
        <source>none (an action on the agent)</source>
        <translation>keiner (eine Aktion auf dem Agent)</translation>
    </message>
    <message>
        <source>restart (no command)</source>
        <translation>Neustart (kein Befehl)</translation>
    </message>
    <message>
        <source>extra arguments: %1</source>
        <translation>zusätzliche Argumente: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>not configured (WAZUH_API_URL is not set): the attempt will fail</source>
        <translation>nicht konfiguriert (WAZUH_API_URL ist nicht gesetzt): der Versuch schlägt fehl</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>Aktion:</translation>
    </message>
    <message>
        <source>Agent:</source>
        <translation>Agent:</translation>
    </message>
    <message>
        <source>Alert:</source>
        <translation>Alarm:</translation>
    </message>
    <message>
        <source>Wazuh API:</source>
        <translation>Wazuh-API:</translation>
    </message>
    <message>
        <source>Request:</source>
        <translation>Anfrage:</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>Befehl:</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Argumente:</translation>
    </message>
    <message>
        <source>(no request body)</source>
        <translation>(kein Anfrage-Body)</translation>
    </message>
    <message>
        <source>Request body:</source>
        <translation>Anfrage-Body:</translation>
    </message>
    <message>
        <source>Why (optional, recorded in the audit log)</source>
        <translation>Warum (optional, wird im Audit-Log festgehalten)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Sending… (the window stays usable; the answer appears here)</source>
        <translation>Wird gesendet… (das Fenster bleibt bedienbar; die Antwort erscheint hier)</translation>
    </message>
    <message>
        <source>Done: Wazuh accepted the request for agent %1.</source>
        <translation>Erledigt: Wazuh hat die Anfrage für Agent %1 angenommen.</translation>
    </message>
    <message>
        <source>Partly done: accepted for agent %1, refused for others.</source>
        <translation>Teilweise erledigt: für Agent %1 angenommen, für andere abgelehnt.</translation>
    </message>
    <message>
        <source>Dry run: nothing was sent.</source>
        <translation>Probelauf: nichts wurde gesendet.</translation>
    </message>
    <message>
        <source>Nothing was sent: %1</source>
        <translation>Nichts wurde gesendet: %1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Agent %1: Wazuh error %2: %3</source>
        <translation>Agent %1: Wazuh-Fehler %2: %3</translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation>Was zu tun ist: %1</translation>
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation>HTTP-Status %1</translation>
    </message>
    <message>
        <source>Recorded in the audit log (entry %1).</source>
        <translation>Im Audit-Log festgehalten (Eintrag %1).</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
</context>
<context>
    <name>eos::RemediationService</name>
    <message>
        <source>The database is not reachable.</source>
        <translation>Die Datenbank ist nicht erreichbar.</translation>
    </message>
</context>
<context>
    <name>eos::RemediationView</name>
    <message>
        <source>Filter by agent, alert, action, analyst, policy or message</source>
        <translation>Nach Agent, Alarm, Aktion, Analyst, Richtlinie oder Meldung filtern</translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation>Alle Ergebnisse</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Refused or skipped</source>
        <translation>Abgelehnt oder übersprungen</translation>
    </message>
    <message>
        <source>Dry runs</source>
        <translation>Probeläufe</translation>
    </message>
    <message>
        <source>Policy paused/resumed</source>
        <translation>Richtlinie angehalten/fortgesetzt</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Auto-response policies</source>
        <translation>Richtlinien für automatische Reaktionen</translation>
    </message>
    <message>
        <source>&amp;Pause Policy…</source>
        <translation>Richtlinie an&amp;halten…</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Richtlinie</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Decisions (24 h)</source>
        <translation>Entscheidungen (24 h)</translation>
    </message>
    <message>
        <source>Last match</source>
        <translation>Letzter Treffer</translation>
    </message>
    <message>
        <source>Policy limit</source>
        <translation>Limit der Richtlinie</translation>
    </message>
    <message>
        <source>Busiest agent</source>
        <translation>Meistbetroffener Agent</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Could not change policy %1: %2</source>
        <translation>Richtlinie %1 konnte nicht geändert werden: %2</translation>
    </message>
    <message>
        <source>Policy %1 paused</source>
        <translation>Richtlinie %1 angehalten</translation>
    </message>
    <message>
        <source>Policy %1 resumed</source>
        <translation>Richtlinie %1 fortgesetzt</translation>
    </message>
    <message>
        <source>Partly done</source>
        <translation>Teilweise erledigt</translation>
    </message>
    <message>
        <source>Not sent (error)</source>
        <translation>Nicht gesendet (Fehler)</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>Ergebnis unbekannt</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation>Probelauf</translation>
    </message>
    <message>
        <source>Policy paused</source>
        <translation>Richtlinie angehalten</translation>
    </message>
    <message>
        <source>Policy resumed</source>
        <translation>Richtlinie fortgesetzt</translation>
    </message>
    <message>
        <source>Actions unavailable: %1</source>
        <translation>Aktionen nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>policy %1</source>
        <translation>Richtlinie %1</translation>
    </message>
    <message>
        <source>Wazuh error %1: %2</source>
        <translation>Wazuh-Fehler %1: %2</translation>
    </message>
    <message>
        <source>%1 of %2 actions</source>
        <translation>%1 von %2 Aktionen</translation>
    </message>
    <message>
        <source>No policies: set EOS_RESPONSE_POLICIES to a JSON file (see the README) to act automatically.</source>
        <translation>Keine Richtlinien: EOS_RESPONSE_POLICIES auf eine JSON-Datei setzen (siehe README), um automatisch zu reagieren.</translation>
    </message>
    <message>
        <source>Figures unavailable: %1</source>
        <translation>Zahlen nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>paused by %1</source>
        <translation>angehalten von %1</translation>
    </message>
    <message>
        <source>dry run</source>
        <translation>Probelauf</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>%1 of %2 in %3 min</source>
        <translation>%1 von %2 in %3 min</translation>
    </message>
    <message>
        <source>%1 (no limit)</source>
        <translation>%1 (ohne Limit)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>At its limit: further matches are skipped until the window passes</source>
        <translation>Am Limit: weitere Treffer werden übersprungen, bis das Zeitfenster vorbei ist</translation>
    </message>
    <message>
        <source>One agent is at its limit: further matches on it are skipped until the window passes</source>
        <translation>Ein Agent ist am Limit: weitere Treffer auf ihm werden übersprungen, bis das Zeitfenster vorbei ist</translation>
    </message>
    <message>
        <source>&amp;Resume Policy…</source>
        <translation>Richtlinie &amp;fortsetzen…</translation>
    </message>
    <message>
        <source>Pause Policy %1</source>
        <translation>Richtlinie %1 anhalten</translation>
    </message>
    <message>
        <source>Resume Policy %1</source>
        <translation>Richtlinie %1 fortsetzen</translation>
    </message>
    <message>
        <source>Why pause it? While paused, its matches are recorded as skipped.</source>
        <translation>Warum anhalten? Solange sie angehalten ist, werden ihre Treffer als übersprungen festgehalten.</translation>
    </message>
    <message>
        <source>Why resume it?</source>
        <translation>Warum fortsetzen?</translation>
    </message>
</context>
<context>
    <name>eos::SavedViewsMenu</name>
    <message>
        <source>Saved &amp;Views</source>
        <translation>Gespeicherte &amp;Ansichten</translation>
    </message>
    <message>
        <source>&amp;Save Current View As…</source>
        <translation>Aktuelle Ansicht &amp;speichern unter …</translation>
    </message>
    <message>
        <source>&amp;Load View</source>
        <translation>Ansicht &amp;laden</translation>
    </message>
    <message>
        <source>&amp;Delete View</source>
        <translation>Ansicht &amp;löschen</translation>
    </message>
    <message>
        <source>Saved views unavailable: %1</source>
        <translation>Gespeicherte Ansichten nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Saved view “%1”</source>
        <translation>Ansicht „%1“ gespeichert</translation>
    </message>
    <message>
        <source>The view could not be saved: %1</source>
        <translation>Die Ansicht konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Deleted view “%1”</source>
        <translation>Ansicht „%1“ gelöscht</translation>
    </message>
    <message>
        <source>Cannot delete view “%1”: %2</source>
        <translation>Ansicht „%1“ kann nicht gelöscht werden: %2</translation>
    </message>
    <message>
        <source>Save View</source>
        <translation>Ansicht speichern</translation>
    </message>
    <message>
        <source>Name of this view (filter and columns):</source>
        <translation>Name dieser Ansicht (Filter und Spalten):</translation>
    </message>
    <message>
        <source>Delete View</source>
        <translation>Ansicht löschen</translation>
    </message>
    <message>
        <source>Delete the saved view “%1”?</source>
        <translation>Die gespeicherte Ansicht „%1“ löschen?</translation>
    </message>
</context>
<context>
    <name>eos::SavedViewsStore</name>
    <message>
        <source>Cannot reach the database: %1</source>
        <translation>Die Datenbank ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Cannot save the view: %1</source>
        <translation>Die Ansicht kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>There is no saved view "%1".</source>
        <translation>Es gibt keine gespeicherte Ansicht „%1“.</translation>
    </message>
    <message>
        <source>A view named "%1" exists already.</source>
        <translation>Eine Ansicht namens „%1“ gibt es bereits.</translation>
    </message>
    <message>
        <source>The view was not saved.</source>
        <translation>Die Ansicht wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>The view was not deleted.</source>
        <translation>Die Ansicht wurde nicht gelöscht.</translation>
    </message>
</context>
<context>
    <name>eos::SecretStore</name>
    <message>
        <source>no keyring service is running (Secret Service or KWallet)</source>
        <translation>kein Schlüsselbund-Dienst läuft (Secret Service oder KWallet)</translation>
    </message>
    <message>
        <source>no keyring service answers: %1</source>
        <translation>kein Schlüsselbund-Dienst antwortet: %1</translation>
    </message>
</context>
<context>
    <name>eos::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>Systemsprache (%1)</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Local time (%1)</source>
        <translation>Ortszeit (%1)</translation>
    </message>
    <message>
        <source>Time &amp;zone of the time column:</source>
        <translation>&amp;Zeitzone der Zeitspalte:</translation>
    </message>
    <message>
        <source>&amp;Analyst name:</source>
        <translation>&amp;Name des Analysten:</translation>
    </message>
    <message>
        <source>Recorded in the audit trail of every triage action. Empty: %1.</source>
        <translation>Wird im Audit-Protokoll jeder Triage-Aktion festgehalten. Leer: %1.</translation>
    </message>
    <message>
        <source>Run the embedded alert &amp;pipeline</source>
        <translation>Eingebettete Alarm-&amp;Pipeline ausführen</translation>
    </message>
    <message>
        <source>Language and pipeline changes take effect at the next start. Without the pipeline Eos is a pure console on a database that daemons fill.</source>
        <translation>Änderungen von Sprache und Pipeline wirken beim nächsten Start. Ohne Pipeline ist Eos eine reine Konsole auf einer Datenbank, die Daemons füllen.</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Secrets in the OS keyring</source>
        <translation>Geheimnisse im Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>Checking the OS keyring…</source>
        <translation>Schlüsselbund des Systems wird geprüft…</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>New value (not shown)</source>
        <translation>Neuer Wert (wird nicht angezeigt)</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>&amp;Wert:</translation>
    </message>
    <message>
        <source>&amp;Store in Keyring</source>
        <translation>Im Schlüsselbund &amp;speichern</translation>
    </message>
    <message>
        <source>&amp;Remove from Keyring</source>
        <translation>Aus dem Schlüsselbund &amp;entfernen</translation>
    </message>
    <message>
        <source>%1 is stored in the OS keyring; it is used from the next start unless the env file or the environment sets it.</source>
        <translation>%1 ist im Schlüsselbund des Systems gespeichert; es gilt ab dem nächsten Start, sofern die Env-Datei oder die Umgebung es nicht setzt.</translation>
    </message>
    <message>
        <source>Could not store %1 in the OS keyring: %2</source>
        <translation>%1 konnte nicht im Schlüsselbund des Systems gespeichert werden: %2</translation>
    </message>
    <message>
        <source>%1 is no longer in the OS keyring.</source>
        <translation>%1 ist nicht mehr im Schlüsselbund des Systems.</translation>
    </message>
    <message>
        <source>Could not remove %1 from the OS keyring: %2</source>
        <translation>%1 konnte nicht aus dem Schlüsselbund des Systems entfernt werden: %2</translation>
    </message>
    <message>
        <source>Secrets stored here are used when the env file and the environment leave them unset.</source>
        <translation>Hier gespeicherte Geheimnisse gelten, wenn die Env-Datei und die Umgebung sie nicht setzen.</translation>
    </message>
    <message>
        <source>The OS keyring is not available (%1). Keep secrets in the env file %2, readable only by you (mode 0600).</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar (%1). Bewahren Sie Geheimnisse in der Env-Datei %2 auf, nur für Sie lesbar (Modus 0600).</translation>
    </message>
</context>
<context>
    <name>eos::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
</context>
<context>
    <name>eos::TimeRangePicker</name>
    <message>
        <source>Time range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Time range of the alerts shown (the filter's last:, after: and before: terms)</source>
        <translation>Zeitraum der angezeigten Alarme (die Filterbegriffe last:, after: und before:)</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>Letzte 15 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Benutzerdefiniert…</translation>
    </message>
    <message>
        <source>Custom Time Range</source>
        <translation>Benutzerdefinierter Zeitraum</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Von:</translation>
    </message>
    <message>
        <source>Last %1</source>
        <translation>Letzte %1</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>Until:</source>
        <translation>Bis:</translation>
    </message>
    <message>
        <source>“From” must be before “Until”.</source>
        <translation>„Von“ muss vor „Bis“ liegen.</translation>
    </message>
</context>
<context>
    <name>eos::TokenUsageChart</name>
    <message>
        <source>Tokens per day</source>
        <translation>Tokens pro Tag</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <source>%1 tokens (%2)</source>
        <translation>%1 Tokens (%2)</translation>
    </message>
    <message>
        <source>Today: %1 · %2 days: %3</source>
        <translation>Heute: %1 · %2 Tage: %3</translation>
    </message>
    <message>
        <source>max %1</source>
        <translation>max. %1</translation>
    </message>
</context>
<context>
    <name>eos::TriageHistoryView</name>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Marked false positive</source>
        <translation>Als Fehlalarm markiert</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Eskaliert</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Zugewiesen</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Zuweisung aufgehoben</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>Wieder geöffnet</translation>
    </message>
    <message>
        <source>Stage gave up</source>
        <translation>Stufe aufgegeben</translation>
    </message>
    <message>
        <source>Retried</source>
        <translation>Erneut versucht</translation>
    </message>
    <message>
        <source>Remediation</source>
        <translation>Abhilfe</translation>
    </message>
    <message>
        <source>Auto-response</source>
        <translation>Automatische Reaktion</translation>
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation>%1 zugewiesen</translation>
    </message>
    <message numerus="yes">
        <source>Failed in stage %1 after %n attempt(s)</source>
        <translation><numerusform>Fehlgeschlagen in Stufe %1 nach %n Versuch</numerusform><numerusform>Fehlgeschlagen in Stufe %1 nach %n Versuchen</numerusform></translation>
    </message>
    <message>
        <source>Failed in stage %1</source>
        <translation>Fehlgeschlagen in Stufe %1</translation>
    </message>
    <message>
        <source>Retried stage %1</source>
        <translation>Stufe %1 erneut versucht</translation>
    </message>
    <message>
        <source>Jira dispatch created: %1</source>
        <translation>Jira-Vorgang angelegt: %1</translation>
    </message>
    <message>
        <source>%1: %2 on agent %3: %4</source>
        <translation>%1: %2 auf Agent %3: %4</translation>
    </message>
    <message>
        <source> (Wazuh error %1)</source>
        <translation> (Wazuh-Fehler %1)</translation>
    </message>
    <message>
        <source>History unavailable: %1</source>
        <translation>Verlauf nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Eos pipeline (%1)</source>
        <translation>Eos-Pipeline (%1)</translation>
    </message>
    <message>
        <source>policy %1</source>
        <translation>Richtlinie %1</translation>
    </message>
    <message>
        <source>last error: %1</source>
        <translation>letzter Fehler: %1</translation>
    </message>
    <message>
        <source>Not triaged yet</source>
        <translation>Noch nicht bearbeitet</translation>
    </message>
</context>
<context>
    <name>eos::TriageStore</name>
    <message>
        <source>No alert selected.</source>
        <translation>Kein Alarm ausgewählt.</translation>
    </message>
    <message>
        <source>A reason is required to mark alerts as false positive.</source>
        <translation>Um Alarme als Fehlalarm zu markieren, ist eine Begründung nötig.</translation>
    </message>
    <message>
        <source>A reason is required to escalate alerts.</source>
        <translation>Um Alarme zu eskalieren, ist eine Begründung nötig.</translation>
    </message>
    <message>
        <source>Cannot reach the database: %1</source>
        <translation>Die Datenbank ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Cannot start a transaction: %1</source>
        <translation>Die Transaktion kann nicht begonnen werden: %1</translation>
    </message>
    <message>
        <source>The triage action failed: %1</source>
        <translation>Die Triage-Aktion ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cannot commit the triage action: %1</source>
        <translation>Die Triage-Aktion kann nicht abgeschlossen werden: %1</translation>
    </message>
    <message>
        <source>The retry failed: %1</source>
        <translation>Der erneute Versuch ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cannot commit the retry: %1</source>
        <translation>Der erneute Versuch kann nicht festgeschrieben werden: %1</translation>
    </message>
    <message>
        <source>The database is not reachable.</source>
        <translation>Die Datenbank ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>Retry failed: %1</source>
        <translation>Erneuter Versuch fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>No failed alert to retry</source>
        <translation>Kein fehlgeschlagener Alarm zum erneuten Versuch</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n alert(s) back to their stage</source>
        <translation><numerusform>%n Alarm an seine Stufe zurückgegeben</numerusform><numerusform>%n Alarme an ihre Stufe zurückgegeben</numerusform></translation>
    </message>
    <message numerus="yes">
        <source> (%n not failed, left as they were)</source>
        <translation><numerusform> (%n nicht fehlgeschlagen, unverändert)</numerusform><numerusform> (%n nicht fehlgeschlagen, unverändert)</numerusform></translation>
    </message>
    <message>
        <source>Cannot reach the database: %1; nothing was changed</source>
        <translation>Die Datenbank ist nicht erreichbar: %1; nichts wurde geändert</translation>
    </message>
    <message>
        <source>The connection to the database was lost during the triage action; check the alert's history before repeating it: %1</source>
        <translation>Die Verbindung zur Datenbank ist während der Triage-Aktion abgebrochen; vor einer Wiederholung den Verlauf des Alarms prüfen: %1</translation>
    </message>
</context>
</TS>