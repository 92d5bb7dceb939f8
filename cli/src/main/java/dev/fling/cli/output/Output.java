package dev.fling.cli.output;

/** How results are printed: lines for people and logs, or JSON for machines. */
public enum Output {
    /** One line per event (time, type, job, fields); tables and key: value lists for queries. */
    text,
    /** Each event as its structured CloudEvent JSON, one per line; queries as Fling answers them. */
    json
}
