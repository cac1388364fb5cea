import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withContext } from '../core/errors.js';

/** Writes a file, creating its folder; the error names the file. */
export async function writeOutputFile(path: string, content: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  } catch (error) {
    throw withContext(`could not write ${path}`, error);
  }
}
