package dev.fling.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/** A bounded job that ends FINISHED on its own in seconds: the happy path of a launch. */
public final class BoundedWordCount {

    private static final String TEXT = """
            To be, or not to be, that is the question:
            Whether 'tis nobler in the mind to suffer
            The slings and arrows of outrageous fortune,
            Or to take arms against a sea of troubles
            And by opposing end them. To die: to sleep;
            No more; and by a sleep to say we end
            The heart-ache and the thousand natural shocks
            That flesh is heir to, 'tis a consummation
            Devoutly to be wish'd. To die, to sleep;
            To sleep: perchance to dream: ay, there's the rub;
            """;

    private BoundedWordCount() {
    }

    /** Arguments: {@code [--input <path>] [--output <path>]}; without --output counts go to stdout. */
    public static void main(String[] args) throws Exception {
        String input = option(args, "--input");
        String output = option(args, "--output");
        List<String> lines = input == null
                ? TEXT.lines().toList()
                : Files.readAllLines(Path.of(input), StandardCharsets.UTF_8);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromData(new ArrayList<>(lines), Types.STRING)
                .uid("lines")
                .flatMap((String line, Collector<Tuple2<String, Long>> out) -> {
                    for (String word : line.toLowerCase().split("[^\\p{L}']+")) {
                        if (!word.isEmpty()) {
                            out.collect(Tuple2.of(word, 1L));
                        }
                    }
                }, Types.TUPLE(Types.STRING, Types.LONG))
                .uid("tokenize")
                .keyBy(t -> t.f0)
                .sum(1)
                .uid("count")
                .sinkTo(new FinalCountsSink(output))
                .uid("final-counts")
                .setParallelism(1);
        env.execute("BoundedWordCount");
    }

    static String option(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    /** Keeps the latest count per word and writes them all, sorted, once the input has ended. */
    static final class FinalCountsSink implements Sink<Tuple2<String, Long>>, Serializable {
        private final String output;

        FinalCountsSink(String output) {
            this.output = output;
        }

        @Override
        public SinkWriter<Tuple2<String, Long>> createWriter(WriterInitContext context) {
            Map<String, Long> counts = new TreeMap<>();
            return new SinkWriter<>() {
                @Override
                public void write(Tuple2<String, Long> value, Context ctx) {
                    counts.put(value.f0, value.f1);
                }

                @Override
                public void flush(boolean endOfInput) throws IOException {
                    if (!endOfInput) {
                        return;
                    }
                    StringBuilder text = new StringBuilder();
                    counts.forEach((word, n) -> text.append(word).append(' ').append(n).append('\n'));
                    if (output == null) {
                        PrintStream out = System.out;
                        out.print(text);
                        out.flush();
                    } else {
                        Path path = Path.of(output);
                        if (path.getParent() != null) {
                            Files.createDirectories(path.getParent());
                        }
                        Files.writeString(path, text, StandardCharsets.UTF_8);
                    }
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
