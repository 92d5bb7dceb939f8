package dev.fling.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fling.fuzz.FlingProbe;
import dev.fling.fuzz.FuzzRun;
import dev.fling.testing.FlingProcess;
import dev.fling.testing.KafkaBroker;
import dev.fling.testing.MockKubernetes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * scripts/fuzz, short: a few hundred generated hostile requests over Kafka and HTTP against the
 * packaged Fling, with a broker and API server of their own (the fuzz uses the default topics).
 * Each must be refused with its reason and dead letter, nothing let in, no partition stuck, no
 * crash, the heap back to its level. A new seed each build; a failure names it for scripts/fuzz --seed.
 */
class FuzzIT {

    @Test
    void generatedHostileRequestsAreAllRefusedAndNothingBreaks() throws Exception {
        long seed = new Random().nextInt(1_000_000);
        try (KafkaBroker kafka = KafkaBroker.start(); MockKubernetes kubernetes = MockKubernetes.start(0)) {
            kafka.createTopics(2, "fling.requests", "fling.events", "fling.requests.dlq");
            try (FlingProcess fling = FlingProcess.start("fuzz-it", Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", kubernetes.url(),
                    "FLING_RUNTIME", "operator"))) {
                fling.awaitReady();
                PrintStream out = System.out;
                ByteArrayOutputStream table = new ByteArrayOutputStream();
                boolean held;
                try (PrintStream both = new PrintStream(new Tee(out, table), true, StandardCharsets.UTF_8)) {
                    System.setOut(both);
                    held = FuzzRun.run(300, seed, kafka.bootstrapServers(), fling.url(),
                            new FlingProbe(fling.url(), fling.pid(), fling.log()));
                } finally {
                    System.setOut(out);
                }
                String printed = table.toString(StandardCharsets.UTF_8);
                assertThat(held).as("the fuzz run with seed %d held; it printed:%n%s", seed, printed).isTrue();
                assertThat(printed).contains("| inputs let in (accepted, or a job made) | 0 |",
                        "| stuck partitions | 0", "fuzz: every input was refused as expected");
            }
        }
    }

    /** Writes to both streams: the table goes to the build's output and to the assertion. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        Tee(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
