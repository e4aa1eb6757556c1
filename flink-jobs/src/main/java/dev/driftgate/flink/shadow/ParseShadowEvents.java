package dev.driftgate.flink.shadow;

import dev.driftgate.flink.ops.TaskEnvironment;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses each record; bad ones go to the {@link #DEAD_LETTERS} side output with the reason. So do
 * events whose ts is out of {@link EventTimeBounds}, here, before the watermark can see them, and
 * sealed payloads that cannot be opened (the reason names the key id).
 * Metrics: {@code eventsIn} (every record read) and {@code deadLettered} (rejected here).
 */
public final class ParseShadowEvents extends ProcessFunction<RawRecord, ParsedEvent> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") { };

    private final EventTimeBounds bounds;
    private transient ShadowEventParser parser;
    private transient Counter eventsIn;
    private transient Counter deadLettered;

    public ParseShadowEvents(EventTimeBounds bounds) {
        this.bounds = bounds;
    }

    /** Payload keys are read here, on the task manager: they never travel in the job graph. */
    @Override
    public void open(OpenContext openContext) {
        parser = ShadowEventParser.withKeysFrom(TaskEnvironment.get());
        eventsIn = getRuntimeContext().getMetricGroup().counter("eventsIn");
        deadLettered = getRuntimeContext().getMetricGroup().counter("deadLettered");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ParsedEvent> out) {
        if (parser == null) { // harnesses that skip open()
            parser = ShadowEventParser.withKeysFrom(TaskEnvironment.get());
        }
        eventsIn.inc();
        ShadowEventParser.Result r = parser.parse(raw.payload());
        if (!r.ok()) {
            deadLettered.inc();
            ctx.output(DEAD_LETTERS, DeadLetter.of(r.reason(), raw));
            return;
        }
        // processing time, so a harness can set the clock
        String outOfBounds = bounds.rejection(r.event().ts(), ctx.timerService().currentProcessingTime());
        if (outOfBounds != null) {
            deadLettered.inc();
            ctx.output(DEAD_LETTERS, DeadLetter.of(outOfBounds, raw));
            return;
        }
        out.collect(new ParsedEvent(r.event(), raw));
    }
}
