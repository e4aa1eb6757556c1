package dev.driftgate.gateway.otlp;

import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.gateway.shadow.ShadowPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns decoded spans into shadow events, with the gateway's sampling (core's PromptSampler on the
 * last user message) and publisher (same topic, same bounded queue). Every span is counted by what
 * became of it ({@code driftgate_gateway_otlp_spans_total{result}}), GenAI spans that cannot be
 * replayed also by reason ({@code driftgate_gateway_otlp_not_evaluable_total{reason}}).
 *
 * <p>A GenAI span without message content waits in the {@link ContentJoin} for the log records that may
 * carry it ({@code POST /v1/logs}); log records that arrive first wait there for their span. Either way
 * the second part completes the event; a span still without content when the join window passes is
 * counted not evaluable. Log records are counted by what became of them
 * ({@code driftgate_gateway_otlp_log_records_total{result}}).
 */
public final class OtlpIngest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpIngest.class);
    /** Reasons that only mean "the content has not (all) arrived yet" while a span is in the join. */
    private static final Set<String> WAITING = Set.of(NotEvaluable.NO_INPUT_MESSAGES, NotEvaluable.NO_OUTPUT_MESSAGE,
            NotEvaluable.NO_USER_MESSAGE);
    /** The attribute a team sets to tag a call's category (mapped like the gateway's {@code metadata.category}). */
    public static final String CATEGORY_ATTRIBUTE = "driftgate.category";
    static final String UNCATEGORIZED = "uncategorized";
    static final String ENDPOINT = "/v1/traces";
    static final String LOGS_ENDPOINT = "/v1/logs";
    private final PromptSampler sampler;
    private final ShadowPublisher publisher;
    private final String candidateModel;
    private final Set<String> categories;
    private final String unknownCategory;
    private final RecentIds recent;
    private final MeterRegistry registry;
    private final Counter evaluable;
    private final Counter ignored;
    private final Counter rejected;
    private final Counter duplicate;
    private final Counter sampled;
    private final Counter notEvaluableTotal;
    private final Map<String, Counter> notEvaluable = new ConcurrentHashMap<>();
    private final ContentJoin join;
    private final Counter logsContent;
    private final Counter logsIgnored;
    private final Counter logsRejected;
    private ScheduledExecutorService sweeper;

    /** With a join of the given window and bounds on the system clock; call {@link #sweepEvery} to expire it. */
    public static OtlpIngest withJoin(PromptSampler sampler, ShadowPublisher publisher, String candidateModel,
                                      Set<String> categories, String unknownCategory, int recentIdsCapacity,
                                      MeterRegistry registry, Duration joinWindow, int joinMaxEntries,
                                      long joinMaxBytes) {
        return new OtlpIngest(sampler, publisher, candidateModel, categories, unknownCategory, recentIdsCapacity,
                registry, new ContentJoin(joinWindow.toNanos(), joinMaxEntries, joinMaxBytes, System::nanoTime));
    }

    OtlpIngest(PromptSampler sampler, ShadowPublisher publisher, String candidateModel, Set<String> categories,
               String unknownCategory, int recentIdsCapacity, MeterRegistry registry, ContentJoin join) {
        this.sampler = sampler;
        this.publisher = publisher;
        this.candidateModel = candidateModel;
        this.categories = Set.copyOf(categories);
        this.unknownCategory = unknownCategory;
        this.recent = new RecentIds(recentIdsCapacity);
        this.registry = registry;
        this.evaluable = spans(registry, "evaluable");
        this.ignored = spans(registry, "ignored");
        this.rejected = spans(registry, "rejected");
        this.duplicate = spans(registry, "duplicate");
        this.notEvaluableTotal = spans(registry, "not_evaluable");
        this.sampled = Counter.builder("driftgate_gateway_otlp_sampled")
                .description("GenAI chat spans sampled for shadow evaluation").register(registry);
        this.join = join;
        this.logsContent = logRecords(registry, "content");
        this.logsIgnored = logRecords(registry, "ignored");
        this.logsRejected = logRecords(registry, "rejected");
        String description = "OTLP log records received, by what became of them: content (a GenAI message event of "
                + "a span, joined or waiting), ignored (other records), rejected (invalid ids), duplicate (sent again), "
                + "unjoined (left the join without their span)";
        FunctionCounter.builder("driftgate_gateway_otlp_log_records", join, ContentJoin::duplicateRecords)
                .description(description).tag("result", "duplicate").register(registry);
        FunctionCounter.builder("driftgate_gateway_otlp_log_records", join, ContentJoin::unjoinedRecords)
                .description(description).tag("result", "unjoined").register(registry);
        Gauge.builder("driftgate_gateway_otlp_join_entries", join, ContentJoin::size)
                .description("spans and log records waiting in the traces/logs join").register(registry);
        Gauge.builder("driftgate_gateway_otlp_join_bytes", join, ContentJoin::bytes)
                .description("approximate bytes held by the traces/logs join").register(registry);
    }

    /** Starts the thread that ends the wait of spans whose join window passed; {@link #close} stops it. */
    public synchronized OtlpIngest sweepEvery(Duration period) {
        if (sweeper == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "otlp-join-sweeper");
                t.setDaemon(true);
                return t;
            });
            long ms = Math.max(10, period.toMillis());
            sweeper.scheduleWithFixedDelay(() -> {
                try {
                    expire();
                } catch (RuntimeException e) {
                    LOG.warn("the OTLP join sweep failed", e);
                }
            }, ms, ms, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    private static Counter logRecords(MeterRegistry registry, String result) {
        return Counter.builder("driftgate_gateway_otlp_log_records")
                .description("OTLP log records received, by what became of them: content (a GenAI message event of "
                        + "a span, joined or waiting), ignored (other records), rejected (invalid ids), duplicate (sent "
                        + "again), unjoined (left the join without their span)")
                .tag("result", result).register(registry);
    }

    private static Counter spans(MeterRegistry registry, String result) {
        return Counter.builder("driftgate_gateway_otlp_spans")
                .description("OTLP spans received, by what became of them: evaluable (a GenAI chat call with content), "
                        + "not_evaluable, ignored (not GenAI), rejected (invalid ids), duplicate (already published)")
                .tag("result", result).register(registry);
    }

    /** Handles every readable span of the batch; the batch's rejected spans are only counted. */
    public void accept(OtlpBatch<OtlpSpan> batch) {
        rejected.increment(batch.rejected());
        for (OtlpSpan span : batch.items()) {
            if (!GenAiSpans.isGenAi(span.attributes())) {
                ignored.increment();
                continue;
            }
            GenAiCall call;
            try {
                call = GenAiSpans.read(span, CATEGORY_ATTRIBUTE);
            } catch (NotEvaluable e) {
                if (e.reason().equals(NotEvaluable.NO_INPUT_MESSAGES)) {
                    consider(join.span(span)); // the content may be (or come) in log records
                } else {
                    notEvaluable(e.reason());
                }
                continue;
            }
            evaluable(span, call);
        }
    }

    /** GenAI content log records go to the join; other records are counted and dropped. */
    public void acceptLogs(OtlpBatch<OtlpLogRecord> batch) {
        logsRejected.increment(batch.rejected());
        List<OtlpLogRecord> content = new ArrayList<>();
        for (OtlpLogRecord record : batch.items()) {
            if (record.isGenAiContent()) {
                content.add(record);
            } else {
                logsIgnored.increment();
            }
        }
        if (!content.isEmpty()) {
            logsContent.increment(content.size());
            consider(join.records(content));
        }
    }

    /** Ends the wait of spans whose join window passed (the sweeper calls it; tests call it directly). */
    void expire() {
        consider(join.expire());
    }

    /** Reads each due span again: evaluable, or finally not, or (content still partial) waiting on. */
    private void consider(List<ContentJoin.Due> due) {
        for (ContentJoin.Due d : due) {
            OtlpSpan span = d.span();
            try {
                GenAiCall call = GenAiSpans.read(span, CATEGORY_ATTRIBUTE);
                if (d.last() || join.done(span.key())) {
                    evaluable(span, call);
                }
            } catch (NotEvaluable e) {
                if (d.last() || (!WAITING.contains(e.reason()) && join.done(span.key()))) {
                    notEvaluable(e.reason());
                }
            }
        }
    }

    private void evaluable(OtlpSpan span, GenAiCall call) {
        evaluable.increment();
        long hash = sampler.hash(call.prompt());
        if (!sampler.sampled(hash)) {
            return;
        }
        // only sampled keys are remembered: the 5% that can be published, so the bound covers 20x the traffic
        if (!recent.firstTime(span.key())) {
            duplicate.increment();
            return;
        }
        sampled.increment();
        publisher.offer(event(span, call, hash));
    }

    private ShadowRequestEvent event(OtlpSpan span, GenAiCall call, long hash) {
        long ts = call.endMillis() > 0 ? call.endMillis() : System.currentTimeMillis();
        return new ShadowRequestEvent(eventId(span), ts, call.prompt(), hash, category(call.category()), call.model(),
                call.answer(), call.latencyMs(), candidateModel, ShadowRequestEvent.CURRENT_SCHEMA, call.messages(),
                call.params(), call.usage(), ENDPOINT, ShadowRequestEvent.SOURCE_OTLP);
    }

    /** Deterministic (a name-based UUID of trace id + span id): a re-sent span is upserted, not added, downstream. */
    static String eventId(OtlpSpan span) {
        return UUID.nameUUIDFromBytes(("otlp:" + span.key()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String category(String requested) {
        if (requested == null || requested.isBlank()) {
            return UNCATEGORIZED;
        }
        return categories.contains(requested) ? requested : unknownCategory;
    }

    private void notEvaluable(String reason) {
        notEvaluableTotal.increment();
        notEvaluable.computeIfAbsent(reason, r -> Counter.builder("driftgate_gateway_otlp_not_evaluable")
                .description("GenAI spans that cannot be replayed to the candidate, by reason (no message content "
                        + "captured, a tool call, a failed call, ...)").tag("reason", r).register(registry)).increment();
    }
}
