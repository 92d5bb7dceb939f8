package dev.fling.admission.sql;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Flink's SQL parser costs inside Fling's JVM (docs/benchmarks.md, "SQL parser in admission"):
 * run in a fresh JVM, it times the first parse of an example script (class loading included), a
 * first syntax error, and the mean of 200 warm parses, then reports the classes loaded, the heap in
 * use after a full GC and the process's resident memory. Run with the test classpath:
 * {@code java -cp target/test-classes:target/classes:<dependencies> dev.fling.admission.sql.SqlParserCost}.
 */
public final class SqlParserCost {

    private SqlParserCost() {
    }

    public static void main(String[] args) throws Exception {
        String script = Files.readString(Path.of("examples/sql/event-counts.sql"));
        long classesBefore = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        long heapBefore = heapAfterGc();
        long t0 = System.nanoTime();
        ParsedScript parsed = FlinkSqlScripts.parse(script);
        long t1 = System.nanoTime();
        ParsedScript broken = FlinkSqlScripts.parse("INSERT INTO t SELEC 1");
        long t2 = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            FlinkSqlScripts.parse(script);
        }
        long t3 = System.nanoTime();
        if (parsed.syntaxError() != null || broken.syntaxError() == null) {
            throw new IllegalStateException("the parser did not behave: " + parsed + " / " + broken);
        }
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() - classesBefore;
        System.out.printf("first parse %.0f ms, first syntax error %.0f ms, warm parse %.2f ms, %d classes loaded, "
                + "heap after GC +%.1f MB, RSS %s%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6 / 200, classes,
                (heapAfterGc() - heapBefore) / 1e6, rss());
    }

    private static long heapAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static String rss() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                .map(l -> l.replaceAll("\\s+", " ").substring(7)).findFirst().orElse("?");
    }
}
