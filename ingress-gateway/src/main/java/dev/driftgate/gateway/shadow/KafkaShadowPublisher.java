package dev.driftgate.gateway.shadow;

import dev.driftgate.core.shadow.ShadowRequestEvent;
import dev.driftgate.gateway.config.GatewaySettings.KafkaSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes sampled requests to driftgate.shadow.requests. Request threads only {@code offer} to an
 * in-memory queue bounded in events and in bytes (never blocking); one publisher thread serialises and
 * calls {@code producer.send}, which may block up to max.block.ms when the producer's own bounded
 * buffer (buffer.memory) is full or metadata is missing. So the memory shadow publishing can hold is
 * at most publish-queue-max-bytes + buffer.memory, however long Kafka is away. When Kafka is down or
 * slow, events are dropped and counted by reason ({@code queue_full}, {@code queue_bytes_full},
 * {@code send_refused} - refused at send, including a metadata timeout - or {@code delivery_failed}
 * after delivery.timeout.ms) and a rate-limited WARN is logged; the client's answer is never
 * affected. One INFO line says when Kafka is reachable again.
 *
 * <p>Record key: prompt_hash as a decimal UTF-8 string; value: the event as core's JSON.
 */
public final class KafkaShadowPublisher implements ShadowPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaShadowPublisher.class);
    private static final long WARM_UP_MS = 5000;
    private static final ShadowRequestEvent POISON = new ShadowRequestEvent("", 0, "", 0, "", "", "", 0, "");

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final BlockingQueue<ShadowRequestEvent> queue;
    private final int queueCapacity;
    private final long queueMaxBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread worker;
    private final RateLimitedWarning warning = new RateLimitedWarning(LOG, 10_000);
    private final Counter published;
    private final Counter droppedQueueFull;
    private final Counter droppedQueueBytesFull;
    private final Counter droppedSendRefused;
    private final Counter droppedDeliveryFailed;
    private final Counter sendFailures;
    private final AtomicLong lastSuccessMs = new AtomicLong();
    private final AtomicLong lastFailureMs = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>("");
    private final AtomicLong droppedSinceOutage = new AtomicLong();
    private final AtomicLong outageSinceMs = new AtomicLong();
    private volatile boolean closed;
    private final ShadowEventEncoder encoder;

    public KafkaShadowPublisher(KafkaSettings settings, ShadowEventEncoder encoder, MeterRegistry registry) {
        this(new KafkaProducer<>(producerProperties(settings), new StringSerializer(), new ByteArraySerializer()),
                settings.topic(), settings.queueCapacity(), settings.queueMaxBytes(), encoder, registry);
    }

    KafkaShadowPublisher(Producer<String, byte[]> producer, String topic, int queueCapacity, long queueMaxBytes,
                         ShadowEventEncoder encoder, MeterRegistry registry) {
        this.producer = producer;
        this.encoder = encoder;
        this.topic = topic;
        this.queueCapacity = queueCapacity;
        this.queueMaxBytes = queueMaxBytes;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.published = Counter.builder("driftgate_gateway_shadow_published").description(
                "Sampled events acknowledged by Kafka").register(registry);
        this.droppedQueueFull = dropped(registry, "queue_full");
        this.droppedQueueBytesFull = dropped(registry, "queue_bytes_full");
        this.droppedSendRefused = dropped(registry, "send_refused");
        this.droppedDeliveryFailed = dropped(registry, "delivery_failed");
        this.sendFailures = Counter.builder("driftgate_gateway_kafka_send_failures").description(
                "Kafka sends that failed (refused at send or failed on delivery)").register(registry);
        Gauge.builder("driftgate_gateway_shadow_queue_usage", queue, q -> (double) q.size() / queueCapacity)
                .description("Fill ratio (by count) of the in-memory queue in front of the Kafka producer")
                .register(registry);
        Gauge.builder("driftgate_gateway_shadow_queue_bytes", queuedBytes, AtomicLong::get)
                .description("Estimated heap bytes held by events in the publish queue").baseUnit("bytes")
                .register(registry);
        Gauge.builder("driftgate_gateway_kafka_buffer_usage", this, KafkaShadowPublisher::producerBufferUsage)
                .description("Fill ratio of the Kafka producer's buffer.memory").register(registry);
        this.worker = new Thread(this::drain, "shadow-publisher");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    static Properties producerProperties(KafkaSettings s) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "driftgate-gateway");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, s.maxBlockMs());
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, s.bufferMemory());
        p.put(ProducerConfig.LINGER_MS_CONFIG, s.lingerMs());
        // Events are 1-3 KB (prompt + answer): the default 16 KiB batch closes after a handful, so at
        // high sampling rates the sender (and the broker) handle many tiny produce requests.
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, s.requestTimeoutMs());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, s.deliveryTimeoutMs());
        // a shadow sample is worth one try: retries within delivery.timeout.ms, then it is dropped
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return p;
    }

    private static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder("driftgate_gateway_shadow_dropped").tag("reason", reason)
                .description("Sampled events dropped instead of delaying a request").register(registry);
    }

    /**
     * Heap an event holds while queued: its strings at two bytes a char (the worst case of Java's
     * compact strings) plus the object overhead; a bound, not an exact count.
     */
    static long estimatedBytes(ShadowRequestEvent e) {
        return 256L + 2L * (length(e.eventId()) + length(e.prompt()) + length(e.category()) + length(e.prodModel())
                + length(e.prodResponse()) + length(e.candidateModel()) + messagesLength(e));
    }

    /** Schema 2 carries the conversation too (the prompt a second time, plus the system prompt and turns). */
    private static long messagesLength(ShadowRequestEvent e) {
        if (e.messages() == null) {
            return 0;
        }
        long chars = 0;
        for (var m : e.messages()) {
            chars += 16 + length(m.content());
        }
        return chars;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    @Override
    public boolean offer(ShadowRequestEvent event) {
        if (closed) {
            return drop(droppedQueueFull, "publisher closed");
        }
        long size = estimatedBytes(event);
        long current;
        do {
            current = queuedBytes.get();
            if (current + size > queueMaxBytes) {
                return drop(droppedQueueBytesFull, "publish queue full (" + (queueMaxBytes >> 20) + " MiB)");
            }
        } while (!queuedBytes.compareAndSet(current, current + size));
        if (!queue.offer(event)) {
            queuedBytes.addAndGet(-size);
            return drop(droppedQueueFull, "publish queue full (" + queueCapacity + " events)");
        }
        return true;
    }

    private boolean drop(Counter reason, String why) {
        reason.increment();
        droppedSinceOutage.incrementAndGet();
        warning.warn("shadow event dropped: {}; Kafka is down or slow", why);
        return false;
    }

    private void drain() {
        warmUpMetadata();
        while (true) {
            ShadowRequestEvent event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (event == POISON) {
                return;
            }
            queuedBytes.addAndGet(-estimatedBytes(event));
            send(event);
        }
    }

    /**
     * Fetch the topic's metadata before the first event, so that send does not wait for it. Each try
     * waits at most max.block.ms, which is kept short for sends; a cold first fetch can take longer, so
     * the broker is called unreachable only when {@link #WARM_UP_MS} of tries all failed.
     */
    private void warmUpMetadata() {
        long deadline = System.nanoTime() + WARM_UP_MS * 1_000_000L;
        RuntimeException last = null;
        while (!closed && System.nanoTime() < deadline) {
            try {
                producer.partitionsFor(topic);
                return;
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (last != null) {
            markOutage();
            warning.warn("Kafka topic {} not reachable after {} s; sampled events will be dropped and counted "
                    + "until it is", topic, WARM_UP_MS / 1000);
        }
    }

    private void markOutage() {
        outageSinceMs.compareAndSet(0, System.currentTimeMillis());
    }

    private void send(ShadowRequestEvent event) {
        byte[] value;
        try {
            value = encoder.encode(event);
        } catch (Exception e) {
            droppedSendRefused.increment();
            warning.warn("shadow event {} not serialisable: {}", event.eventId(), e.toString());
            return;
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, event.ts(),
                Long.toString(event.promptHash()), value);
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    published.increment();
                    lastSuccessMs.set(System.currentTimeMillis());
                    recovered();
                } else if (Thread.currentThread() == worker) {
                    // called back inside send(): refused before it was queued (metadata timeout,
                    // record too large, buffer full), not a failed delivery
                    failed(droppedSendRefused, error);
                } else {
                    failed(droppedDeliveryFailed, error);
                }
            });
        } catch (RuntimeException e) {
            // buffer.memory full for max.block.ms, metadata unavailable, or producer closed
            failed(droppedSendRefused, e);
        }
    }

    /** One INFO line when the first event after an outage is acknowledged. */
    private void recovered() {
        long since = outageSinceMs.getAndSet(0);
        if (since != 0) {
            LOG.info("Kafka is reachable again: topic {} acknowledged an event after {} s; {} sampled events were "
                    + "dropped meanwhile", topic, (System.currentTimeMillis() - since) / 1000,
                    droppedSinceOutage.getAndSet(0));
        }
    }

    private void failed(Counter reason, Exception error) {
        sendFailures.increment();
        reason.increment();
        droppedSinceOutage.incrementAndGet();
        markOutage();
        lastFailureMs.set(System.currentTimeMillis());
        lastFailure.set(describe(error));
        warning.warn("shadow event dropped: Kafka send to {} failed: {}", topic, error.getClass().getSimpleName()
                + (error.getMessage() == null ? "" : ": " + error.getMessage()));
    }

    /** The failure in words for /health (which anyone can read): no class names, no broker text. */
    static String describe(Exception error) {
        if (error instanceof org.apache.kafka.common.errors.TimeoutException) {
            return "Kafka did not answer in time";
        }
        if (error instanceof org.apache.kafka.common.errors.RecordTooLargeException) {
            return "the event was larger than the producer or broker accepts";
        }
        if (error instanceof org.apache.kafka.common.errors.AuthenticationException
                || error instanceof org.apache.kafka.common.errors.AuthorizationException) {
            return "Kafka refused the gateway's credentials or permissions";
        }
        return "Kafka refused the event";
    }

    private double producerBufferUsage() {
        double total = metric("buffer-total-bytes");
        double available = metric("buffer-available-bytes");
        return total > 0 ? (total - available) / total : 0;
    }

    private double metric(String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                Object v = e.getValue().metricValue();
                return v instanceof Number n ? n.doubleValue() : 0;
            }
        }
        return 0;
    }

    @Override
    public KafkaHealth health() {
        long ok = lastSuccessMs.get();
        long bad = lastFailureMs.get();
        String state;
        String detail;
        if (bad > ok) {
            state = "DOWN";
            detail = "last send failed: " + lastFailure.get();
        } else if (ok > 0) {
            state = "UP";
            detail = "last send acknowledged";
        } else if (metric("connection-count") > 0) {
            state = "UP";
            detail = "connected, nothing sent yet";
        } else {
            state = "UNKNOWN";
            detail = "nothing sent yet";
        }
        return new KafkaHealth(state, detail, queue.size(), queueCapacity);
    }

    @Override
    public void close() {
        closed = true;
        queue.offer(POISON);
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(2));
    }
}
