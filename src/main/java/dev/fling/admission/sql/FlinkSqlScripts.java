package dev.fling.admission.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.flink.sql.parser.dml.SqlBeginStatementSet;
import org.apache.flink.sql.parser.ddl.SqlCreateFunction;
import org.apache.flink.sql.parser.ddl.SqlCreateTable;
import org.apache.flink.sql.parser.ddl.SqlCreateTableAs;
import org.apache.flink.sql.parser.ddl.SqlCreateTableLike;
import org.apache.flink.sql.parser.ddl.SqlCreateView;
import org.apache.flink.sql.parser.dml.SqlEndStatementSet;
import org.apache.flink.sql.parser.ddl.SqlSet;
import org.apache.flink.sql.parser.ddl.SqlTableOption;
import org.apache.flink.sql.parser.dml.RichSqlInsert;
import org.apache.flink.sql.parser.impl.FlinkSqlParserImpl;
import org.apache.flink.sql.parser.validate.FlinkSqlConformance;

/**
 * Reads a launch's SQL script with Flink's own SQL parser (the one its planner uses, Calcite
 * generated), without a planner or a catalog: syntax and statement kinds only, so that what would
 * fail at once is refused before anything runs. Names of tables and types are the planner's to
 * check, on the cluster.
 */
public final class FlinkSqlScripts {

    // The parser settings of Flink's default SQL dialect (its planner's FlinkSqlParserFactories).
    private static final SqlParser.Config CONFIG = SqlParser.config()
            .withParserFactory(FlinkSqlParserImpl.FACTORY)
            .withConformance(FlinkSqlConformance.DEFAULT)
            .withLex(Lex.JAVA)
            .withIdentifierMaxLength(256);

    private FlinkSqlScripts() {
    }

    public static ParsedScript parse(String script) {
        SqlNodeList nodes;
        try {
            nodes = SqlParser.create(script, CONFIG).parseStmtList();
        } catch (SqlParseException e) {
            SqlParserPos pos = e.getPos();
            return ParsedScript.failed(new ParsedScript.SyntaxError(pos == null ? 0 : pos.getLineNum(),
                    pos == null ? 0 : pos.getColumnNum(), firstLine(e.getMessage())));
        } catch (RuntimeException e) {
            // The generated parser throws a few unchecked errors of its own (token manager errors).
            return ParsedScript.failed(new ParsedScript.SyntaxError(0, 0, firstLine(String.valueOf(e.getMessage()))));
        }
        List<ScriptStatement> statements = new ArrayList<>();
        for (SqlNode node : nodes) {
            statements.add(statement(node));
        }
        return ParsedScript.of(statements);
    }

    private static ScriptStatement statement(SqlNode node) {
        SqlParserPos pos = node.getParserPosition();
        int line = pos.getLineNum();
        int column = pos.getColumnNum();
        if (node instanceof SqlSet set && set.getKey() != null) {
            return new ScriptStatement(ScriptStatement.Kind.SET, line, column, Map.of(), set.getKeyString(), "SET");
        }
        if (node instanceof SqlCreateTableAs) {
            return notAllowed(line, column, "CREATE TABLE ... AS SELECT (write CREATE TABLE, then INSERT INTO it)");
        }
        if (node instanceof SqlCreateTable table) {
            Map<String, String> options = new LinkedHashMap<>();
            for (SqlNode option : table.getPropertyList()) {
                SqlTableOption o = (SqlTableOption) option;
                options.put(o.getKeyString(), o.getValueString());
            }
            String like = table instanceof SqlCreateTableLike copy
                    ? " LIKE " + copy.getTableLike().getSourceTable() : "";
            return new ScriptStatement(ScriptStatement.Kind.CREATE_TABLE, line, column, options, null,
                    "CREATE TABLE " + table.getTableName() + like);
        }
        if (node instanceof SqlCreateView view) {
            return new ScriptStatement(ScriptStatement.Kind.CREATE_VIEW, line, column, Map.of(), null,
                    "CREATE VIEW " + view.getViewName());
        }
        if (node instanceof SqlCreateFunction function) {
            if (!function.getResourceInfos().isEmpty()) {
                return notAllowed(line, column, "CREATE FUNCTION ... USING JAR (the job may only use the classes "
                        + "of its cluster)");
            }
            return new ScriptStatement(ScriptStatement.Kind.CREATE_FUNCTION, line, column, Map.of(), null,
                    "CREATE FUNCTION " + String.join(".", function.getFunctionIdentifier()));
        }
        if (node instanceof RichSqlInsert insert) {
            return new ScriptStatement(ScriptStatement.Kind.INSERT, line, column, Map.of(), null,
                    "INSERT INTO " + insert.getTargetTableID());
        }
        if (node instanceof SqlBeginStatementSet || node instanceof SqlEndStatementSet) {
            return new ScriptStatement(ScriptStatement.Kind.STATEMENT_SET_MARKER, line, column, Map.of(), null,
                    node instanceof SqlBeginStatementSet ? "BEGIN STATEMENT SET" : "END");
        }
        if (node.getKind().belongsTo(org.apache.calcite.sql.SqlKind.QUERY)) {
            return new ScriptStatement(ScriptStatement.Kind.QUERY, line, column, Map.of(), null, "a query");
        }
        return notAllowed(line, column, describe(node));
    }

    private static ScriptStatement notAllowed(int line, int column, String what) {
        return new ScriptStatement(ScriptStatement.Kind.NOT_ALLOWED, line, column, Map.of(), null, what);
    }

    /** The statement's kind in words: Flink's node class without its "Sql" prefix (SqlDropTable: DropTable). */
    private static String describe(SqlNode node) {
        String name = node.getClass().getSimpleName();
        return name.startsWith("Sql") ? name.substring(3) : name;
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message).trim();
    }
}
