/*
 * The record index: one pass over a CloudTrail trail file's `Records` array that validates it as JSON and writes,
 * for every record, where it starts and ends and where the values of the wanted top-level keys are. JavaScript
 * then builds only those values (scan.ts, record-index.ts) instead of stepping over every byte of every record
 * itself, which is where most of the reading thread's time went.
 *
 * Built to WebAssembly by scripts/build-record-index.sh (clang, no libc); the module is committed as base64 in
 * src/core/cloudtrail/record-index-module.ts, so neither CI nor users need a C compiler.
 *
 * Contract (the JavaScript side relies on every point):
 * - It accepts exactly RFC 8259 JSON: whatever it accepts, JSON.parse accepts. It may also refuse valid JSON it
 *   does not handle (nesting deeper than MAX_DEPTH, a record with more wanted keys than fit in the tape); the
 *   caller then reads the file the old way, so a refusal only costs speed.
 * - The input is followed by PADDING zero bytes. A zero byte is never valid JSON outside a string and never valid
 *   inside one (a control character), so the end of the input needs no bounds check: it is just invalid.
 * - Bytes >= 0x80 are accepted inside strings only, and an item holding one is of kind KIND_NON_ASCII: JavaScript
 *   decodes (and so validates) such an item as UTF-8 itself. Its values on the tape, and their intern ids, are
 *   meaningless.
 *
 * Tape, in 32-bit words, per item of the array: start, end (byte offsets of the item), info (bits 0-23: number of
 * pairs, bits 24-31: kind), then per wanted key found, in document order (duplicates included, as JSON.parse sees
 * them): field (bits 0-7: the key's index, bit 8: the value is a string with an escape, bits 9-31: the value's
 * intern id or 0), value start, value end.
 *
 * Request parameters: one key may be registered as INTERN_PARAMETERS. When its value is an object, every top-level
 * key of that object that is exactly a registered parameter key (add_parameter_key) is written after it as one more
 * pair: field PARAMETER_FIELDS + the parameter key's index, bit 8 for a string with an escape, value start and end.
 * JavaScript's reader (resources.ts, `field`) also matches keys that differ only in ASCII case; so a key that does
 * that, an escaped key and a key with a byte >= 0x80 (case rules beyond ASCII) set bit 8 of the parameters' own
 * field word instead, meaning "read them from the parsed object".
 *
 * Interning: a key registered as INTERN_STRING or INTERN_OBJECT gets, for a value of that type, an id that is the
 * same for byte-identical values (0 once its table is full). String ids hold across every file this instance
 * reads (event names, Regions: a few hundred); object ids (identities: thousands of sessions) only within one
 * file, which is all the JavaScript side keeps them for. It builds such a value once per id instead of comparing
 * its text again for every record.
 */
#include <stdint.h>
#include <wasm_simd128.h>

typedef uint8_t u8;
typedef int32_t i32;
typedef uint32_t u32;

#define EXPORT(name) __attribute__((export_name(#name)))

/* TAPE_FULL never leaves next(): the item is indexed again by the next call. */
enum { INVALID = -1, UNSUPPORTED = -2, TAPE_FULL = -3 };
enum { KIND_OBJECT = 0, KIND_OTHER = 1, KIND_ESCAPED_KEY = 2, KIND_NON_ASCII = 3 };

#define MAX_KEYS 64
#define PARAMETER_FIELDS 64 /* field numbers from here on are parameter keys */
#define MAX_PARAMETER_KEYS 128
#define MAX_SAME_LENGTH_PARAMETERS 16
#define MAX_PARAMETER_LENGTH 48
#define MAX_KEY_LENGTH 32
#define MAX_SAME_LENGTH 8
#define MAX_DEPTH 512
#define TAPE_WORDS 16384
#define PADDING 64

enum { INTERN_NONE = 0, INTERN_STRING = 1, INTERN_OBJECT = 2, INTERN_PARAMETERS = 3 };
#define MAX_INTERNED 8192
#define INTERN_SLOTS 16384 /* a power of two, at least twice MAX_INTERNED */
#define MAX_INTERNED_STRING 66 /* with its quotes */
#define MAX_INTERNED_OBJECT 2048
#define STRING_POOL (MAX_INTERNED * MAX_INTERNED_STRING)

