package dev.driftgate.local.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts synthetic sampled requests on driftgate.shadow.requests at a fixed rate, as the ingress
 * gateway would: for the local stack ({@code driftgate stream --local}) and the stream benchmark.
 * Event time is the wall clock when each event is sent. Only prompts the given sampler samples are
 * sent, each with the sampler's keyed hash: the job's load shedder keeps a share of the sampled hash
 * range, so hashes from any other function would be shed far beyond the share it means to shed.
 */
public final class ShadowTrafficGenerator implements AutoCloseable {
    private static final List<String> CATEGORIES =
            List.of("factual_qa", "reasoning", "summarization", "instruction_following", "safety");
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final String prodModel;
    private final String candidateModel;
    private final PromptSampler sampler;
    private final AtomicLong drawn = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    public ShadowTrafficGenerator(String bootstrapServers, String topic, String prodModel, String candidateModel,
                                  PromptSampler sampler) {
        if (!(sampler.shadowPct() > 0)) {
            throw new IllegalArgumentException("traffic generator: the sampler samples nothing (shadow_pct 0)");
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
        this.prodModel = prodModel;
        this.candidateModel = candidateModel;
        this.sampler = sampler;
    }

    /** Sends one event with the given prompt suffix (a benchmark or demo can mark degraded traffic). */
    public ShadowRequestEvent send(String promptSuffix) {
        long i;
        String category;
        String prompt;
        long hash;
        do { // the requests the gateway would not have sampled never reach the topic
            i = drawn.incrementAndGet();
            category = CATEGORIES.get((int) (i % CATEGORIES.size()));
            prompt = "Sampled question " + i + " about " + category + promptSuffix;
            hash = sampler.hash(prompt);
        } while (!sampler.sampled(hash));
        sent.incrementAndGet();
        ShadowRequestEvent e = new ShadowRequestEvent(UUID.randomUUID().toString(), System.currentTimeMillis(),
                prompt, hash, category, prodModel, "A careful production answer to question " + i,
                20, candidateModel);
        try {
            producer.send(new ProducerRecord<>(topic, Long.toString(e.promptHash()), Json.mapper().writeValueAsString(e)));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        return e;
    }

    /** Sends {@code ratePerSecond} events a second until {@code count} are sent or the thread is interrupted. */
    public void run(double ratePerSecond, long count, String promptSuffix) throws InterruptedException {
        long intervalNanos = (long) (1e9 / ratePerSecond);
        long next = System.nanoTime();
        for (long n = 0; n < count && !Thread.currentThread().isInterrupted(); n++) {
            send(promptSuffix);
            next += intervalNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        producer.flush();
    }

    public long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
