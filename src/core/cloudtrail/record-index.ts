/**
 * The record index (native/record-index.c, compiled to WebAssembly) from JavaScript. One pass in WebAssembly
 * validates a trail file's `Records` array and says where each record is and where the values of the wanted
 * top-level keys are; the scanner then builds those values without reading anything else (scan.ts). Stepping
 * over the unwanted bytes was most of the reading thread's work in JavaScript, and is a few instructions per
 * 16 bytes with SIMD.
 */
import { RECORD_INDEX_WASM_BASE64 } from './record-index-module.js';
import type { FieldSpec, ObjectSpec } from './scan-record.js';

/** Kinds of array items on the tape. */
export const ITEM_OBJECT = 0;
/** Not an object: no record. */
export const ITEM_OTHER = 1;
/** An object with an escaped key (`"\u0065ventName"`): picked by the JavaScript scanner instead. */
export const ITEM_ESCAPED_KEY = 2;
/** An item with a byte >= 0x80 (in a string): JavaScript decodes it as UTF-8 and picks it itself. */
export const ITEM_NON_ASCII = 3;

/** How a field's values are interned (native/record-index.c): equal values get one id for every file. */
export const INTERN_NONE = 0;
export const INTERN_STRING = 1;
export const INTERN_OBJECT = 2;
/** Not interned: request parameters, whose wanted keys (FieldSpec.keys) are written onto the tape after them. */
export const INTERN_PARAMETERS = 3;

/** Tape field numbers from here on are FieldSpec.keys (bit 8 of the parameters' own word: read them parsed). */
export const PARAMETER_FIELDS = 64;

/** The module reads the whole file from its own memory, which never shrinks: larger files take the JS path. */
export const INDEX_MAX_BYTES = 16 * 1024 * 1024;

interface IndexExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  key_slot(): number;
  add_key(length: number, intern: number): number;
  parameter_key_slot(): number;
  add_parameter_key(length: number): number;
  tape(): number;
  tape_capacity(): number;
  max_interned(): number;
  reserve(bytes: number): number;
  begin(arrayStart: number, bytes: number): void;
  array_end(): number;
  next(): number;
}

/** The part of the WebAssembly API used here (the project's type libraries do not declare it). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: unknown };
}

export class RecordIndex {
  /** The spec's keys and fields by the index the tape gives them. */
  readonly keys: string[] = [];
  readonly fields: FieldSpec[] = [];
  /** INTERN_* by field index. */
  readonly interning: number[] = [];
  /** The field whose keys are indexed (INTERN_PARAMETERS), or -1. */
  readonly parametersField: number = -1;
  /**
   * Interned string values by id, shared by every file: they are copies (see JsonScanner.readCommonString), so
   * they keep no file's text alive. Filled up front for every id the module can hand out, so it stays packed.
   */
  readonly strings: (string | undefined)[];
  private tapeView: Int32Array;

  private constructor(
    private readonly wasm: IndexExports,
    readonly spec: ObjectSpec,
  ) {
    for (const [key, field] of spec) {
      const intern = field.keys
        ? INTERN_PARAMETERS
        : !field.intern
          ? INTERN_NONE
          : field.kind === 'string'
            ? INTERN_STRING
            : field.kind === 'object'
              ? INTERN_OBJECT
              : INTERN_NONE;
      const bytes = asciiBytes(key);
      new Uint8Array(wasm.memory.buffer, wasm.key_slot(), bytes.length).set(bytes);
      if (wasm.add_key(bytes.length, intern) !== this.keys.length) throw new Error(`key ${key} does not fit the index`);
      if (field.keys) {
        if (this.parametersField >= 0) throw new Error('only one field of a spec can have its keys indexed');
        this.parametersField = this.keys.length;
        field.keys.forEach((parameter, i) => {
          const parameterBytes = asciiBytes(parameter);
          new Uint8Array(wasm.memory.buffer, wasm.parameter_key_slot(), parameterBytes.length).set(parameterBytes);
          if (wasm.add_parameter_key(parameterBytes.length) !== i)
            throw new Error(`parameter key ${parameter} does not fit the index`);
        });
      }
      this.keys.push(key);
      this.fields.push(field);
      this.interning.push(intern);
    }
    this.strings = new Array<string | undefined>(wasm.max_interned() + 1).fill(undefined);
    this.tapeView = this.view();
  }

  /** Compiled on first use; null where WebAssembly SIMD is unavailable. */
  static for(spec: ObjectSpec): RecordIndex | null {
    let index = indexes.get(spec);
    if (index === undefined) {
      try {
        const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
        const bytes = Uint8Array.from(atob(RECORD_INDEX_WASM_BASE64), (c) => c.charCodeAt(0));
        index = wasm ? new RecordIndex(new wasm.Instance(new wasm.Module(bytes)).exports as IndexExports, spec) : null;
      } catch {
        index = null;
      }
      indexes.set(spec, index);
    }
    return index;
  }

  /** Copies the text in and starts at the array item after `arrayStart`; false when the file is too large. */
  begin(bytes: Uint8Array, arrayStart: number): boolean {
    if (bytes.length > INDEX_MAX_BYTES) return false;
    const at = this.wasm.reserve(bytes.length);
    if (at === 0) return false;
    new Uint8Array(this.wasm.memory.buffer, at, bytes.length).set(bytes);
    this.wasm.begin(arrayStart, bytes.length);
    if (this.tapeView.buffer !== this.wasm.memory.buffer) this.tapeView = this.view();
    return true;
  }

  /**
   * Indexes the next items onto `tape`: the number of words written, 0 once the array has ended, or negative
   * when the text is not valid JSON (or something the index does not handle, such as very deep nesting).
   */
  next(): number {
    return this.wasm.next();
  }

  get tape(): Int32Array {
    return this.tapeView;
  }

  /** Offset just after the array's `]`. */
  arrayEnd(): number {
    return this.wasm.array_end();
  }

  private view(): Int32Array {
    return new Int32Array(this.wasm.memory.buffer, this.wasm.tape(), this.wasm.tape_capacity());
  }
}

const indexes = new WeakMap<ObjectSpec, RecordIndex | null>();

function asciiBytes(key: string): Uint8Array {
  const bytes = Uint8Array.from(key, (c) => c.charCodeAt(0));
  if (bytes.some((b) => b > 0x7f)) throw new Error(`key ${key} is not ASCII`);
  return bytes;
}
