package dev.fling.bench;

import dev.fling.runtime.operator.model.FlinkDeployment;
import dev.fling.testing.BenchmarkDoc;
import dev.fling.testing.Browser;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.MockKubernetes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * scripts/bench-dashboard: what the dashboard costs Fling, and how it copes with many jobs. Fling
 * as users run it (packaged JVM build, operator runtime, its own process) against a real broker
 * and the mock API server with the testing operator, as in scripts/bench; the page in a real
 * headless Chromium. Arguments: {@code --jobs N} (tracked jobs, default 10,000), {@code --smoke}.
 */
public final class DashboardBenchmark {

    private static final String HEADING = "## The dashboard under load (scripts/bench-dashboard)";
    private static final String METHOD = "Method: as scripts/bench (a real broker, the mock API server with "
            + "the testing operator in the benchmark's JVM, Fling as users run it with the operator runtime, 512 MB "
            + "heap), and the page in a real headless Chromium (Debian's, through chromedriver) on the same machine. "
            + "First that many jobs are launched through Fling and left running. *The page*: GET /jobs as the page "
            + "asks it (JDK HttpClient, the whole list); then `/ui/` opened from about:blank, timed from navigation "
            + "to the list first drawn (the page's `fling-jobs-drawn` performance mark, which follows reading the "
            + "list and applying it); a redraw is five filter changes, each drawing the list again at once, timed in "
            + "the page; the heap is Chromium's `performance.memory.usedJSHeapSize`; round 0 is not counted. "
            + "*Dispatch*: batches produced as fast as possible to Kafka, timed to the last FlinkDeployment created, "
            + "each with no page open (about:blank) and with the page open and live (following GET /events), in "
            + "alternating order round by round; CPU a launch is Fling's process's CPU time from the first send "
            + "until every job is started and the operator is idle, over the launches; the browser's is Chromium's "
            + "and chromedriver's over the same span. The page's lag runs from the last `started` reaching the "
            + "benchmark's consumer to the page's running figure counting the batch (polled every 20 ms). Each "
            + "batch is deleted once measured (Fling reports it cancelled), so later batches run with those jobs "
            + "tracked too.";
    private static final String STARTED = "dev.fling.job.started";
    private static final String CANCELLED = "dev.fling.job.cancelled";
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final Duration CATCH_UP = Duration.ofMinutes(5);
    private static final int WARM_UPS = 4;

    private final int jobs;
    private final int batch;
    private final int rounds;
    private final KafkaBroker kafka;
    private final MockKubernetes kubernetes;
    private final ServedClock clock;
    private final LaunchProducer producer;
    private final EventClock events;
    private final Map<String, List<Double>> figures = new LinkedHashMap<>();
    private final long began = System.nanoTime();
    private final String loadAtStart = loadAverage();

    private DashboardBenchmark(int jobs, int batch, int rounds, KafkaBroker kafka, MockKubernetes kubernetes,
            ServedClock clock) {
        this.jobs = jobs;
        this.batch = batch;
        this.rounds = rounds;
        this.kafka = kafka;
        this.kubernetes = kubernetes;
        this.clock = clock;
        this.producer = new LaunchProducer(kafka.bootstrapServers());
        this.events = new EventClock(kafka.bootstrapServers(), "fling.events");
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        boolean smoke = options.contains("--smoke");
        int index = options.indexOf("--jobs");
        int jobs = index >= 0 ? Integer.parseInt(options.get(index + 1)) : smoke ? 200 : 10_000;
        int batch = smoke ? 100 : 1_000;
        int rounds = smoke ? 1 : 3;
        BenchEnvironment.runAndExit(environment -> new DashboardBenchmark(jobs, batch, rounds, environment.kafka(),
                environment.kubernetes(), environment.clock()).run(smoke), "fling.requests", "fling.events",
                "fling.requests.dlq");
    }