extern u8 __heap_base;

static i32 tape_words[TAPE_WORDS];
static i32 *out;
static i32 *const tape_end = tape_words + TAPE_WORDS;

static u8 key_bytes[MAX_KEYS * MAX_KEY_LENGTH];
static u32 key_count;
static u8 candidates[MAX_KEY_LENGTH][MAX_SAME_LENGTH];
static u8 candidate_count[MAX_KEY_LENGTH];
static u8 key_intern[MAX_KEYS];

/* Parameter keys as registered, and in ASCII lower case, by length as for the record keys. */
static u8 parameter_bytes[MAX_PARAMETER_KEYS * MAX_PARAMETER_LENGTH];
static u8 parameter_lower[MAX_PARAMETER_KEYS * MAX_PARAMETER_LENGTH];
static u32 parameter_count;
static u8 parameter_candidates[MAX_PARAMETER_LENGTH][MAX_SAME_LENGTH_PARAMETERS];
static u8 parameter_candidate_count[MAX_PARAMETER_LENGTH];

/* Interned values, found by hash; ids are entry indexes + 1. `at` is an offset in `base`. */
typedef struct {
  u32 hash;
  u32 at;
  u32 length;
  u32 slot;
} entry;
typedef struct {
  entry entries[MAX_INTERNED];
  uint16_t slots[INTERN_SLOTS]; /* entry index + 1, or 0 */
  u32 count;
} intern_table;
/* Strings outlive the file they came from: their bytes are copied into the pool. */
static intern_table strings;
static u8 string_pool[STRING_POOL];
static u32 string_pool_used;
/* Objects live as long as the file: they point into the input. */
static intern_table objects;

static u8 *input;
static const u8 *cursor;
static int first_item;
static i32 array_end_at;
/* Set by string_end: the string held an escape. */
static int escaped;
/* Or-ed by string_end with the high bits of the bytes it loaded: nonzero once an item held a byte >= 0x80. */
static u32 high_bytes;
/* Why the last parse returned 0 when it was not invalid JSON. */
static int refusal;

/* Where JavaScript writes the next key's bytes before add_key. */
EXPORT(key_slot) u8 *key_slot(void) { return key_bytes + key_count * MAX_KEY_LENGTH; }

/* Registers the key written at key_slot (intern: INTERN_*); its index, or -1 when the table has no room for it. */
EXPORT(add_key) i32 add_key(u32 length, u32 intern) {
  if (key_count >= MAX_KEYS || length == 0 || length >= MAX_KEY_LENGTH || intern > INTERN_PARAMETERS) return -1;
  if (candidate_count[length] >= MAX_SAME_LENGTH) return -1;
  candidates[length][candidate_count[length]++] = (u8)key_count;
  key_intern[key_count] = (u8)intern;
  return (i32)key_count++;
}

/* Where JavaScript writes the next parameter key's bytes before add_parameter_key. */
EXPORT(parameter_key_slot) u8 *parameter_key_slot(void) {
  return parameter_bytes + parameter_count * MAX_PARAMETER_LENGTH;
}

static inline u8 ascii_lower(u8 c) { return (u8)(c - 'A') < 26 ? (u8)(c | 0x20) : c; }

/* Registers the parameter key written at parameter_key_slot; its index, or -1 when there is no room for it. */
EXPORT(add_parameter_key) i32 add_parameter_key(u32 length) {
  if (parameter_count >= MAX_PARAMETER_KEYS || length == 0 || length >= MAX_PARAMETER_LENGTH) return -1;
  if (parameter_candidate_count[length] >= MAX_SAME_LENGTH_PARAMETERS) return -1;
  u8 *key = parameter_bytes + parameter_count * MAX_PARAMETER_LENGTH;
  u8 *lower = parameter_lower + parameter_count * MAX_PARAMETER_LENGTH;
  for (u32 i = 0; i < length; i++) lower[i] = ascii_lower(key[i]);
  parameter_candidates[length][parameter_candidate_count[length]++] = (u8)parameter_count;
  return (i32)parameter_count++;
}

