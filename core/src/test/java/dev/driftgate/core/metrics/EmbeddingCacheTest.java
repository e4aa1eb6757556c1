package dev.driftgate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token-embedding cache on its own (LRU by bytes) and inside the scorer on the real MiniLM model. */
class EmbeddingCacheTest {

    private static MiniLmEncoder encoder;

    @BeforeAll
    static void loadModelOnce() {
        encoder = MiniLmEncoder.shared();
    }

    @Test
    void evictsLeastRecentlyUsedByBytesAndKeysByModelAndTextHash() {
        long entry = EmbeddingCache.sizeOf(new float[384]);
        EmbeddingCache cache = new EmbeddingCache(2 * entry);
        String a = EmbeddingCache.key("m", "a");
        String b = EmbeddingCache.key("m", "b");
        cache.put(a, new float[384]);
        cache.put(b, new float[384]);
        assertThat(cache.get(a)).isPresent(); // a is now the most recently used
        cache.put(EmbeddingCache.key("m", "c"), new float[384]);
        assertThat(cache.get(b)).isEmpty();
        assertThat(cache.get(a)).isPresent();
        assertThat(cache.stats().bytes()).isLessThanOrEqualTo(2 * entry);
        assertThat(cache.stats().evictions()).isEqualTo(1);
        assertThat(cache.stats().hits()).isEqualTo(2);
        assertThat(cache.stats().misses()).isEqualTo(1);
        // too big for the whole bound: not kept, nothing evicted for it
        cache.put(EmbeddingCache.key("m", "huge"), new float[384 * 3]);
        assertThat(cache.stats().entries()).isEqualTo(2);
        assertThat(EmbeddingCache.key("m", "a")).isNotEqualTo(EmbeddingCache.key("other-model", "a"));
        assertThat(EmbeddingCache.key("m", "secret prompt")).doesNotContain("secret").hasSize(2 + 64);
    }

    @Test
    void aReferenceScoredTwiceIsEncodedOnceAndScoresEqualTheUncachedScorerExactly() {
        List<TextPair> golden = pairs("first");
        List<Prf> uncached = new DjlBertScorer(encoder, new BertScoreOptions(false, null, 4, true)).score(golden);

        EmbeddingCache cache = new EmbeddingCache(64L << 20);
        DjlBertScorer cached = new DjlBertScorer(encoder, new BertScoreOptions(false, null, 4, true), cache);
        List<Prf> cold = cached.score(golden);
        long coldEncodes = cached.encodedTexts();
        assertThat(coldEncodes).isEqualTo(2L * golden.size());
        List<Prf> warm = cached.score(golden);
        assertThat(cached.encodedTexts()).as("nothing re-encoded on the second pass").isEqualTo(coldEncodes);
        assertThat(cold).isEqualTo(uncached);
        assertThat(warm).isEqualTo(uncached);
        assertThat(cache.stats().hitRate()).isEqualTo(0.5);

        // new answers to the same references: only the answers are encoded
        List<TextPair> newAnswers = pairs("second");
        cached.score(newAnswers);
        assertThat(cached.encodedTexts() - coldEncodes).isEqualTo(newAnswers.size());
    }

    @Test
    void aTextRepeatedWithinOneCallIsEncodedOnce() {
        DjlBertScorer scorer = new DjlBertScorer(encoder, new BertScoreOptions(false, null, 4, true));
        String reference = "The capital of France is Paris, on the Seine.";
        List<Prf> scores = scorer.score(List.of(new TextPair("Paris is the capital.", reference),
                new TextPair("It is Lyon.", reference), new TextPair("Paris is the capital.", reference)));
        assertThat(scorer.encodedTexts()).isEqualTo(3);
        assertThat(scorer.reusedTexts()).isEqualTo(3);
        assertThat(scores.get(0)).isEqualTo(scores.get(2));
    }

    private static List<TextPair> pairs(String answerVariant) {
        String[] references = {"The capital of France is Paris.", "Water boils at 100 degrees Celsius at sea level.",
                "Photosynthesis turns light, water and carbon dioxide into sugar and oxygen.",
                "The mitochondria is the powerhouse of the cell.", "Shakespeare wrote Hamlet around 1600.",
                "A triangle's angles add up to 180 degrees."};
        List<TextPair> pairs = new ArrayList<>();
        for (String reference : references) {
            pairs.add(new TextPair("Answer (" + answerVariant + "): " + reference.toLowerCase(), reference));
        }
        return pairs;
    }
}
