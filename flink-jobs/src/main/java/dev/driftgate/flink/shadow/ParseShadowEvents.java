package dev.driftgate.flink.shadow;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Parses each record; bad ones go to the {@link #DEAD_LETTERS} side output with the reason. */
public final class ParseShadowEvents extends ProcessFunction<RawRecord, ParsedEvent> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") { };

    private transient ShadowEventParser parser;

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ParsedEvent> out) {
        if (parser == null) {
            parser = new ShadowEventParser();
        }
        ShadowEventParser.Result r = parser.parse(raw.payload());
        if (r.ok()) {
            out.collect(new ParsedEvent(r.event(), raw));
        } else {
            ctx.output(DEAD_LETTERS, DeadLetter.of(r.reason(), raw));
        }
    }
}
