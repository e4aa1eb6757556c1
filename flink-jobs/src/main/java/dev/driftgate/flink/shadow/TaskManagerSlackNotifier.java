package dev.driftgate.flink.shadow;

import dev.driftgate.flink.ops.TaskEnvironment;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * The Slack step of the streaming job: carries only the NAME of the webhook variable and, in open() on
 * the task manager, reads the URL ({@link TaskEnvironment}) and hands it to {@link SlackNotifier}. The
 * webhook URL is a secret and so never enters the job graph.
 */
public final class TaskManagerSlackNotifier extends RichAsyncFunction<DriftAlert, AlertDelivery> {
    private static final long serialVersionUID = 1L;

    private final String webhookVariable;
    private final int maxAttempts;
    private final long backoffMillis;
    private transient SlackNotifier delegate;

    public TaskManagerSlackNotifier(String webhookVariable, int maxAttempts, long backoffMillis) {
        this.webhookVariable = webhookVariable;
        this.maxAttempts = maxAttempts;
        this.backoffMillis = backoffMillis;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        String url = webhookVariable == null ? null : TaskEnvironment.get().get(webhookVariable).orElse(null);
        delegate = new SlackNotifier(url, maxAttempts, backoffMillis);
        delegate.open(openContext);
    }

    @Override
    public void asyncInvoke(DriftAlert alert, ResultFuture<AlertDelivery> out) throws Exception {
        delegate.asyncInvoke(alert, out);
    }

    @Override
    public void timeout(DriftAlert alert, ResultFuture<AlertDelivery> out) throws Exception {
        delegate.timeout(alert, out);
    }

    @Override
    public void close() throws Exception {
        if (delegate != null) {
            delegate.close();
        }
    }
}
