package dev.fling.admission.sql;

import dev.fling.events.payload.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides what in a parsed launch script is refused, each error on {@code /sql} with the line and
 * column of its statement. Two groups: {@link #faults} the script itself has (it would fail at
 * once wherever it ran) and {@link #violations} of the sender's policy (connectors, SET keys).
 */
public final class SqlScriptCheck {

    /** Always refused in SET, whatever the policy: table hints would let a query swap a table's connector options. */
    static final String DYNAMIC_OPTIONS = "table.dynamic-table-options.";

    private SqlScriptCheck() {
    }

    /** What makes the script invalid: syntax, statements a launch may not run, a query going nowhere, no INSERT. */
    public static List<FieldError> faults(ParsedScript script) {
        if (script.syntaxError() != null) {
            ParsedScript.SyntaxError error = script.syntaxError();
            String at = error.line() > 0 ? "line " + error.line() + ", column " + error.column() + ": " : "";
            return List.of(sql(at + "syntax error: " + error.message()));
        }
        List<FieldError> errors = new ArrayList<>();
        boolean inserts = false;
        for (ScriptStatement statement : script.statements()) {
            switch (statement.kind()) {
                case INSERT -> inserts = true;
                case QUERY -> errors.add(sql(statement.at() + ": a query on its own sends its rows nowhere in a job; "
                        + "write INSERT INTO <table> SELECT ..."));
                case NOT_ALLOWED -> errors.add(sql(statement.at() + ": " + statement.detail()
                        + " is not allowed in a launch script; use SET, CREATE TABLE, CREATE VIEW, CREATE FUNCTION "
                        + "and INSERT INTO"));
                case CREATE_TABLE -> {
                    if (connector(statement).isEmpty() && !statement.detail().contains(" LIKE ")) {
                        errors.add(sql(statement.at() + ": " + statement.detail() + " has no 'connector' option"));
                    }
                }
                default -> {
                }
            }
        }
        if (!inserts) {
            errors.add(sql("the script has no INSERT INTO statement, so it would run no job"));
        }
        return errors;
    }

    /** What the script asks for that the sender's policy does not allow. */
    public static List<FieldError> violations(ParsedScript script, List<String> allowedConnectors,
            List<String> forbiddenKeys) {
        List<FieldError> errors = new ArrayList<>();
        for (ScriptStatement statement : script.statements()) {
            if (statement.kind() == ScriptStatement.Kind.SET) {
                forbidden(statement.key(), forbiddenKeys).ifPresent(prefix -> errors.add(sql(statement.at()
                        + ": SET '" + statement.key() + "' may not be set by a request (matches '" + prefix + "')")));
            }
            if (statement.kind() == ScriptStatement.Kind.CREATE_TABLE) {
                connector(statement).ifPresent(connector -> {
                    if (!allowedConnectors.contains(connector.toLowerCase(Locale.ROOT))) {
                        errors.add(sql(statement.at() + ": connector '" + connector + "' of " + statement.detail()
                                + " is not allowed; allowed: " + String.join(", ", allowedConnectors)));
                    } else if (connector.equalsIgnoreCase("filesystem")) {
                        pathProblem(statement.options().get("path")).ifPresent(problem -> errors.add(sql(
                                statement.at() + ": 'path' of " + statement.detail() + " " + problem)));
                    }
                });
            }
        }
        return errors;
    }

    /**
     * Why a filesystem table's path reaches outside the job's own directory, if it does: it must be
     * relative (the job's processes run in its directory) and must not climb out with "..".
     */
    static Optional<String> pathProblem(String path) {
        if (path == null || path.isBlank()) {
            return Optional.of("is missing");
        }
        if (path.startsWith("/") || path.startsWith("~") || path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return Optional.of("'" + path + "' must be a relative path inside the job's directory (no scheme, "
                    + "no leading '/')");
        }
        for (String segment : path.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return Optional.of("'" + path + "' must not leave the job's directory ('..')");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> connector(ScriptStatement statement) {
        return statement.options().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("connector"))
                .map(java.util.Map.Entry::getValue).findFirst();
    }

    private static Optional<String> forbidden(String key, List<String> forbiddenKeys) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.startsWith(DYNAMIC_OPTIONS)) {
            return Optional.of(DYNAMIC_OPTIONS);
        }
        return forbiddenKeys.stream().filter(lower::startsWith).findFirst();
    }

    private static FieldError sql(String message) {
        return new FieldError("/sql", message);
    }
}