EXPORT(tape) i32 *tape(void) { return tape_words; }

/* Sizes the JavaScript side needs, from here rather than copied there. */
EXPORT(tape_capacity) u32 tape_capacity(void) { return TAPE_WORDS; }
EXPORT(max_interned) u32 max_interned(void) { return MAX_INTERNED; }

/* Room for n input bytes and the padding; the input's address, or 0 when memory cannot grow. */
EXPORT(reserve) u8 *reserve(u32 n) {
  u32 base = (u32)&__heap_base;
  u32 need = base + n + PADDING;
  if (need < base) return 0;
  u32 have = (u32)__builtin_wasm_memory_size(0) * 65536u;
  if (need > have && __builtin_wasm_memory_grow(0, (need - have + 65535u) / 65536u) < 0) return 0;
  return &__heap_base;
}

/* Starts indexing the array whose `[` is just before `pos`, in input [0, n) (already written at reserve's address). */
EXPORT(begin) void begin(u32 pos, u32 n) {
  input = &__heap_base;
  volatile u8 *pad = input + n;
  for (u32 i = 0; i < PADDING; i++) pad[i] = 0;
  /* Only the slots the last file used: a file of a few records should not pay for clearing the whole table. */
  for (u32 i = 0; i < objects.count; i++) objects.slots[objects.entries[i].slot] = 0;
  objects.count = 0;
  cursor = input + pos;
  first_item = 1;
  array_end_at = -1;
}

/* The offset just after the array's `]`, once next() has reached it; -1 before. */
EXPORT(array_end) i32 array_end(void) { return array_end_at; }

static inline int is_digit(u8 c) { return (u8)(c - '0') < 10; }

static inline int is_hex(u8 c) { return is_digit(c) || (u8)((c | 0x20) - 'a') < 6; }

static inline const u8 *skip_whitespace(const u8 *p) {
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  return p;
}

/* p at an opening quote; just after the closing one, or 0. Sets `escaped`. */
static const u8 *string_end(const u8 *p) {
  const v128_t quote = wasm_i8x16_splat('"');
  const v128_t backslash = wasm_i8x16_splat('\\');
  const v128_t space = wasm_i8x16_splat(0x20);
  int esc = 0;
  p++;
  for (;;) {
    v128_t v = wasm_v128_load(p);
    v128_t stop = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, quote), wasm_i8x16_eq(v, backslash)),
                               wasm_u8x16_lt(v, space));
    /* Bytes past the closing quote may count too: that only sends an item to the slower path. */
    high_bytes |= wasm_i8x16_bitmask(v);
    u32 mask = wasm_i8x16_bitmask(stop);
    if (mask == 0) {
      p += 16;
      continue;
    }
    p += __builtin_ctz(mask);
    u8 c = *p;
    if (c == '"') {
      escaped = esc;
      return p + 1;
    }
    if (c != '\\') return 0; /* a control character, or the end of the input */
    esc = 1;
    u8 e = p[1];
    if (e == 'u') {
      if (!(is_hex(p[2]) && is_hex(p[3]) && is_hex(p[4]) && is_hex(p[5]))) return 0;
      p += 6;
    } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
      p += 2;
    } else {
      return 0;
    }
  }
}

static const u8 *number_end(const u8 *p) {
  if (*p == '-') p++;
  if (*p == '0') {
    p++;
  } else if (*p >= '1' && *p <= '9') {
    do p++;
    while (is_digit(*p));
  } else {
    return 0;
  }
  if (*p == '.') {
    p++;
    if (!is_digit(*p)) return 0;
    do p++;
    while (is_digit(*p));
  }
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '+' || *p == '-') p++;
    if (!is_digit(*p)) return 0;
    do p++;
    while (is_digit(*p));
  }
  return p;
}

static const u8 *value_end(const u8 *p, int depth);

