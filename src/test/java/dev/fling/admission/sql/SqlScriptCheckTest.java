package dev.fling.admission.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.events.payload.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flink's parser and the decisions on its statements: every way a script is refused, and what passes. */
class SqlScriptCheckTest {

    private static final List<String> CONNECTORS = List.of("datagen", "print", "blackhole", "filesystem", "kafka");
    private static final List<String> FORBIDDEN = List.of("kubernetes.", "env.", "pipeline.jars");
    private static final String SOURCE = "CREATE TABLE src (x INT) WITH ('connector' = 'datagen');\n";

    @Test
    void aWellFormedScriptHasNoFaultsAndNoViolations() {
        ParsedScript script = FlinkSqlScripts.parse("""
                SET 'pipeline.name' = 'orders';
                CREATE TABLE src (x INT) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
                CREATE TABLE sink (x INT) WITH ('connector' = 'filesystem', 'path' = 'out/totals', 'format' = 'csv');
                CREATE TEMPORARY VIEW doubled AS SELECT x * 2 AS x FROM src;
                CREATE TEMPORARY FUNCTION f AS 'com.example.F';
                BEGIN STATEMENT SET;
                INSERT INTO sink SELECT x FROM doubled;
                INSERT INTO sink SELECT x FROM src;
                END;
                """);

        assertThat(script.syntaxError()).isNull();
        assertThat(script.statements()).extracting(ScriptStatement::kind).containsExactly(ScriptStatement.Kind.SET,
                ScriptStatement.Kind.CREATE_TABLE, ScriptStatement.Kind.CREATE_TABLE, ScriptStatement.Kind.CREATE_VIEW,
                ScriptStatement.Kind.CREATE_FUNCTION, ScriptStatement.Kind.STATEMENT_SET_MARKER,
                ScriptStatement.Kind.INSERT, ScriptStatement.Kind.INSERT, ScriptStatement.Kind.STATEMENT_SET_MARKER);
        assertThat(SqlScriptCheck.faults(script)).isEmpty();
        assertThat(SqlScriptCheck.violations(script, CONNECTORS, FORBIDDEN)).isEmpty();
    }

    @Test
    void aSyntaxErrorSaysWhereTheParserStopped() {
        List<FieldError> faults = SqlScriptCheck.faults(FlinkSqlScripts.parse(SOURCE + "INSERT INTO src SELEC x FROM src"));

        assertThat(faults).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("/sql");
            assertThat(error.message()).startsWith("line 2, column 17: syntax error: ");
        });
    }

    @Test
    void aScriptWithoutInsertWouldRunNoJob() {
        assertThat(messages(SqlScriptCheck.faults(FlinkSqlScripts.parse(SOURCE))))
                .containsExactly("the script has no INSERT INTO statement, so it would run no job");
    }

    @Test
    void aQueryOnItsOwnGoesNowhere() {
        assertThat(messages(SqlScriptCheck.faults(FlinkSqlScripts.parse(SOURCE + "SELECT x FROM src;\n"
                + "INSERT INTO src SELECT 1;")))).containsExactly("line 2, column 1: a query on its own sends its rows "
                        + "nowhere in a job; write INSERT INTO <table> SELECT ...");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DROP TABLE src|DropTable",
            "CREATE TABLE t WITH ('connector' = 'print') AS SELECT x FROM src|CREATE TABLE ... AS SELECT",
            "CREATE FUNCTION f AS 'com.example.F' USING JAR 'https://example.com/f.jar'|USING JAR",
            "ADD JAR '/tmp/evil.jar'|AddJar",
            "EXECUTE STATEMENT SET BEGIN INSERT INTO src SELECT 1; END|Execute",
            "USE CATALOG other|UseCatalog",
    })
    void statementsALaunchMayNotRunAreNamed(String statement, String named) {
        List<String> faults = messages(SqlScriptCheck.faults(FlinkSqlScripts.parse(SOURCE + statement + ";\n"
                + "INSERT INTO src SELECT 1;")));

        // Calcite places some statements at their second word (ADD JAR at "JAR"): the line is what matters.
        assertThat(faults).singleElement().asString().startsWith("line 2, column ").contains(named)
                .contains("is not allowed in a launch script");
    }

    @Test
    void aTableWithoutConnectorIsAFault() {
        assertThat(messages(SqlScriptCheck.faults(FlinkSqlScripts.parse(
                "CREATE TABLE t (x INT);\nINSERT INTO t SELECT 1;"))))
                .containsExactly("line 1, column 1: CREATE TABLE t has no 'connector' option");
    }

    @Test
    void aTableLikeAnotherMayInheritItsConnector() {
        assertThat(SqlScriptCheck.faults(FlinkSqlScripts.parse(SOURCE
                + "CREATE TABLE copy LIKE src;\nINSERT INTO copy SELECT x FROM src;"))).isEmpty();
    }

    @Test
    void connectorsOutsideThePolicyAreViolationsWithTheirLine() {
        ParsedScript script = FlinkSqlScripts.parse(SOURCE
                + "CREATE TABLE db (x INT) WITH ('connector' = 'jdbc');\nINSERT INTO db SELECT x FROM src;");

        assertThat(messages(SqlScriptCheck.violations(script, CONNECTORS, FORBIDDEN))).containsExactly(
                "line 2, column 1: connector 'jdbc' of CREATE TABLE db is not allowed; allowed: datagen, print, "
                        + "blackhole, filesystem, kafka");
    }

    @Test
    void forbiddenSetKeysAndTableHintOptionsAreViolations() {
        ParsedScript script = FlinkSqlScripts.parse("SET 'env.java.opts.all' = '-Dx';\n"
                + "SET 'table.dynamic-table-options.enabled' = 'true';\nSET 'pipeline.name' = 'fine';\n" + SOURCE
                + "INSERT INTO src SELECT 1;");

        assertThat(messages(SqlScriptCheck.violations(script, CONNECTORS, FORBIDDEN))).containsExactly(
                "line 1, column 1: SET 'env.java.opts.all' may not be set by a request (matches 'env.')",
                "line 2, column 1: SET 'table.dynamic-table-options.enabled' may not be set by a request "
                        + "(matches 'table.dynamic-table-options.')");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/etc/passwd|must be a relative path inside the job's directory",
            "file:///etc|must be a relative path inside the job's directory",
            "s3://bucket/x|must be a relative path inside the job's directory",
            "out/../../..|must not leave the job's directory",
    })
    void aFilesystemTableMustStayInTheJobsDirectory(String path, String problem) {
        ParsedScript script = FlinkSqlScripts.parse(SOURCE + "CREATE TABLE f (x INT) WITH ('connector' = 'filesystem', "
                + "'path' = '" + path + "', 'format' = 'csv');\nINSERT INTO f SELECT x FROM src;");

        assertThat(messages(SqlScriptCheck.violations(script, CONNECTORS, FORBIDDEN))).singleElement().asString()
                .startsWith("line 2, column 1: 'path' of CREATE TABLE f '" + path + "' " + problem);
    }

    private static List<String> messages(List<FieldError> errors) {
        assertThat(errors).allSatisfy(error -> assertThat(error.field()).isEqualTo("/sql"));
        return errors.stream().map(FieldError::message).toList();
    }
}
