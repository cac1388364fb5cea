/**
 * A loopback Amazon Bedrock Runtime speaking the real Converse wire format (restJson1 over HTTP/1.1):
 * `POST /model/{modelId}/converse`, errors as `x-amzn-errortype` + `{"message"}` with the real status codes.
 * Each request is answered by a scripted response (a tool call, text, an error, a hang). Token counts are
 * estimated from the request and answer sizes (≈ 4 characters per token, the usual rule of thumb for English
 * and JSON with Claude and Nova tokenizers) so cost figures measured against the fake are realistic.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CHARS_PER_TOKEN = 4;

export interface ConverseRequestBody {
  system?: { text?: string }[];
  messages?: { role: string; content: { text?: string }[] }[];
  inferenceConfig?: { maxTokens?: number; temperature?: number };
  toolConfig?: {
    tools?: { toolSpec?: { name: string; description?: string; inputSchema?: { json?: unknown } } }[];
    toolChoice?: Record<string, unknown>;
  };
}

export interface RecordedConverse {
  modelId: string;
  body: ConverseRequestBody;
  /** System prompt and user message text, joined. */
  prompt: { system: string; user: string };
  authorization: string;
  httpVersion: string;
}

export type FakeBedrockResponse =
  /** The model calls the answer tool with this input (any JSON, valid or not). */
  | { toolInput: unknown; toolName?: string; stopReason?: string; delayMs?: number }
  /** The model answers in text instead of calling the tool. */
  | { text: string; delayMs?: number }
  /** A body that is not even JSON. */
  | { rawBody: string; status?: number; delayMs?: number }
  /** An AWS error, e.g. 429 ThrottlingException, 503 ServiceUnavailableException, 403 AccessDeniedException. */
  | { status: number; errorType: string; message?: string; delayMs?: number }
  /** Never answers (the client's deadline must fire). */
  | { hang: true };

export interface FakeBedrock {
  readonly endpoint: string;
  readonly requests: RecordedConverse[];
  /** Token counts reported per answered request, in order. */
  readonly usage: { inputTokens: number; outputTokens: number }[];
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / CHARS_PER_TOKEN));
}

/**
 * Starts the fake. `respond` is called per request (0-based index) and may look at the request; a list is
 * played in order, its last entry repeating.
 */
export async function startFakeBedrock(
  respond: FakeBedrockResponse[] | ((request: RecordedConverse, index: number) => FakeBedrockResponse),
): Promise<FakeBedrock> {
  const requests: RecordedConverse[] = [];
  const usage: { inputTokens: number; outputTokens: number }[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const match = /^\/model\/([^/]+)\/converse$/.exec(request.url ?? '');
      if (request.method !== 'POST' || !match?.[1]) {
        response.writeHead(404, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'UnknownOperationException',
        });
        response.end(JSON.stringify({ message: `no route ${request.method} ${request.url}` }));
        return;
      }
      const text = await readBody(request);
      const body = JSON.parse(text) as ConverseRequestBody;
      const recorded: RecordedConverse = {
        modelId: decodeURIComponent(match[1]),
        body,
        prompt: {
          system: (body.system ?? []).map((s) => s.text ?? '').join('\n'),
          user: (body.messages ?? []).flatMap((m) => m.content.map((c) => c.text ?? '')).join('\n'),
        },
        authorization: String(request.headers.authorization ?? ''),
        httpVersion: request.httpVersion,
      };
      const index = requests.length;
      requests.push(recorded);
      const scripted = Array.isArray(respond)
        ? (respond[Math.min(index, respond.length - 1)] as FakeBedrockResponse)
        : respond(recorded, index);
      if ('hang' in scripted) return;
      if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
      if ('errorType' in scripted) {
        response.writeHead(scripted.status, {
          'content-type': 'application/json',
          'x-amzn-errortype': scripted.errorType,
        });
        response.end(JSON.stringify({ message: scripted.message ?? scripted.errorType }));
        return;
      }
      if ('rawBody' in scripted) {
        response.writeHead(scripted.status ?? 200, { 'content-type': 'application/json' });
        response.end(scripted.rawBody);
        return;
      }
      // Input tokens: the prompt and the tool schema, as the model would read them.
      const inputTokens = tokens(
        `${recorded.prompt.system}${recorded.prompt.user}${JSON.stringify(body.toolConfig ?? {})}`,
      );
      const content =
        'text' in scripted
          ? [{ text: scripted.text }]
          : [
              {
                toolUse: {
                  toolUseId: `tooluse_${index}`,
                  name: scripted.toolName ?? body.toolConfig?.tools?.[0]?.toolSpec?.name ?? 'x',
                  input: scripted.toolInput,
                },
              },
            ];
      const outputTokens = tokens(JSON.stringify(content));
      usage.push({ inputTokens, outputTokens });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          output: { message: { role: 'assistant', content } },
          stopReason: 'text' in scripted ? 'end_turn' : (scripted.stopReason ?? 'tool_use'),
          usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
          metrics: { latencyMs: 42 },
        }),
      );
    })().catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalServerException' });
      response.end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    usage,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
