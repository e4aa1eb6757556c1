package dev.driftgate.local.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.driftgate.core.json.Json;
import dev.driftgate.core.sampling.PromptSampler;
import dev.driftgate.core.shadow.ShadowRequestEvent;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
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
 * By default every event asks a new question; {@link PopularQuestions} makes questions (and so
 * prompts and answers) repeat, as popular questions do in production.
 */
public final class ShadowTrafficGenerator implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final String prodModel;
    private final String candidateModel;
    private final SampledRequests requests;
    private final AtomicLong sent = new AtomicLong();

    public ShadowTrafficGenerator(String bootstrapServers, String topic, String prodModel, String candidateModel,
                                  PromptSampler sampler) {
        this(bootstrapServers, topic, prodModel, candidateModel, sampler, Questions::unique);
    }

    /** With the questions each prompt suffix's events ask (one {@link Questions} made per suffix). */
    public ShadowTrafficGenerator(String bootstrapServers, String topic, String prodModel, String candidateModel,
                                  PromptSampler sampler, Supplier<Questions> questions) {
        this.requests = new SampledRequests(sampler, questions); // refuses a sampler that samples nothing
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
        this.prodModel = prodModel;
        this.candidateModel = candidateModel;
    }

    /** Sends one event with the given prompt suffix (a benchmark or demo can mark degraded traffic). */
    public ShadowRequestEvent send(String promptSuffix) {
        ShadowRequestEvent e = requests.next(promptSuffix, prodModel, candidateModel);
        sent.incrementAndGet();
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
