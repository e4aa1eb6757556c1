// One chat call through the official openai client, instrumented by the library named in argv[2],
// exported with the official OTLP/HTTP protobuf exporter. Prints {model, answer} as JSON.
// @opentelemetry/instrumentation-openai writes the messages as log records, not on the span: for it the
// official OTLP/HTTP protobuf logs exporter sends them to the traces URL's sibling /v1/logs.
// usage: node chat.cjs otel|traceloop|openinference <simulator base URL> <traces URL> <marker>
const [lib, baseURL, tracesUrl, marker] = process.argv.slice(2);
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const { SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');

const provider = new NodeTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: tracesUrl }))],
});
provider.register();

let loggerProvider;
if (lib === 'otel') {
  const { LoggerProvider, BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs');
  const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-proto');
  const { logs } = require('@opentelemetry/api-logs');
  const logsUrl = tracesUrl.replace(/\/v1\/traces$/, '/v1/logs');
  // batched: a call's records (messages, then the choice) leave in one request, in order
  loggerProvider = new LoggerProvider({
    processors: [new BatchLogRecordProcessor(new OTLPLogExporter({ url: logsUrl }))],
  });
  logs.setGlobalLoggerProvider(loggerProvider);
}

let instrumentation;
if (lib === 'otel') {
  const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');
  instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
} else if (lib === 'traceloop') {
  const { OpenAIInstrumentation } = require('@traceloop/instrumentation-openai');
  instrumentation = new OpenAIInstrumentation({ traceContent: true });
} else if (lib === 'openinference') {
  const { OpenAIInstrumentation } = require('@arizeai/openinference-instrumentation-openai');
  instrumentation = new OpenAIInstrumentation();
} else {
  throw new Error('unknown library ' + lib);
}
registerInstrumentations({ instrumentations: [instrumentation], tracerProvider: provider, loggerProvider });
const openai = require('openai'); // after the instrumentation is registered, so it is patched
const OpenAI = openai.OpenAI || openai.default || openai;

(async () => {
  const client = new OpenAI({ baseURL, apiKey: 'simulator' });
  const response = await client.chat.completions.create({
    model: 'sim-good',
    temperature: 0.2,
    max_tokens: 64,
    messages: [
      { role: 'system', content: 'You are terse. (' + lib + ')' },
      { role: 'user', content: marker + ' name a prime' },
      { role: 'assistant', content: '7' },
      { role: 'user', content: marker + ' and a larger one?' },
    ],
  });
  await provider.forceFlush();
  await provider.shutdown();
  if (loggerProvider) {
    await loggerProvider.forceFlush();
    await loggerProvider.shutdown();
  }
  console.log(JSON.stringify({ model: response.model, answer: response.choices[0].message.content }));
})().catch((e) => { console.error(e); process.exit(1); });
