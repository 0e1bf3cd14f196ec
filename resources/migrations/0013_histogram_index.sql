-- A second time index that also carries the columns the filter's common terms test (agent, rule, level,
-- source IP, groups), so the histogram, the Overview and time-ordered pages with such terms read them
-- from an index alone (an index-only scan) instead of every alert's heap row (about 1 kB each, the raw
-- JSON). On 1M alerts the 30-day histogram with `-agent:001` read 125,000 heap pages (3.3 s on the
-- loaded 2-core machine); from this index it reads 16,000 index pages (0.6 s warm, same load).
-- The narrow alerts_alert_ts_idx (alert_ts, id) INCLUDE (rule_level) stays: at a third of this one's
-- size it answers unfiltered and level-only histograms and the time order's pages faster (the planner
-- takes the smaller index when both can answer).
CREATE INDEX IF NOT EXISTS alerts_ts_cover_idx ON alerts (alert_ts, id) INCLUDE (rule_level, agent_id, rule_id, src_ip, groups);
