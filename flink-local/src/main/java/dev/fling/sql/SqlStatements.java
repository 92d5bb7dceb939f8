package dev.fling.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a SQL script into statements at the semicolons that end them, so that a semicolon inside
 * a string literal, a quoted identifier or a comment never splits one. Flink's own parser takes
 * one statement at a time through {@code executeSql}, and lives behind the planner's class loader.
 */
public final class SqlStatements {

    private static final Pattern SET = Pattern.compile(
            "(?is)SET\\s+'((?:[^']|'')*)'\\s*=\\s*'((?:[^']|'')*)'");

    private SqlStatements() {
    }

    /** The script's statements, trimmed, without the semicolons between them; blank ones dropped. */
    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closingQuote(script, i, c);
                current.append(script, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                current.append(script, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                current.append(script, i, end);
                i = end;
            } else if (c == ';') {
                add(statements, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    /** The statement's first words in upper case, comments skipped: enough to tell an INSERT from a DDL. */
    public static String leadingWords(String statement, int words) {
        String withoutComments = statement.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ").trim();
        String[] parts = withoutComments.split("\\s+", words + 1);
        StringBuilder lead = new StringBuilder();
        for (int k = 0; k < Math.min(words, parts.length); k++) {
            lead.append(k == 0 ? "" : " ").append(parts[k].toUpperCase(Locale.ROOT));
        }
        return lead.toString();
    }

    /** A {@code SET 'key' = 'value'} statement's key and value, quotes undone. */
    public static Setting setting(String statement) {
        Matcher matcher = SET.matcher(statement.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ").trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("cannot read the SET statement (write SET 'key' = 'value'): " + statement);
        }
        return new Setting(matcher.group(1).replace("''", "'"), matcher.group(2).replace("''", "'"));
    }

    /** One {@code SET} statement. */
    public record Setting(String key, String value) {}

    private static int closingQuote(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                // A doubled quote is an escaped one inside the literal.
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return script.length();
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().trim();
        if (!statement.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("--[^\\n]*", "").isBlank()) {
            statements.add(statement);
        }
    }
}
