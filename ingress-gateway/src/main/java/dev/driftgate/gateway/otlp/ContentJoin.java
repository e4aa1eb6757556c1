package dev.driftgate.gateway.otlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Joins GenAI content log records ({@code POST /v1/logs}) with their span ({@code POST /v1/traces}) by
 * (trace id, span id), whichever arrives first. {@code @opentelemetry/instrumentation-openai} writes a
 * call's messages as log records, not on the span, and the two signals travel in separate requests in
 * no fixed order; so both wait here, in one buffer bounded by entries and (approximate) bytes and by a
 * time window counted from the first part's arrival. An entry leaves when its span becomes evaluable
 * ({@link #done}), when its window passes ({@link #expire}) or when the bounds evict it, oldest first;
 * a span that leaves without becoming evaluable is handed back as {@link Due#last() last}, so the
 * caller counts it not evaluable with whatever reason its content (or lack of it) gives.
 *
 * <p>Records of one span are ordered by their timestamp, then by arrival (the instrumentation gives a
 * request's messages one timestamp and exports them in order). A record sent again (an exporter's retry)
 * is recognised by its content and not added twice.
 */
final class ContentJoin {
    /** A span to read again, with the content known so far as its events; {@code last}: the join gave up on it. */
    record Due(OtlpSpan span, boolean last) {
    }

    private record Timed(long timeNanos, long seq, OtlpSpan.Event event) {
    }

    private static final Comparator<Timed> ORDER = Comparator.comparingLong(Timed::timeNanos)
            .thenComparingLong(Timed::seq);
    /** A waiting span's own cost in the byte bound, beyond its attributes. */
    private static final long SPAN_BYTES = 256;

    private static final class Entry {
        final long createdNanos;
        OtlpSpan span;
        long spanBytes;
        final List<Timed> records = new ArrayList<>(4);
        final Set<Integer> fingerprints = new HashSet<>(8);
        long bytes;

        Entry(long createdNanos) {
            this.createdNanos = createdNanos;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(); // insertion order: oldest first
    private final long windowNanos;
    private final int maxEntries;
    private final long maxBytes;
    private final LongSupplier clock;
    private long bytes;
    private long seq;
    private long unjoinedRecords;
    private long duplicateRecords;

    /** {@code clock}: nanoseconds, monotonic ({@code System::nanoTime} outside tests). */
    ContentJoin(long windowNanos, int maxEntries, long maxBytes, LongSupplier clock) {
        if (windowNanos <= 0 || maxEntries <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("the join window and bounds must be positive");
        }
        this.windowNanos = windowNanos;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /**
     * A GenAI span without content: waits for its records, or is due at once (not last) when some
     * arrived already. Evicted spans are due (last) too.
     */
    synchronized List<Due> span(OtlpSpan span) {
        List<Due> due = new ArrayList<>(1);
        Entry entry = entries.get(span.key());
        long cost = SPAN_BYTES + approxBytes(span.attributes());
        if (entry == null) {
            if (!makeRoom(cost, due)) {
                due.add(new Due(span, true));
                return due;
            }
            entry = new Entry(clock.getAsLong());
            entries.put(span.key(), entry);
        }
        bytes += cost - entry.spanBytes;
        entry.bytes += cost - entry.spanBytes;
        entry.span = span;
        entry.spanBytes = cost;
        if (!entry.records.isEmpty()) {
            due.add(new Due(withContent(entry), false));
        }
        return due;
    }

    /** GenAI content records (all with ids): buffered; the spans waiting for them are due (not last). */
    synchronized List<Due> records(List<OtlpLogRecord> records) {
        List<Due> due = new ArrayList<>();
        Set<String> touched = new java.util.LinkedHashSet<>();
        for (OtlpLogRecord record : records) {
            long cost = record.approxBytes();
            Entry entry = entries.get(record.key());
            if (entry == null) {
                if (!makeRoom(cost, due)) {
                    unjoinedRecords++;
                    continue;
                }
                entry = new Entry(clock.getAsLong());
                entries.put(record.key(), entry);
            }
            int fingerprint = Objects.hash(record.name(), record.timeNanos(), record.attributes(), record.body());
            if (!entry.fingerprints.add(fingerprint)) {
                duplicateRecords++;
                continue;
            }
            entry.records.add(new Timed(record.timeNanos(), seq++, record.toEvent()));
            entry.bytes += cost;
            bytes += cost;
            if (entry.span != null) {
                touched.add(record.key());
            }
        }
        for (String key : touched) {
            Entry entry = entries.get(key);
            if (entry != null && entry.span != null) {
                due.add(new Due(withContent(entry), false));
            }
        }
        if (bytes > maxBytes) {
            makeRoom(0, due); // one entry may have grown past the bound
        }
        return due;
    }

    /** The span became evaluable (or finally not): true when this call took it out, so it is handled once. */
    synchronized boolean done(String key) {
        Entry entry = entries.get(key);
        if (entry == null || entry.span == null) {
            return false;
        }
        remove(key, entry);
        return true;
    }

    /** Entries whose window has passed: their spans are due (last); records alone are dropped and counted. */
    synchronized List<Due> expire() {
        List<Due> due = new ArrayList<>();
        long now = clock.getAsLong();
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            if (now - e.getValue().createdNanos < windowNanos) {
                break; // insertion order: the rest are younger
            }
            it.remove();
            leave(e.getValue(), due);
        }
        return due;
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    /** Content records that left without their span (expired, evicted, or over the bound on arrival). */
    synchronized long unjoinedRecords() {
        return unjoinedRecords;
    }

    synchronized long duplicateRecords() {
        return duplicateRecords;
    }

    /** Evicts the oldest entries until one more of {@code cost} bytes fits; false when it never can. */
    private boolean makeRoom(long cost, List<Due> due) {
        if (cost > maxBytes) {
            return false;
        }
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext() && (entries.size() >= maxEntries && cost > 0 || bytes + cost > maxBytes)) {
            Entry oldest = it.next().getValue();
            it.remove();
            leave(oldest, due);
        }
        return true;
    }

    private void leave(Entry entry, List<Due> due) {
        bytes -= entry.bytes;
        if (entry.span != null) {
            due.add(new Due(withContent(entry), true));
        } else {
            unjoinedRecords += entry.records.size();
        }
    }

    private void remove(String key, Entry entry) {
        entries.remove(key);
        bytes -= entry.bytes;
    }

    private static OtlpSpan withContent(Entry entry) {
        OtlpSpan span = entry.span;
        List<OtlpSpan.Event> events = new ArrayList<>(span.events().size() + entry.records.size());
        events.addAll(span.events());
        entry.records.stream().sorted(ORDER).forEach(t -> events.add(t.event()));
        return new OtlpSpan(span.traceId(), span.spanId(), span.name(), span.startNanos(), span.endNanos(),
                span.failed(), span.attributes(), events);
    }

    /** A rough size in bytes of a decoded value: the text it holds dominates. */
    static long approxBytes(Object value) {
        if (value instanceof String s) {
            return 2L * s.length() + 16;
        }
        if (value instanceof byte[] b) {
            return b.length + 16L;
        }
        if (value instanceof Map<?, ?> m) {
            long n = 16;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n += approxBytes(e.getKey()) + approxBytes(e.getValue());
            }
            return n;
        }
        if (value instanceof Iterable<?> items) {
            long n = 16;
            for (Object item : items) {
                n += approxBytes(item);
            }
            return n;
        }
        return 16;
    }
}
