package dev.fling.admission;

import dev.fling.admission.sql.FlinkSqlScripts;
import dev.fling.admission.sql.SqlScriptCheck;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fling.events.payload.FieldError;
import dev.fling.events.payload.LaunchRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes a SQL launch invalid whatever its sender's policy: not exactly one of jar, script and
 * script URI, a program's entry class or arguments next to a script, and a script that would fail
 * at once (its syntax, its statements).
 */
final class SqlLaunches {

    private static final List<String> PROGRAMS = List.of("jarURI", "sql", "sqlURI");

    private SqlLaunches() {
    }

    /**
     * The schema's errors, its "exactly one of jarURI, sql, sqlURI" (a oneOf, which the validator
     * reports as "valid to one and only one schema ... indexes") said in words.
     */
    static List<FieldError> clarify(JsonNode data, List<FieldError> errors) {
        List<String> present = PROGRAMS.stream().filter(data::has).toList();
        return errors.stream().map(error -> error.field().isEmpty() && error.message().contains("one and only one schema")
                ? new FieldError("", "exactly one of jarURI, sql and sqlURI is required; this launch has "
                        + (present.isEmpty() ? "none" : String.join(", ", present)))
                : error).toList();
    }

    static List<FieldError> faults(LaunchRequest launch) {
        if (launch.sql() == null && launch.sqlURI() == null) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        if (launch.entryClass() != null) {
            errors.add(new FieldError("/entryClass", "only a jarURI launch has an entry class; a SQL script has none"));
        }
        if (launch.args() != null) {
            errors.add(new FieldError("/args", "only a jarURI launch takes program arguments; a SQL script has none"));
        }
        if (launch.sql() != null) {
            errors.addAll(SqlScriptCheck.faults(FlinkSqlScripts.parse(launch.sql())));
        }
        return errors;
    }
}
