-- The time order's index also carries the columns the filter's common terms test (agent, rule, level,
-- source IP, groups), so the histogram, the Overview and a time-ordered page with such terms read them
-- from the index alone (an index-only scan) instead of every alert's heap row (about 1 kB each, the raw
-- JSON). On 1M alerts the 30-day histogram with `-agent:001` read 125,000 heap pages (3.3 s on the
-- loaded 2-core machine); from this index it reads 16,000 index pages (0.6 s warm, same load).
-- The key stays (alert_ts, id): keyset pagination in time order uses it as before.
DROP INDEX IF EXISTS alerts_alert_ts_idx;
CREATE INDEX alerts_alert_ts_idx ON alerts (alert_ts, id) INCLUDE (rule_level, agent_id, rule_id, src_ip, groups);
