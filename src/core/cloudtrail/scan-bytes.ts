/**
 * What the raw bytes of a log file say before any decoding. Nearly every CloudTrail file is compact ASCII JSON:
 * no byte above 0x7f (so Latin-1 decoding is exact and far cheaper than UTF-8) and no byte below 0x20 (so no
 * string can hold a control character, and the scanner can skip its own check). Checking both on the bytes,
 * 16 at a time with WebAssembly SIMD (4 at a time in plain JavaScript where that is unavailable), costs a
 * fraction of the scanner's regular expression over the decoded text.
 */

export interface ByteClasses {
  /** Every byte is below 0x80: the text is ASCII, and Latin-1 decoding gives exactly the UTF-8 text. */
  readonly ascii: boolean;
  /** No byte below 0x20: no control character anywhere, not even whitespace between tokens. */
  readonly controlFree: boolean;
}

const HIGH = 0x80808080;
const SPACES = 0x20202020;

/**
 * One pass over the bytes; the unaligned head and tail byte by byte, the middle as 32-bit words, where a byte
 * lane below 0x20 shows up as bit 7 of `(w - 0x20202020) & ~w` (exact for "some lane": a borrow only starts at
 * such a lane).
 */
/**
 * The same check with WebAssembly SIMD, 16 bytes per step (several times faster than the word loop): OR of
 * all bytes (bit 7: a byte ≥ 0x80) and OR of `byte <u 0x20` lanes. The module is small enough to write out:
 * `classify(n)` reads memory [0, n), n a multiple of 16, and returns bit 0 = non-ASCII, bit 1 = control.
 */
/** A section or body with its size in front (all of them are under 128 bytes: one LEB128 byte). */
const sized = (...bytes: number[]): number[] => [bytes.length, ...bytes];

const CLASSIFY_BODY = sized(
  ...[0x02, 0x01, 0x7f, 0x03, 0x7b], // locals: i (i32); high, low, v (v128)
  ...[0x02, 0x40, 0x20, 0x00, 0x45, 0x0d, 0x00], // block; br_if n == 0
  ...[0x03, 0x40], // loop
  ...[0x20, 0x01, 0xfd, 0x00, 0x04, 0x00, 0x21, 0x04], // v = v128.load(i)
  ...[0x20, 0x02, 0x20, 0x04, 0xfd, 0x50, 0x21, 0x02], // high |= v
  ...[0x20, 0x03, 0x20, 0x04, 0xfd, 0x0c, ...new Array<number>(16).fill(0x20)], // low, v, splat(0x20)
  ...[0xfd, 0x26, 0xfd, 0x50, 0x21, 0x03], // low |= v <u 0x20
  ...[0x20, 0x01, 0x41, 0x10, 0x6a, 0x22, 0x01, 0x20, 0x00, 0x49, 0x0d, 0x00], // i += 16; loop while i < n
  ...[0x0b, 0x0b], // end loop, end block
  ...[0x20, 0x02, 0xfd, 0x64, 0x41, 0x00, 0x47], // bitmask(high) != 0
  ...[0x20, 0x03, 0xfd, 0x53, 0x41, 0x01, 0x74, 0x72], // | any_true(low) << 1
  0x0b,
);

const ascii = (name: string): number[] => [name.length, ...Array.from(name, (c) => c.charCodeAt(0))];

const SIMD_MODULE = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // \0asm, version 1
  ...[0x01, ...sized(0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f)], // types: (i32) -> i32
  ...[0x03, ...sized(0x01, 0x00)], // functions: one of that type
  ...[0x05, ...sized(0x01, 0x00, 0x11)], // memory: 17 pages (1 MiB chunks + padding)
  ...[0x07, ...sized(0x02, ...ascii('memory'), 0x02, 0x00, ...ascii('classify'), 0x00, 0x00)], // exports
  ...[0x0a, ...sized(0x01, ...CLASSIFY_BODY)], // code
]);

/** Bytes copied into the module's memory per call. */
const SIMD_CHUNK = 1 << 20;
/** Below this, the word loop is as fast as copying into the module. */
const SIMD_MIN = 4096;

interface SimdClassifier {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly classify: (n: number) => number;
}

/** The part of the WebAssembly API used here (the project's type libraries do not declare it). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: unknown };
}

let simd: SimdClassifier | null | undefined;

/** Compiled on first use; null where WebAssembly SIMD is unavailable (the word loop is used instead). */
function simdClassifier(): SimdClassifier | null {
  if (simd === undefined) {
    try {
      const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
      simd = wasm ? (new wasm.Instance(new wasm.Module(SIMD_MODULE)).exports as SimdClassifier) : null;
    } catch {
      simd = null;
    }
  }
  return simd;
}

function classifyWithSimd(bytes: Uint8Array, classifier: SimdClassifier): ByteClasses {
  const memory = new Uint8Array(classifier.memory.buffer);
  let found = 0;
  for (let start = 0; start < bytes.length && found !== 3; start += SIMD_CHUNK) {
    const chunk = bytes.subarray(start, start + SIMD_CHUNK);
    const padded = (chunk.length + 15) & ~15;
    memory.set(chunk);
    memory.fill(0x20, chunk.length, padded); // spaces: neither high nor control
    found |= classifier.classify(padded);
  }
  return { ascii: (found & 1) === 0, controlFree: (found & 2) === 0 };
}

/** Whether classifyBytes runs on WebAssembly SIMD here (for tests and the bench). */
export function usesSimd(): boolean {
  return simdClassifier() !== null;
}

/** `allowSimd: false` forces the plain JavaScript loop (tests compare the two). */
export function classifyBytes(bytes: Uint8Array, allowSimd = true): ByteClasses {
  if (allowSimd && bytes.length >= SIMD_MIN) {
    const classifier = simdClassifier();
    if (classifier !== null) return classifyWithSimd(bytes, classifier);
  }
  return classifyWords(bytes);
}

function classifyWords(bytes: Uint8Array): ByteClasses {
  const n = bytes.length;
  let high = 0;
  let low = 0;
  let head = (4 - (bytes.byteOffset & 3)) & 3;
  if (head > n) head = n;
  for (let i = 0; i < head; i++) {
    const c = bytes[i] as number;
    high |= c;
    if (c < 0x20) low = 1;
  }
  const words = (n - head) >>> 2;
  if (words > 0) {
    const u = new Uint32Array(bytes.buffer, bytes.byteOffset + head, words);
    let hi = 0;
    let lo = 0;
    let j = 0;
    for (; j + 4 <= words; j += 4) {
      const a = u[j] as number;
      const b = u[j + 1] as number;
      const c = u[j + 2] as number;
      const d = u[j + 3] as number;
      hi |= a | b | c | d;
      lo |= ((a - SPACES) & ~a) | ((b - SPACES) & ~b) | ((c - SPACES) & ~c) | ((d - SPACES) & ~d);
    }
    for (; j < words; j++) {
      const a = u[j] as number;
      hi |= a;
      lo |= (a - SPACES) & ~a;
    }
    if ((hi & HIGH) !== 0) high |= 0x80;
    if ((lo & HIGH) !== 0) low = 1;
  }
  for (let i = head + words * 4; i < n; i++) {
    const c = bytes[i] as number;
    high |= c;
    if (c < 0x20) low = 1;
  }
  return { ascii: (high & 0x80) === 0, controlFree: low === 0 };
}
