package dev.fling.sql;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * Runs a launch's SQL script as one Flink job: {@code SET} and DDL statements are executed in
 * order, every {@code INSERT} joins one statement set, which is submitted at the end. It is the
 * entry class of the JobManager in application mode, so the job gets the cluster's fixed job id
 * and a failure (in the planner too) becomes a failed job carrying Flink's message.
 */
public final class SqlRunner {

    private SqlRunner() {
    }

    /**
     * Arguments: {@code --file PATH}, {@code --uri URI} (file, local, http(s) or any file system
     * Flink has a plugin for) or {@code --script-base64 TEXT}.
     */
    public static void main(String[] args) throws Exception {
        String script = script(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        // Table hints (/*+ OPTIONS(...) */) could swap a table's connector options, path included,
        // past what admission checked in the script's DDL; admission refuses SET of this key.
        tables.getConfig().set("table.dynamic-table-options.enabled", "false");
        StatementSet inserts = tables.createStatementSet();
        int count = 0;
        for (String statement : SqlStatements.split(script)) {
            String lead = SqlStatements.leadingWords(statement, 3);
            if (lead.equals("BEGIN STATEMENT SET") || lead.equals("END")) {
                continue; // every INSERT goes into the one statement set anyway
            }
            if (lead.startsWith("SET ")) {
                // TableEnvironment.executeSql refuses SET: that is the SQL client's statement.
                SqlStatements.Setting setting = SqlStatements.setting(statement);
                tables.getConfig().set(setting.key(), setting.value());
            } else if (lead.startsWith("INSERT ")) {
                inserts.addInsertSql(statement);
                count++;
            } else {
                tables.executeSql(statement);
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("the SQL script has no INSERT statement, so it would run no job");
        }
        inserts.execute();
    }

    static String script(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: SqlRunner --file PATH | --uri URI | --script-base64 TEXT");
        }
        return switch (args[0]) {
            case "--file" -> Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
            case "--uri" -> read(URI.create(args[1]));
            case "--script-base64" -> new String(Base64.getDecoder().decode(args[1]), StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException("unknown option " + args[0]
                    + "; usage: SqlRunner --file PATH | --uri URI | --script-base64 TEXT");
        };
    }

    private static String read(URI uri) throws IOException {
        String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file", "local":
                return Files.readString(Path.of(uri.getPath()), StandardCharsets.UTF_8);
            case "http", "https":
                var connection = uri.toURL().openConnection();
                connection.setConnectTimeout(30_000);
                connection.setReadTimeout(120_000);
                try (InputStream in = connection.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            default:
                org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(uri);
                FileSystem fs = path.getFileSystem();
                try (InputStream in = fs.open(path)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
        }
    }
}