static const u8 *object_end(const u8 *p, int depth) {
  if (depth > MAX_DEPTH) {
    refusal = UNSUPPORTED;
    return 0;
  }
  p = skip_whitespace(p + 1);
  if (*p == '}') return p + 1;
  for (;;) {
    if (*p != '"') return 0;
    if (!(p = string_end(p))) return 0;
    p = skip_whitespace(p);
    if (*p != ':') return 0;
    if (!(p = value_end(skip_whitespace(p + 1), depth))) return 0;
    p = skip_whitespace(p);
    if (*p == ',') {
      p = skip_whitespace(p + 1);
      continue;
    }
    return *p == '}' ? p + 1 : 0;
  }
}

static const u8 *array_end_of(const u8 *p, int depth) {
  if (depth > MAX_DEPTH) {
    refusal = UNSUPPORTED;
    return 0;
  }
  p = skip_whitespace(p + 1);
  if (*p == ']') return p + 1;
  for (;;) {
    if (!(p = value_end(p, depth))) return 0;
    p = skip_whitespace(p);
    if (*p == ',') {
      p = skip_whitespace(p + 1);
      continue;
    }
    return *p == ']' ? p + 1 : 0;
  }
}

/* p at the first character of a value; just after it, or 0. */
static const u8 *value_end(const u8 *p, int depth) {
  switch (*p) {
    case '"':
      return string_end(p);
    case '{':
      return object_end(p, depth + 1);
    case '[':
      return array_end_of(p, depth + 1);
    case 't':
      return p[1] == 'r' && p[2] == 'u' && p[3] == 'e' ? p + 4 : 0;
    case 'f':
      return p[1] == 'a' && p[2] == 'l' && p[3] == 's' && p[4] == 'e' ? p + 5 : 0;
    case 'n':
      return p[1] == 'u' && p[2] == 'l' && p[3] == 'l' ? p + 4 : 0;
    default:
      return *p == '-' || is_digit(*p) ? number_end(p) : 0;
  }
}

static i32 find_key(const u8 *key, u32 length) {
  if (length >= MAX_KEY_LENGTH) return -1;
  for (u32 c = 0; c < candidate_count[length]; c++) {
    u32 index = candidates[length][c];
    const u8 *known = key_bytes + index * MAX_KEY_LENGTH;
    u32 i = 0;
    while (i < length && known[i] == key[i]) i++;
    if (i == length) return (i32)index;
  }
  return -1;
}

static inline i32 offset(const u8 *p) { return (i32)(p - input); }

typedef uint64_t __attribute__((aligned(1))) unaligned_u64;

/* The n < 8 bytes at p as a number (the input is padded, so reading 8 is safe; the rest is masked off). */
static inline uint64_t tail_bytes(const u8 *p, u32 n) {
  return n == 0 ? 0 : *(const unaligned_u64 *)p & (~(uint64_t)0 >> (8 * (8 - n)));
}

/* 16 bytes per step in two independent lanes: identities are a few hundred bytes, hashed once per record. */
static u32 hash_bytes(const u8 *p, u32 length) {
  uint64_t a = 0x9e3779b97f4a7c15ull ^ length;
  uint64_t b = 0xc2b2ae3d27d4eb4full;
  u32 i = 0;
  for (; i + 16 <= length; i += 16) {
    a = (a ^ *(const unaligned_u64 *)(p + i)) * 0xff51afd7ed558ccdull;
    b = (b ^ *(const unaligned_u64 *)(p + i + 8)) * 0xc4ceb9fe1a85ec53ull;
    a ^= a >> 29;
    b ^= b >> 29;
  }
  u32 rest = length - i;
  if (rest > 0) {
    a = (a ^ tail_bytes(p + i, rest < 8 ? rest : 8)) * 0xff51afd7ed558ccdull;
    b = (b ^ tail_bytes(p + i + 8, rest > 8 ? rest - 8 : 0)) * 0xc4ceb9fe1a85ec53ull;
  }
  uint64_t h = (a ^ (b << 31 | b >> 33)) * 0x9e3779b97f4a7c15ull;
  return (u32)(h >> 32) ^ (u32)h;
}

