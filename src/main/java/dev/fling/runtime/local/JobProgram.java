package dev.fling.runtime.local;

import dev.fling.runtime.JobDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a JobManager in application mode runs for a job: the job's own jar, entry class and
 * arguments, or for a SQL job Fling's SQL runner with the script (written into the attempt's
 * directory) or its URI (read by the runner when the job starts).
 */
record JobProgram(Path jar, String entryClass, List<String> args) {

    static JobProgram of(JobDefinition definition, Path directory, JarFetcher fetcher, FlinkDistribution distribution)
            throws IOException {
        JobDefinition.SqlScript sql = definition.sql();
        if (sql == null) {
            return new JobProgram(fetcher.fetch(definition.jarURI(), directory), definition.entryClass(),
                    definition.args());
        }
        if (sql.text() != null) {
            Path script = directory.resolve("job.sql");
            Files.writeString(script, sql.text(), StandardCharsets.UTF_8);
            return new JobProgram(distribution.sqlRunner(), JobDefinition.SqlScript.RUNNER,
                    List.of("--file", script.toAbsolutePath().toString()));
        }
        return new JobProgram(distribution.sqlRunner(), JobDefinition.SqlScript.RUNNER, List.of("--uri", sql.uri()));
    }
}
