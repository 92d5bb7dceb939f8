package dev.fling.examples;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An unbounded job with keyed state: what rescaling, savepoints and restores are tried on. */
public final class StreamingCounter {

    private StreamingCounter() {
    }

    /**
     * Arguments: {@code [--rate <records/s>] [--records <n>]} (default 50/s, no end). Runs until
     * cancelled or stopped, or, with {@code --records}, until it has counted that many: a bounded
     * job that runs as long as one wants.
     */
    public static void main(String[] args) throws Exception {
        String rateArg = BoundedWordCount.option(args, "--rate");
        double rate = rateArg == null ? 50 : Double.parseDouble(rateArg);
        String recordsArg = BoundedWordCount.option(args, "--records");
        long records = recordsArg == null ? Long.MAX_VALUE : Long.parseLong(recordsArg);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setMaxParallelism(128);
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(2_000);
        }

        DataGeneratorSource<Long> source = new DataGeneratorSource<>(
                index -> index, records, RateLimiterStrategy.perSecond(rate), Types.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
                .uid("numbers")
                .keyBy(value -> value % 16)
                .process(new CountPerKey())
                .uid("count-per-key")
                .name("count-per-key")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        env.execute("StreamingCounter");
    }

    /** Counts the records of each key in keyed state and logs one line in a thousand. */
    static final class CountPerKey extends KeyedProcessFunction<Long, Long, Tuple2<Long, Long>> {
        private static final Logger LOG = LoggerFactory.getLogger(CountPerKey.class);
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Tuple2<Long, Long>> out)
                throws Exception {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            if (next % 1000 == 0) {
                LOG.info("key {} has counted {} records", ctx.getCurrentKey(), next);
            }
            out.collect(Tuple2.of(ctx.getCurrentKey(), next));
        }
    }
}
