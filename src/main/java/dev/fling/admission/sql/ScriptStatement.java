package dev.fling.admission.sql;

import java.util.Map;

/**
 * One statement of a launch's SQL script as admission sees it: what kind it is, where it starts
 * (1-based line and column), and what the checks need of it.
 *
 * @param options a CREATE TABLE's WITH options (keys as written), empty otherwise
 * @param key a SET statement's key, null otherwise
 * @param detail what the statement is, in words, for messages
 */
public record ScriptStatement(Kind kind, int line, int column, Map<String, String> options, String key,
        String detail) {

    public ScriptStatement {
        options = Map.copyOf(options);
    }

    /** Where the statement starts, as messages say it. */
    public String at() {
        return "line " + line + ", column " + column;
    }

    /** The statements admission tells apart. */
    public enum Kind {
        SET,
        CREATE_TABLE,
        CREATE_VIEW,
        CREATE_FUNCTION,
        INSERT,
        /** BEGIN STATEMENT SET and END: allowed, and redundant (every INSERT joins one statement set). */
        STATEMENT_SET_MARKER,
        /** A query on its own: its rows would go nowhere. */
        QUERY,
        /** Anything a launch script may not do (DROP, ALTER, USE, ADD JAR, CREATE TABLE AS, EXECUTE ...). */
        NOT_ALLOWED
    }
}
