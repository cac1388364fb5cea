/**
 * Which files under the paths the user gave are CloudTrail logs. Directories are walked recursively in sorted
 * order, so the same tree always gives the same file list (and the same rejection order).
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordRejection } from '../../core/cloudtrail/record.js';

const LOG_EXTENSIONS = ['.json', '.json.gz', '.jsonl', '.jsonl.gz', '.ndjson', '.ndjson.gz'];

export interface LogFileList {
  /** Log files to read, in sorted order per given path. */
  readonly files: string[];
  /** Files found but not read: CloudTrail digest files, and files that are no log format. */
  readonly skipped: string[];
  /** Paths that could not be listed or do not exist. */
  readonly problems: RecordRejection[];
}

/** Digest files (`AWSLogs/<acct>/CloudTrail-Digest/...`) prove integrity; they hold no events. */
export function isDigestFile(path: string): boolean {
  return path.includes('CloudTrail-Digest') || path.includes('_CloudTrail-Digest_');
}

export function isJsonLinesFile(path: string): boolean {
  return /\.(jsonl|ndjson)(\.gz)?$/i.test(path);
}

function hasLogExtension(path: string): boolean {
  const lower = path.toLowerCase();
  return LOG_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export async function listLogFiles(paths: readonly string[]): Promise<LogFileList> {
  const files: string[] = [];
  const skipped: string[] = [];
  const problems: RecordRejection[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const addFile = (path: string, explicit: boolean): void => {
    if (seenFiles.has(path)) return;
    seenFiles.add(path);
    if (isDigestFile(path) || (!explicit && !hasLogExtension(path))) skipped.push(path);
    else files.push(path);
  };

  const walk = async (dir: string): Promise<void> => {
    let real: string;
    let entries;
    try {
      real = await realpath(dir);
      if (seenDirs.has(real)) return; // a symlink loop, or the same folder given twice
      seenDirs.add(real);
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ file: dir, reason: `could not list the folder: ${messageOf(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(path);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          problems.push({ file: path, reason: `broken symbolic link: ${messageOf(error)}` });
          continue;
        }
      }
      if (isDir) await walk(path);
      else if (isFile) addFile(path, false);
    }
  };

  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      problems.push({ file: path, reason: `cannot read: ${messageOf(error)}` });
      continue;
    }
    if (info.isDirectory()) await walk(path);
    else addFile(path, true);
  }
  return { files, skipped, problems };
}

function messageOf(error: unknown): string {
  // Duck-typed: fs errors can come from another realm under test runners.
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
