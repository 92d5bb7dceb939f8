package dev.fling.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlStatementsTest {

    @Test
    void splitsAtTheSemicolonsThatEndStatements() {
        assertEquals(List.of("SET 'a' = 'b'", "CREATE TABLE t (x INT) WITH ('connector' = 'datagen')",
                "INSERT INTO s SELECT * FROM t"),
                SqlStatements.split("SET 'a' = 'b';\nCREATE TABLE t (x INT) WITH ('connector' = 'datagen');\n"
                        + "INSERT INTO s SELECT * FROM t;\n"));
    }

    @Test
    void keepsSemicolonsInsideLiteralsIdentifiersAndComments() {
        String script = "INSERT INTO s SELECT 'a;b', `c;d`, \"e;f\", 'it''s; fine' FROM t -- x; y\n"
                + "/* one; two */ WHERE 1 = 1";
        assertEquals(List.of(script), SqlStatements.split(script + ";"));
    }

    @Test
    void dropsBlankAndCommentOnlyStatements() {
        assertEquals(List.of("INSERT INTO s SELECT 1"), SqlStatements.split(";;\n-- only a comment\n;\n"
                + "INSERT INTO s SELECT 1;\n/* trailing */"));
    }

    @Test
    void aSemicolonInALineCommentEndsNothing() {
        assertEquals(List.of("-- a; b\nINSERT INTO s SELECT 1"), SqlStatements.split("-- a; b\nINSERT INTO s SELECT 1;"));
    }

    @Test
    void aStatementWithoutAFinalSemicolonStillCounts() {
        assertEquals(List.of("SET 'a' = 'b'", "INSERT INTO s SELECT 1"),
                SqlStatements.split("SET 'a' = 'b'; INSERT INTO s SELECT 1"));
    }

    @Test
    void leadingWordsSkipCommentsAndIgnoreCase() {
        assertEquals("INSERT INTO", SqlStatements.leadingWords("-- note\n/* x */ insert   into s SELECT 1", 2));
        assertEquals("BEGIN STATEMENT SET", SqlStatements.leadingWords("begin statement set", 3));
        assertEquals("END", SqlStatements.leadingWords("END", 3));
    }

    @Test
    void readsASetStatementsKeyAndValue() {
        assertEquals(new SqlStatements.Setting("pipeline.name", "it's mine"),
                SqlStatements.setting("-- name\nset 'pipeline.name'  =  'it''s mine'"));
    }

    @Test
    void refusesASetItCannotRead() {
        assertThrows(IllegalArgumentException.class, () -> SqlStatements.setting("SET pipeline.name = x"));
    }
}