static int same_bytes(const u8 *a, const u8 *b, u32 length) {
  u32 i = 0;
  for (; i + 16 <= length; i += 16)
    if (!wasm_i8x16_all_true(wasm_i8x16_eq(wasm_v128_load(a + i), wasm_v128_load(b + i)))) return 0;
  for (; i < length; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/*
 * The id in `table` of the value in [p, p + length): an existing one, a new one, or 0 when the table is full. A new
 * value's bytes are copied to the pool when there is one, otherwise they must stay where they are (the input).
 */
static u32 intern_id(intern_table *table, u8 *pool, u32 *pool_used, u32 pool_size, const u8 *p, u32 length) {
  const u8 *base = pool ? pool : input;
  u32 hash = hash_bytes(p, length);
  for (u32 slot = hash & (INTERN_SLOTS - 1);; slot = (slot + 1) & (INTERN_SLOTS - 1)) {
    u32 id = table->slots[slot];
    if (id == 0) {
      if (table->count >= MAX_INTERNED) return 0;
      entry *e = &table->entries[table->count];
      e->hash = hash;
      e->length = length;
      e->slot = slot;
      if (pool) {
        if (*pool_used + length > pool_size) return 0;
        e->at = *pool_used;
        for (u32 i = 0; i < length; i++) pool[*pool_used + i] = p[i];
        *pool_used += length;
      } else {
        e->at = (u32)(p - input);
      }
      table->slots[slot] = (uint16_t)++table->count;
      return table->count;
    }
    const entry *e = &table->entries[id - 1];
    if (e->hash == hash && e->length == length && same_bytes(base + e->at, p, length)) return id;
  }
}

/* The intern id for a wanted value, or 0. */
static u32 value_id(i32 field, const u8 *value, const u8 *end) {
  u32 length = (u32)(end - value);
  switch (key_intern[field]) {
    case INTERN_STRING:
      if (*value != '"' || escaped || length > MAX_INTERNED_STRING) return 0;
      return intern_id(&strings, string_pool, &string_pool_used, STRING_POOL, value, length);
    case INTERN_OBJECT:
      if (*value != '{' || length > MAX_INTERNED_OBJECT) return 0;
      return intern_id(&objects, 0, 0, 0, value, length);
    default:
      return 0;
  }
}

/*
 * For the parameter key being read: it cannot be matched here (escaped, or a byte >= 0x80), or it differs from a
 * registered key in ASCII case alone. Set by parameters_end and parameter_of.
 */
static int unmatched_case;

/* The index of the registered parameter key equal to [key, key + length), or -1 (see unmatched_case). */
static i32 parameter_of(const u8 *key, u32 length) {
  for (u32 i = 0; i < length; i++)
    if (key[i] >= 0x80) {
      unmatched_case = 1;
      return -1;
    }
  if (length >= MAX_PARAMETER_LENGTH) return -1;
  i32 exact = -1;
  for (u32 c = 0; c < parameter_candidate_count[length]; c++) {
    u32 index = parameter_candidates[length][c];
    const u8 *lower = parameter_lower + index * MAX_PARAMETER_LENGTH;
    u32 i = 0;
    while (i < length && ascii_lower(key[i]) == lower[i]) i++;
    if (i < length) continue;
    const u8 *known = parameter_bytes + index * MAX_PARAMETER_LENGTH;
    i = 0;
    while (i < length && known[i] == key[i]) i++;
    if (i == length) exact = (i32)index;
    else unmatched_case = 1;
  }
  return exact;
}

/*
 * The request parameters object at p (depth as for object_end): validated like object_end, and its registered keys
 * written onto the tape as pairs (counted in *pairs). Just after it, or 0; sets bit 8 of *word when some key must
 * be read from the parsed object (see the top of this file).
 */
static const u8 *parameters_end(const u8 *p, int depth, i32 *word, u32 *pairs) {
  p = skip_whitespace(p + 1);
  if (*p == '}') return p + 1;
  for (;;) {
    if (*p != '"') return 0;
    const u8 *key = p + 1;
    if (!(p = string_end(p))) return 0;
    i32 parameter = -1;
    unmatched_case = escaped;
    if (!escaped) parameter = parameter_of(key, (u32)(p - 1 - key));
    if (unmatched_case) *word |= 1 << 8;
    p = skip_whitespace(p);
    if (*p != ':') return 0;
    const u8 *value = skip_whitespace(p + 1);
    if (!(p = value_end(value, depth))) return 0;
    if (parameter >= 0) {
      if (out + 3 > tape_end) {
        refusal = TAPE_FULL;
        return 0;
      }
      out[0] = (PARAMETER_FIELDS + parameter) | ((*value == '"' && escaped) << 8);
      out[1] = offset(value);
      out[2] = offset(p);
      out += 3;
      ++*pairs;
    }
    p = skip_whitespace(p);
    if (*p == ',') {
      p = skip_whitespace(p + 1);
      continue;
    }
    return *p == '}' ? p + 1 : 0;
  }
}

/* One item of the array, onto the tape; just after it, or 0 (refusal says why). */
static const u8 *index_item(const u8 *p) {
  if (out + 3 > tape_end) {
    refusal = TAPE_FULL;
    return 0;
  }
  i32 *header = out;
  out += 3;
  header[0] = offset(p);
  high_bytes = 0;
  if (*p != '{') {
    if (!(p = value_end(p, 1))) return 0;
    header[1] = offset(p);
    header[2] = (high_bytes ? KIND_NON_ASCII : KIND_OTHER) << 24;
    return p;
  }
  u32 kind = KIND_OBJECT;
  u32 pairs = 0;
  p = skip_whitespace(p + 1);
  if (*p != '}') {
    for (;;) {
      if (*p != '"') return 0;
      const u8 *key = p + 1;
      if (!(p = string_end(p))) return 0;
      i32 field = -1;
      if (escaped) kind = KIND_ESCAPED_KEY; /* "\u0065ventName" is eventName: JavaScript decides */
      else field = find_key(key, (u32)(p - 1 - key));
      p = skip_whitespace(p);
      if (*p != ':') return 0;
      const u8 *value = skip_whitespace(p + 1);
      if (field >= 0 && key_intern[field] == INTERN_PARAMETERS && *value == '{') {
        /* Its pair first, then its keys' pairs: document order, as for everything else on the tape. */
        if (out + 3 > tape_end) {
          refusal = TAPE_FULL;
          return 0;
        }
        i32 *pair = out;
        out += 3;
        pairs++;
        pair[0] = field;
        pair[1] = offset(value);
        if (!(p = parameters_end(value, 2, pair, &pairs))) return 0;
        pair[2] = offset(p);
      } else {
        if (!(p = value_end(value, 1))) return 0;
        if (field >= 0) {
          if (out + 3 > tape_end) {
            refusal = TAPE_FULL;
            return 0;
          }
          out[0] = field | ((*value == '"' && escaped) << 8) | value_id(field, value, p) << 9;
          out[1] = offset(value);
          out[2] = offset(p);
          out += 3;
          pairs++;
        }
      }
      p = skip_whitespace(p);
      if (*p == ',') {
        p = skip_whitespace(p + 1);
        continue;
      }
      if (*p != '}') return 0;
      break;
    }
  }
  p++;
  header[1] = offset(p);
  header[2] = (i32)(pairs | (high_bytes ? KIND_NON_ASCII : kind) << 24);
  return p;
}

/*
 * Fills the tape with the next items: the number of words written (0 once the array is done), INVALID, or
 * UNSUPPORTED. An item that does not fit is indexed again, whole, by the next call.
 */
EXPORT(next) i32 next(void) {
  out = tape_words;
  if (array_end_at >= 0) return 0;
  const u8 *p = skip_whitespace(cursor);
  if (first_item && *p == ']') {
    array_end_at = offset(p + 1);
    return 0;
  }
  for (;;) {
    i32 *mark = out;
    refusal = INVALID;
    const u8 *item_end = index_item(p);
    if (!item_end) {
      out = mark;
      if (refusal != TAPE_FULL) return refusal;
      if (mark == tape_words) return UNSUPPORTED; /* one item larger than the whole tape */
      break;
    }
    first_item = 0;
    p = skip_whitespace(item_end);
    if (*p == ',') {
      p = skip_whitespace(p + 1);
      continue;
    }
    if (*p != ']') return INVALID;
    array_end_at = offset(p + 1);
    break;
  }
  cursor = p;
  return (i32)(out - tape_words);
}
