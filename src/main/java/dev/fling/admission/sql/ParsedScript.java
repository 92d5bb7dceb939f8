package dev.fling.admission.sql;

import java.util.List;

/**
 * A launch's SQL script after Flink's parser: its statements, or the syntax error that stopped
 * the parser (with where it stopped).
 */
public record ParsedScript(List<ScriptStatement> statements, SyntaxError syntaxError) {

    public ParsedScript {
        statements = List.copyOf(statements);
    }

    static ParsedScript of(List<ScriptStatement> statements) {
        return new ParsedScript(statements, null);
    }

    static ParsedScript failed(SyntaxError error) {
        return new ParsedScript(List.of(), error);
    }

    /** What the parser said and where (line and column 1-based; 0 when it did not say). */
    public record SyntaxError(int line, int column, String message) {}
}
