/**
 * AWS Lambda entry (API Gateway HTTP API or a Function URL → this handler), without
 * `@probot/adapter-aws-lambda-serverless`: its current release (4.0.3) still depends on probot 13, which would
 * put a second Probot in the bundle. This is what that adapter does: verify the signature, run the handlers.
 *
 * A Lambda is frozen as soon as it returns, so unlike the Node server the queued work is awaited before the
 * response. Keep the function timeout above the longest analysis (e.g. 300 s); GitHub may log a delivery as
 * timed out after 10 s, and a redelivery is then deduplicated by its delivery id. Use ALPHA_STORE=dynamodb.
 */
import { createProbot, type Probot } from 'probot';
import { alphaRuntimeFromEnv, type AlphaRuntime } from './index.js';

export interface HttpEvent {
  headers?: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

let ready: Promise<{ probot: Probot; runtime: AlphaRuntime }> | undefined;

async function start(): Promise<{ probot: Probot; runtime: AlphaRuntime }> {
  const probot = createProbot();
  const runtime = await alphaRuntimeFromEnv(process.env, (error) =>
    probot.log.error({ err: error }, 'ALPHA job failed'),
  );
  await probot.load(runtime.appFn);
  return { probot, runtime };
}

function reply(statusCode: number, message: string): HttpResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) };
}

export async function handler(event: HttpEvent): Promise<HttpResult> {
  ready ??= start();
  const { probot, runtime } = await ready;
  // API Gateway may keep the header case the client sent.
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? '']));
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const id = headers['x-github-delivery'];
  const name = headers['x-github-event'];
  const signature = headers['x-hub-signature-256'];
  if (!id || !name || !signature) return reply(400, 'missing x-github-delivery, x-github-event or x-hub-signature-256');
  try {
    await probot.webhooks.verifyAndReceive({ id, name, signature, payload: body } as never);
  } catch (error) {
    const status = (error as { status?: number }).status;
    return reply(status === 400 || status === 401 ? status : 400, 'signature does not match or the payload is invalid');
  }
  await runtime.queue.idle();
  return reply(200, 'ok');
}
