/**
 * What instructions.ts runs under Valgrind: `count.ts <parse|ingest> <root> <rounds>` gunzips every file of the
 * corpus into memory, then reads them all `rounds` times on this thread, synchronously. A script of its own that
 * loads nothing but the reader: loading more (the AWS SDK…) made the counts vary by tens of percent from run
 * to run.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { UsageAccumulator } from '../src/core/usage/accumulate.js';
import { listLogFiles } from '../src/sources/local/log-files.js';
import { accumulateLogText, decodeLogBytes } from '../src/sources/local/log-text.js';

const [mode, root, rounds] = process.argv.slice(2);
if ((mode !== 'parse' && mode !== 'ingest') || root === undefined || !(Number(rounds) >= 1))
  throw new Error('usage: count.ts <parse|ingest> <corpus root> <rounds>');
const files = (await listLogFiles([root])).files;
const plain = files.map((file) => gunzipSync(readFileSync(file)));
let records = 0;
for (let round = 0; round < Number(rounds); round++) {
  if (mode === 'parse') {
    for (const bytes of plain) records += (JSON.parse(bytes.toString('utf8')) as { Records: unknown[] }).Records.length;
  } else {
    const accumulator = new UsageAccumulator();
    plain.forEach((bytes, i) => {
      records += accumulateLogText(files[i] as string, decodeLogBytes(bytes), accumulator).records;
    });
    accumulator.snapshot();
  }
}
process.stdout.write(`COUNT_RESULT ${JSON.stringify({ records })}\n`);
