package dev.fling.examples;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** A job that ends FAILED with a known root cause and no restarts: the failure path of a launch. */
public final class FailingJob {

    private FailingJob() {
    }

    /** Arguments: {@code [message]}; the failure reads "fling example failure: <message>". */
    public static void main(String[] args) throws Exception {
        String message = args.length > 0 ? String.join(" ", args) : "default";

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);

        DataGeneratorSource<Long> source = new DataGeneratorSource<>(
                index -> index, 1_000, RateLimiterStrategy.perSecond(20), Types.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
                .uid("numbers")
                .map(new FailAfterTen(message))
                .uid("fail-after-ten")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        env.execute("FailingJob");
    }

    /** Passes nine records through and throws on the tenth. */
    static final class FailAfterTen extends RichMapFunction<Long, Long> {
        private final String message;
        private int seen;

        FailAfterTen(String message) {
            this.message = message;
        }

        @Override
        public Long map(Long value) {
            if (++seen >= 10) {
                throw new IllegalStateException("fling example failure: " + message);
            }
            return value;
        }
    }
}
