-- A streaming job: reads Fling's own lifecycle events (fling.events, structured CloudEvents in
-- JSON, Fling's default encoding) and keeps, per event type, how many it has seen in
-- fling.event-counts (keyed by type: the newest record of a key is its count). Replace
-- localhost:9092 with your broker. It runs until cancelled: rescale it, take savepoints, stop it
-- with one and launch it again with restoreFrom.
CREATE TABLE fling_events (
  `type` STRING,
  subject STRING
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
  `type` STRING,
  events BIGINT,
  PRIMARY KEY (`type`) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'fling.event-counts',
  'properties.bootstrap.servers' = 'localhost:9092',
  'key.format' = 'json',
  'value.format' = 'json'
);

INSERT INTO event_counts
SELECT `type`, COUNT(*) FROM fling_events WHERE `type` IS NOT NULL GROUP BY `type`;
