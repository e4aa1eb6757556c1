package dev.driftgate.core.metrics;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * all-MiniLM-L6-v2 on DJL's OnnxRuntime engine: WordPiece tokenization (the model's tokenizer.json, run by
 * {@link BertWordPieceTokenizer} in plain Java) and the forward pass that yields last-layer token
 * embeddings (384 floats per token). ONNX Runtime is the only native code, and its jar carries it for
 * every platform.
 *
 * <p>Loaded once per JVM ({@link #shared()}) from the files {@link MiniLmModelFiles} copies out of the
 * langchain4j jar; run with {@code -Dai.djl.offline=true}. Thread-safe: DJL predictors are not, so
 * each forward pass borrows one from a pool with one predictor per core.
 */
public final class MiniLmEncoder {

    /** BERT's position embeddings end at 512; bert_score truncates there too. */
    public static final int MAX_TOKENS = 512;
    public static final int HIDDEN_SIZE = 384;

    private static volatile MiniLmEncoder shared;

    private final Model model;
    private final BertWordPieceTokenizer tokenizer;
    private final BlockingQueue<Predictor<PaddedBatch, float[]>> predictors;
    private final long clsId;
    private final long sepId;

    private MiniLmEncoder(MiniLmModelFiles files, int predictorCount) {
        try {
            // The tokenizer.json pads and truncates to 128; bert_score pads per batch and truncates at 512,
            // which we do ourselves so truncations can be counted. BertWordPieceTokenizer does neither.
            this.tokenizer = BertWordPieceTokenizer.load(files.tokenizerFile());
            this.model = Model.newInstance(MiniLmModelFiles.MODEL_NAME, "OnnxRuntime");
            model.load(files.directory(), MiniLmModelFiles.MODEL_NAME);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load all-MiniLM-L6-v2 from " + files.directory(), e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("malformed all-MiniLM-L6-v2 model in " + files.directory(), e);
        }
        long[] specials = tokenizer.encode("");
        this.clsId = specials[0];
        this.sepId = specials[specials.length - 1];
        this.predictors = new ArrayBlockingQueue<>(predictorCount);
        for (int i = 0; i < predictorCount; i++) {
            predictors.add(model.newPredictor(new ForwardTranslator()));
        }
    }

    /** The JVM-wide encoder, loaded on first use. */
    public static MiniLmEncoder shared() {
        MiniLmEncoder encoder = shared;
        if (encoder == null) {
            synchronized (MiniLmEncoder.class) {
                encoder = shared;
                if (encoder == null) {
                    encoder = new MiniLmEncoder(MiniLmModelFiles.ensureExtracted(),
                            Math.max(1, Runtime.getRuntime().availableProcessors()));
                    shared = encoder;
                }
            }
        }
        return encoder;
    }

    public long clsId() {
        return clsId;
    }

    public long sepId() {
        return sepId;
    }

    /** Tokenizes like bert_score's sent_encode: strip, add [CLS]/[SEP], cut to 512 tokens keeping [SEP]. */
    public TokenizedText tokenize(String text) {
        return cut(tokenizer.encode(text.strip()));
    }

    /** {@link #tokenize} for many texts. */
    public List<TokenizedText> tokenizeAll(List<String> texts) {
        List<TokenizedText> out = new java.util.ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(tokenize(text));
        }
        return out;
    }

    private TokenizedText cut(long[] ids) {
        if (ids.length <= MAX_TOKENS) {
            return new TokenizedText(ids, false);
        }
        long[] cut = Arrays.copyOf(ids, MAX_TOKENS);
        cut[MAX_TOKENS - 1] = sepId;
        return new TokenizedText(cut, true);
    }

    /** Pads a batch to its longest text; what the ONNX model takes. */
    public static PaddedBatch pad(List<TokenizedText> texts) {
        int length = 0;
        for (TokenizedText text : texts) {
            length = Math.max(length, text.length());
        }
        long[] ids = new long[texts.size() * length];
        long[] mask = new long[ids.length];
        for (int b = 0; b < texts.size(); b++) {
            long[] t = texts.get(b).ids();
            System.arraycopy(t, 0, ids, b * length, t.length);
            Arrays.fill(mask, b * length, b * length + t.length, 1L);
        }
        return new PaddedBatch(ids, mask, texts.size(), length);
    }

    /**
     * The forward pass: last-layer embeddings of a padded batch, row-major [batch, length, 384]
     * (padding positions included).
     */
    public float[] forward(PaddedBatch batch) {
        Predictor<PaddedBatch, float[]> predictor;
        try {
            predictor = predictors.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a MiniLM predictor", e);
        }
        try {
            return predictor.predict(batch);
        } catch (TranslateException e) {
            throw new IllegalStateException("MiniLM forward pass failed: " + e.getMessage(), e);
        } finally {
            predictors.add(predictor);
        }
    }

    /** Token ids with attention mask, padded to {@code length}; type ids are all 0 (one segment). */
    public record PaddedBatch(long[] ids, long[] attentionMask, int size, int length) {
    }

    /** Builds the three named INT64 inputs and copies out last_hidden_state as floats. */
    private static final class ForwardTranslator implements Translator<PaddedBatch, float[]> {
        @Override
        public NDList processInput(TranslatorContext ctx, PaddedBatch batch) {
            NDManager manager = ctx.getNDManager();
            Shape shape = new Shape(batch.size(), batch.length());
            NDArray ids = manager.create(batch.ids(), shape);
            ids.setName("input_ids");
            NDArray mask = manager.create(batch.attentionMask(), shape);
            mask.setName("attention_mask");
            // created from an array, not zeros(): the OnnxRuntime engine alone (no PyTorch) only wraps buffers
            NDArray types = manager.create(new long[batch.ids().length], shape);
            types.setName("token_type_ids");
            return new NDList(ids, mask, types);
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList list) {
            return list.get(0).toFloatArray();
        }

        @Override
        public Batchifier getBatchifier() {
            return null; // inputs are already batched
        }
    }
}
