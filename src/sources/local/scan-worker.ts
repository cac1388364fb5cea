/**
 * Worker-thread entry (bundled as dist/scan-worker.js): reads, scans and accumulates the files it is handed,
 * asks for more, and posts its snapshot when told to finish. Reads synchronously: the thread is its own.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { UsageAccumulator } from '../../core/usage/accumulate.js';
import type { RecordRejection } from '../../core/cloudtrail/record.js';
import { accumulateLogText, decodeLogBytes, describe, type LogText } from './log-text.js';
import {
  principalArnFilter,
  type WorkerOptions,
  type WorkerReply,
  type WorkerRequest,
} from './scan-worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('scan-worker must run as a worker thread (node:worker_threads)');

const options = (workerData ?? {}) as WorkerOptions;
const accumulator = new UsageAccumulator({
  ...(options.maxResourcesPerCall === undefined ? {} : { maxResourcesPerCall: options.maxResourcesPerCall }),
  ...(options.principalArns ? { principalFilter: principalArnFilter(options.principalArns) } : {}),
  ...(options.window ? { window: options.window } : {}),
});
const rejections: RecordRejection[] = [];
const reply = (message: WorkerReply) => port.postMessage(message);

/** Reads one file into the accumulator; returns records accepted and bytes read. */
function readOne(file: string): { readonly records: number; readonly bytes: number } {
  let bytes = 0;
  let decoded: LogText;
  try {
    const raw = readFileSync(file);
    bytes = raw.length;
    decoded = decodeLogBytes(raw);
  } catch (error) {
    decoded = { reason: `cannot read: ${describe(error)}` };
  }
  const outcome = accumulateLogText(file, decoded, accumulator);
  rejections.push(...outcome.rejections);
  return { records: outcome.records, bytes };
}

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'files') {
    let records = 0;
    let bytes = 0;
    for (const file of request.files) {
      const one = readOne(file);
      records += one.records;
      bytes += one.bytes;
    }
    reply({ type: 'need', files: request.files.length, records, bytes });
  } else {
    reply({ type: 'done', snapshot: accumulator.snapshot(), rejections });
    port.close();
  }
});
reply({ type: 'need', files: 0, records: 0, bytes: 0 });