    private void run(boolean smoke) throws Exception {
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", kubernetes.url(),
                "QUARKUS_KUBERNETES_CLIENT_TOKEN", "bench",
                "FLING_RUNTIME", "operator");
        try (FlingProcess fling = FlingProcess.start("bench-dashboard", environment);
                Browser browser = Browser.headless(1280, 800)) {
            fling.awaitReady();
            track(jobs);
            manyJobs(fling, browser.driver());
            dispatch(fling, browser.driver());
        }
        report(smoke);
    }

    /** Launches that many jobs through Fling, in batches, and waits until all run: the page's data. */
    private void track(int count) {
        for (int done = 0; done < count; done += batch) {
            Launches launches = Launches.of("tracked" + done, Math.min(batch, count - done));
            DispatchRound.run(producer, clock, "fling.requests", launches, 0);
            awaitRunning(launches);
        }
        progress("tracked", count + " jobs running");
    }

    /** The page with every tracked job: loading it, drawing the list again, its heap; and GET /jobs itself. */
    private void manyJobs(FlingProcess fling, ChromeDriver page) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int round = 0; round <= rounds; round++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> list = http.send(HttpRequest.newBuilder(URI.create(fling.url() + "/jobs")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            double listMillis = (System.nanoTime() - start) / 1e6;

            page.get("about:blank");
            page.get(fling.url() + "/ui/");
            new WebDriverWait(page, Duration.ofMinutes(1)).until(driver -> number(page,
                    "return performance.getEntriesByName('fling-jobs-drawn').length;") > 0);
            double drawn = number(page, "return performance.getEntriesByName('fling-jobs-drawn')[0].startTime;");
            // A filter change draws the list again at once, on the page's thread: its whole cost.
            double redraw = number(page, "const order = document.getElementById('filter-order');"
                    + "const t = performance.now();"
                    + "for (let i = 0; i < 5; i++) { order.value = order.value === 'newest' ? 'oldest' : 'newest';"
                    + "  order.dispatchEvent(new Event('change')); }"
                    + "return (performance.now() - t) / 5;");
            double heap = number(page, "return performance.memory.usedJSHeapSize;") / 1e6;
            progress("page " + round, String.format("GET /jobs %.0f ms (%.1f MB); page shows the list %.0f ms after "
                    + "navigation, redraw %.1f ms, JS heap %.1f MB", listMillis, list.body().length / 1e6, drawn,
                    redraw, heap));
            if (round > 0) {
                figure("list ms", listMillis);
                figure("list mb", list.body().length / 1e6);
                figure("drawn ms", drawn);
                figure("redraw ms", redraw);
                figure("heap mb", heap);
            }
        }
    }

    /**
     * Batches as fast as possible with no page open and with the page following GET /events,
     * alternating which goes first; after warm-up batches. With the page, also how long after the
     * last started event the page's figure of running jobs shows them all.
     */
    private void dispatch(FlingProcess fling, ChromeDriver page) throws Exception {
        CpuClock cpu = new CpuClock(fling.pid());
        page.get("about:blank");
        for (int warm = 1; warm <= WARM_UPS; warm++) {
            Batch b = batch(cpu, "warm" + warm);
            progress("warm-up " + warm, String.format("%.0f/s, CPU a launch %.2f ms Fling", b.perSecond(), b.fling()));
        }
        for (int round = 1; round <= rounds; round++) {
            for (boolean open : round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                if (open) {
                    page.get(fling.url() + "/ui/");
                    new WebDriverWait(page, Duration.ofMinutes(1))
                            .until(driver -> "live".equals(page.findElement(org.openqa.selenium.By.id("connection")).getText()));
                } else {
                    page.get("about:blank");
                }
                String prefix = (open ? "open" : "closed") + round;
                double browserBefore = browserCpu(fling.pid());
                Batch b = batch(cpu, prefix, open ? page : null);
                double browser = (browserCpu(fling.pid()) - browserBefore) / batch;
                String key = open ? "open" : "closed";
                figure(key + " throughput", b.perSecond());
                figure(key + " cpu fling", b.fling());
                if (open) {
                    figure("open cpu browser", browser);
                    figure("open page behind", b.pageBehind());
                }
                progress(prefix, String.format("%.0f/s, CPU a launch %.2f ms Fling%s", b.perSecond(), b.fling(),
                        open ? String.format(", %.2f ms the browser; the page showed them all %.0f ms after the last "
                                + "started", browser, b.pageBehind()) : ""));
            }
        }
    }

    private record Batch(double perSecond, double fling, double pageBehind) {}

    private Batch batch(CpuClock cpu, String prefix) {
        return batch(cpu, prefix, null);
    }

    private Batch batch(CpuClock cpu, String prefix, ChromeDriver page) {
        Launches launches = Launches.of(prefix, batch);
        CpuClock.Reading before = cpu.read();
        Round round = DispatchRound.run(producer, clock, "fling.requests", launches, 0);
        events.awaitAll(STARTED, launches.jobs(), CATCH_UP);
        long allStarted = System.nanoTime();
        double behind = 0;
        if (page != null) {
            int expected = jobs + batch;
            new WebDriverWait(page, CATCH_UP, Duration.ofMillis(20)).until(driver -> expected == (int) number(page,
                    "return Number(document.getElementById('fig-running').textContent);"));
            behind = (System.nanoTime() - allStarted) / 1e6;
        }
        clock.awaitQuiet(QUIET, CATCH_UP);
        CpuClock.Reading used = cpu.read().perRequest(before, batch);
        kubernetes.client().resources(FlinkDeployment.class).inNamespace("default")
                .withLabel(Launches.PHASE, prefix).delete();
        events.awaitAll(CANCELLED, launches.jobs(), CATCH_UP);
        clock.awaitQuiet(QUIET, CATCH_UP);
        return new Batch(round.perSecond(), used.fling(), behind);
    }

    /** CPU milliseconds of the processes this JVM started other than Fling: chromedriver and Chromium's. */
    private static double browserCpu(long flingPid) {
        return ProcessHandle.current().descendants().filter(p -> p.pid() != flingPid)
                .filter(p -> p.parent().map(parent -> parent.pid() != flingPid).orElse(true))
                .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(0.0)).sum();
    }

    private static double number(ChromeDriver page, String script) {
        return ((Number) page.executeScript(script)).doubleValue();
    }

    private void awaitRunning(Launches launches) {
        events.awaitAll(STARTED, launches.jobs(), CATCH_UP);
        clock.awaitQuiet(QUIET, CATCH_UP);
    }

    private void figure(String name, double value) {
        figures.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    private void progress(String phase, String text) {
        System.out.printf("[%5.0f s] %-10s %s%n", (System.nanoTime() - began) / 1e9, phase, text);
    }

    private void report(boolean smoke) throws Exception {
        double minutes = (System.nanoTime() - began) / 60e9;
        StringBuilder table = new StringBuilder("| figure | min | median | max |\n| --- | --- | --- | --- |\n");
        row(table, "GET /jobs with " + jobs + " jobs: time", "list ms", "%.0f ms");
        row(table, "GET /jobs with " + jobs + " jobs: body", "list mb", "%.1f MB");
        row(table, "page opened -> list drawn, " + jobs + " jobs", "drawn ms", "%.0f ms");
        row(table, "list drawn again (a filter change), " + jobs + " jobs", "redraw ms", "%.1f ms");
        row(table, "page's JavaScript heap, " + jobs + " jobs", "heap mb", "%.1f MB");
        row(table, "dispatch as fast as possible, no page open: throughput", "closed throughput", "%.0f/s");
        row(table, "dispatch as fast as possible, page open and live: throughput", "open throughput", "%.0f/s");
        row(table, "CPU a launch, Fling's process, no page open", "closed cpu fling", "%.2f ms");
        row(table, "CPU a launch, Fling's process, page open", "open cpu fling", "%.2f ms");
        row(table, "CPU a launch, Chromium and chromedriver, page open", "open cpu browser", "%.2f ms");
        row(table, "last `started` consumed -> the page's running figure shows the batch", "open page behind", "%.0f ms");
        System.out.println();
        System.out.print(table);
        if (smoke) {
            System.out.printf("%nsmoke run in %.1f min; docs/benchmarks.md left as it was%n", minutes);
            return;
        }
        String section = String.format(HEADING + "%n%nMeasured %s on %d cores in %.1f minutes: %d tracked jobs, "
                + "%d rounds of %d-launch batches after %d warm-up batches; min, median and max across rounds; load "
                + "average %s at the start, %s at the end (what else ran on the machine shows there).%n%n"
                + METHOD + "%n%n%s", LocalDate.now(), Runtime.getRuntime().availableProcessors(), minutes, jobs,
                rounds, batch, WARM_UPS, loadAtStart, loadAverage(), table);
        System.out.printf("%nmeasured in %.1f min; written to %s%n", minutes, BenchmarkDoc.writeSection(HEADING, section));
    }

    /** The one-minute load average (Linux), or "unknown". */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void row(StringBuilder table, String label, String figure, String format) {
        List<Double> values = figures.get(figure);
        if (values == null) {
            return;
        }
        table.append("| ").append(label).append(" | ").append(String.format(format, Stats.min(values))).append(" | ")
                .append(String.format(format, Stats.median(values))).append(" | ")
                .append(String.format(format, Stats.max(values))).append(" |\n");
    }
}
