-- A streaming job: reads Fling's own lifecycle events (fling.events, structured CloudEvents in
-- JSON) and writes, every 5 seconds, how many events of each type it saw to fling.event-counts.
-- Replace localhost:9092 with your broker. It runs until cancelled: rescale it, take savepoints,
-- stop it with one and launch it again with restoreFrom, like any streaming job.
CREATE TABLE fling_events (
  `type` STRING,
  subject STRING,
  proc AS PROCTIME()
) WITH (
  'connector' = 'kafka',
  'topic' = 'fling.events',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'fling-sql-event-counts',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE event_counts (
  window_end TIMESTAMP(3),
  `type` STRING,
  events BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'fling.event-counts',
  'properties.bootstrap.servers' = 'localhost:9092',
  'format' = 'json'
);

INSERT INTO event_counts
SELECT window_end, `type`, COUNT(*)
FROM TABLE(TUMBLE(TABLE fling_events, DESCRIPTOR(proc), INTERVAL '5' SECONDS))
GROUP BY window_start, window_end, `type`;
