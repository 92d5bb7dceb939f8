package dev.fling.examples;

import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
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
     * Arguments: {@code [--rate <records/s>] [--rate-schedule <second>:<records/s>,...]
     * [--record-cost-ms <ms>] [--records <n>]} (default 50/s, no cost, no end). Runs until
     * cancelled or stopped, or, with {@code --records}, until it has counted that many: a bounded
     * job that runs as long as one wants. A schedule (seconds since the job's main ran) makes a
     * load step; a cost per record (a wait, like a lookup in another service, not CPU) makes the
     * counting vertex busy in proportion to the rate, which is what an autoscaler measures.
     */
    public static void main(String[] args) throws Exception {
        String rateArg = BoundedWordCount.option(args, "--rate");
        double rate = rateArg == null ? 50 : Double.parseDouble(rateArg);
        String scheduleArg = BoundedWordCount.option(args, "--rate-schedule");
        RateSchedule schedule = scheduleArg == null ? RateSchedule.constant(rate)
                : RateSchedule.parse(scheduleArg, rate);
        String costArg = BoundedWordCount.option(args, "--record-cost-ms");
        long costNanos = costArg == null ? 0 : (long) (Double.parseDouble(costArg) * 1_000_000);
        String recordsArg = BoundedWordCount.option(args, "--records");
        long records = recordsArg == null ? Long.MAX_VALUE : Long.parseLong(recordsArg);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setMaxParallelism(128);
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(2_000);
        }

        DataGeneratorSource<Long> source = new DataGeneratorSource<>(
                index -> index, records, new ScheduledRateLimiterStrategy<>(schedule, System.currentTimeMillis()),
                Types.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
                .uid("numbers")
                .keyBy(value -> value % 16)
                .process(new CountPerKey(costNanos))
                .uid("count-per-key")
                .name("count-per-key")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        env.execute("StreamingCounter");
    }

    /** Counts the records of each key in keyed state, taking its cost for each, and logs one line in a thousand. */
    static final class CountPerKey extends KeyedProcessFunction<Long, Long, Tuple2<Long, Long>> {
        private static final Logger LOG = LoggerFactory.getLogger(CountPerKey.class);
        private final long costNanos;
        private transient ValueState<Long> count;

        CountPerKey(long costNanos) {
            this.costNanos = costNanos;
        }

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Tuple2<Long, Long>> out)
                throws Exception {
            long until = System.nanoTime() + costNanos;
            for (long left = costNanos; left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            if (next % 1000 == 0) {
                LOG.info("key {} has counted {} records", ctx.getCurrentKey(), next);
            }
            out.collect(Tuple2.of(ctx.getCurrentKey(), next));
        }
    }
}
