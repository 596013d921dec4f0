// Writes the Parquet files that test Gate's Parquet reading against writers other than its own:
// DuckDB (@duckdb/node-api) and arrow-rs (the Rust Arrow/Parquet library, through parquet-wasm).
// Each writes the same logical table with every codec, both data page versions, dictionary
// encoding on and off, other value encodings, and one and many row groups. Beside them it writes
// what every row must read as: the canonical JSON of docs/scanner.md, made here from the values this
// script hands the writers, never by reading a Parquet file back.
//
//   npm install && node generate.mjs
//
// Output (all committed): duckdb-*.parquet, arrow-rs-*.parquet, and per table its expected rows
// (*.expected.jsonl.gz, gzipped JSON Lines). Regenerate only on purpose; the tests pin the digests.
import * as arrow from 'apache-arrow';
import { Table, writeParquet, WriterPropertiesBuilder, Compression, Encoding, WriterVersion } from 'parquet-wasm/node';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync, readdirSync, unlinkSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// Canonical JSON (docs/scanner.md, "Parquet rows as canonical JSON").

const pad = (n, width) => String(n).padStart(width, '0');
const floorDiv = (a, b) => { const q = a / b; return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q; };
const floorMod = (a, b) => a - floorDiv(a, b) * b;

/** Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days). */
function civil(days) {
  let z = BigInt(days) + 719468n;
  const era = floorDiv(z, 146097n);
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  let y = yoe + era * 400n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const d = doy - (153n * mp + 2n) / 5n + 1n;
  const m = mp < 10n ? mp + 3n : mp - 9n;
  if (m <= 2n) y += 1n;
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

const perSecond = { ms: 1000n, us: 1000000n, ns: 1000000000n };
const digits = { ms: 3, us: 6, ns: 9 };

function clock(count, unit) {
  const seconds = count / perSecond[unit];
  const fraction = count % perSecond[unit];
  return `${pad(seconds / 3600n, 2)}:${pad(seconds / 60n % 60n, 2)}:${pad(seconds % 60n, 2)}.${pad(fraction, digits[unit])}`;
}

function timestamp(count, unit, utc) {
  const day = 86400n * perSecond[unit];
  return `${civil(floorDiv(count, day))}T${clock(floorMod(count, day), unit)}${utc ? 'Z' : ''}`;
}

/** The round-trip text .NET gives these test values ("R"): only values whose shortest form JavaScript writes alike. */
function roundTrip(x) {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  const text = String(x);
  if (/e/.test(text)) throw new Error(`pick another test value than ${text}`);
  return text;
}

const base64 = bytes => Buffer.from(bytes).toString('base64');
const hex = bytes => Buffer.from(bytes).toString('hex');

// ---------------------------------------------------------------------------------------------
// The logical table. Each column: its DuckDB type (null: DuckDB has none), its Arrow type (null:
// arrow-rs cannot write it from Arrow), how a value is written as canonical JSON, as a DuckDB SQL
// literal, and its values in six hand-made rows followed by generated ones.

const field = (name, type, nullable = true) => new arrow.Field(name, type, nullable);
const message = new arrow.Struct([field('role', new arrow.Utf8()), field('content', new arrow.Utf8())]);
const entries = (key, value) => field('entries', new arrow.Struct([field('key', key, false), field('value', value)]), false);
const sqlText = s => `'${s.replaceAll("'", "''")}'`;
const sqlList = (items, item) => `[${items.map(v => v === null ? 'NULL' : item(v)).join(', ')}]`;
const sqlMessage = m => `{'role': ${m.role === null ? 'NULL' : sqlText(m.role)}, 'content': ${m.content === null ? 'NULL' : sqlText(m.content)}}`;
const sqlMap = (entries, key, value) => `MAP {${entries.map(([k, v]) => `${key(k)}: ${v === null ? 'NULL' : value(v)}`).join(', ')}}`;

/** A decimal given as its canonical text; its unscaled integer for the writers. */
const unscaled = text => BigInt(text.replace('.', ''));

const columns = [
  { name: 'id', duck: 'INTEGER NOT NULL', arrow: new arrow.Int32(), nullable: false, json: v => v, sql: String,
    rows: [1, 2, 3, 4, 5, 6], gen: i => i + 1 },
  { name: 'flag', duck: 'BOOLEAN', arrow: new arrow.Bool(), json: v => v, sql: String,
    rows: [true, null, false, true, false, true], gen: i => i % 7 === 0 ? null : (i * 2654435761) % 5 < 2 },
  { name: 'i8', duck: 'TINYINT', arrow: new arrow.Int8(), json: v => v, sql: String,
    rows: [-5, null, -128, 127, 0, 1], gen: i => ((i * 37) % 256) - 128 },
  { name: 'u8', duck: 'UTINYINT', arrow: new arrow.Uint8(), json: v => v, sql: String,
    rows: [200, null, 0, 255, 1, 7], gen: i => (i * 53) % 256 },
  { name: 'i16', duck: 'SMALLINT', arrow: new arrow.Int16(), json: v => v, sql: String,
    rows: [-300, null, -32768, 32767, 0, 12], gen: i => ((i * 7919) % 65536) - 32768 },
  { name: 'u16', duck: 'USMALLINT', arrow: new arrow.Uint16(), json: v => v, sql: String,
    rows: [65000, null, 0, 65535, 1, 2], gen: i => (i * 7919) % 65536 },
  { name: 'i32', duck: 'INTEGER', arrow: new arrow.Int32(), json: v => v, sql: String,
    // Extremes placed so that no two neighbours differ by more than an int32 holds: DuckDB writes
    // such a difference in DELTA_BINARY_PACKED as a 64-bit delta, which the reference readers refuse (refused/).
    rows: [123456, null, 2147483647, 0, -1, -2147483648], gen: i => i % 11 === 0 ? null : ((i * 104729) % 2000003) - 1000000 },
  { name: 'u32', duck: 'UINTEGER', arrow: new arrow.Uint32(), json: v => v, sql: String,
    rows: [2147483647, null, 0, 1234567890, 1, 2], gen: i => (i * 2654435761) % 1073741824 },
  // Above 2^31 (stored as negative INT32): DuckDB's DELTA_BINARY_PACKED writes such a first value
  // wider than 32 bits, which the reference readers refuse (refused/), so only arrow-rs writes it here.
  { name: 'u32_high', duck: null, arrow: new arrow.Uint32(), json: v => v,
    rows: [3000000000, null, 4294967295, 2147483648, 1, 2], gen: i => 4294967295 - (i * 2654435761) % 1073741824 },
  { name: 'i64', duck: 'BIGINT', arrow: new arrow.Int64(), json: v => v, sql: String,
    rows: [-9000000000n, null, -9223372036854775808n, 9223372036854775807n, 0n, 1n], gen: i => BigInt(i) * 1000003n - 100000000n },
  { name: 'u64', duck: 'UBIGINT', arrow: new arrow.Uint64(), json: v => v, sql: String,
    rows: [18446744073709551615n, null, 0n, 9223372036854775808n, 1n, 2n], gen: i => BigInt(i) * 6700417n },
  { name: 'f32', duck: 'FLOAT', arrow: new arrow.Float32(), json: roundTrip, sql: v => Object.is(v, -0) ? "'-0.0'::FLOAT" : `'${v}'::FLOAT`,
    rows: [1.5, null, -0, NaN, Infinity, -0.25], gen: i => i + 0.5 },
  { name: 'f64', duck: 'DOUBLE', arrow: new arrow.Float64(), json: roundTrip, sql: v => Object.is(v, -0) ? "'-0.0'::DOUBLE" : `'${v}'::DOUBLE`,
    rows: [0.1, null, -0, NaN, -Infinity, 123456.789], gen: i => i % 13 === 0 ? null : i / 8 },
  { name: 'f16', duck: null, arrow: new arrow.Float16(), json: roundTrip, half: true,
    rows: [1.5, null, -0, NaN, 0.5, -2.25], gen: i => i % 2048 },
  { name: 'd9', duck: 'DECIMAL(9,2)', arrow: new arrow.Decimal(2, 9, 128), json: v => v, sql: v => `'${v}'`,
    rows: ['12.30', null, '-0.05', '9999999.99', '0.00', '-9999999.99'], gen: i => `${i}.${pad(i % 100, 2)}` },
  { name: 'd18', duck: 'DECIMAL(18,4)', arrow: new arrow.Decimal(4, 18, 128), json: v => v, sql: v => `'${v}'`,
    rows: ['-0.5000', null, '99999999999999.9999', '-99999999999999.9999', '0.0000', '1.0001'], gen: i => `-${i * 31}.${pad(i % 10000, 4)}` },
  { name: 'd38', duck: 'DECIMAL(38,10)', arrow: new arrow.Decimal(10, 38, 128), json: v => v, sql: v => `'${v}'`,
    rows: ['1.0000000001', null, '-9999999999999999999999999999.9999999999', '9999999999999999999999999999.9999999999', '0.0000000000', '-0.0000000001'],
    gen: i => `${BigInt(i) ** 9n}.${pad(i, 10)}` },
  { name: 'text', duck: 'VARCHAR', arrow: new arrow.Utf8(), json: v => v, sql: sqlText,
    rows: ['Continue: 182, 818', null, '', 'caf\u00e9 "quoted" <b> & \u4e2d \ud83d\ude00 \u200b', 'line\nbreak\ttab \\ back', "it's"],
    gen: i => i % 17 === 0 ? null : `row ${i}: ${'abc'.repeat(i % 5)} ${i * 3 % 10 === 0 ? 'same' : 'text ' + i}` },
  { name: 'blob', duck: 'BLOB', arrow: new arrow.Binary(), json: base64, sql: v => v.length === 0 ? "''::BLOB" : `unhex('${hex(v)}')`,
    rows: [new Uint8Array([1, 2, 3]), null, new Uint8Array([]), new Uint8Array([255, 0, 254]), new Uint8Array([0]), new Uint8Array([10, 13])],
    gen: i => new Uint8Array([i % 256, (i * 7) % 256]) },
  { name: 'day', duck: 'DATE', arrow: new arrow.DateDay(), json: civil, sql: v => `(DATE '1970-01-01' + ${v})`, days: true,
    rows: [19724, null, -25567, 0, -1, 2932896], gen: i => i * 97 - 5000 },
  { name: 'clock_ms', duck: null, arrow: new arrow.TimeMillisecond(), json: v => clock(BigInt(v), 'ms'),
    rows: [11045678, null, 0, 86399999, 1, 43200000], gen: i => (i * 1234567) % 86400000 },
  { name: 'clock_us', duck: 'TIME', arrow: new arrow.TimeMicrosecond(), json: v => clock(v, 'us'), sql: v => `('00:00:00'::TIME + to_microseconds(${v}::BIGINT))`,
    rows: [11045678901n, null, 0n, 86399999999n, 1n, 43200000000n], gen: i => (BigInt(i) * 1234567891n) % 86400000000n },
  { name: 'clock_ns', duck: null, arrow: new arrow.TimeNanosecond(), json: v => clock(v, 'ns'),
    rows: [11045678901234n, null, 0n, 86399999999999n, 1n, 43200000000000n], gen: i => (BigInt(i) * 1234567891011n) % 86400000000000n },
  { name: 'ts_ms', duck: 'TIMESTAMP_MS', arrow: new arrow.TimestampMillisecond(), json: v => timestamp(v, 'ms', false), sql: v => `epoch_ms(${v}::BIGINT)::TIMESTAMP_MS`,
    rows: [1704164645123n, null, -1n, 0n, -2208988800000n, 253402300799999n], gen: i => BigInt(i) * 86400123n - 1000000000n },
  { name: 'ts_us', duck: 'TIMESTAMP', arrow: new arrow.TimestampMicrosecond(), json: v => timestamp(v, 'us', false), sql: v => `make_timestamp(${v}::BIGINT)`,
    rows: [1704164645123456n, null, -1n, 0n, -62135596800000000n, 1n], gen: i => BigInt(i) * 86400123457n - 1000000000000n },
  { name: 'ts_ns', duck: 'TIMESTAMP_NS', arrow: new arrow.TimestampNanosecond(), json: v => timestamp(v, 'ns', false), sql: v => `make_timestamp_ns(${v}::BIGINT)`,
    rows: [1704164645123456789n, null, -1n, 0n, -6000000000000000001n, 999999999n], gen: i => BigInt(i) * 86400123456789n - 1000000000000000n },
  { name: 'tsz_ms', duck: null, arrow: new arrow.TimestampMillisecond('UTC'), json: v => timestamp(v, 'ms', true),
    rows: [1704164645123n, null, -1n, 0n, -999n, 1n], gen: i => BigInt(i) * 86400123n },
  { name: 'tsz_us', duck: 'TIMESTAMPTZ', arrow: new arrow.TimestampMicrosecond('UTC'), json: v => timestamp(v, 'us', true), sql: v => `make_timestamp(${v}::BIGINT)::TIMESTAMPTZ`,
    rows: [1704164645123456n, null, -1n, 0n, -1000001n, 1n], gen: i => -BigInt(i) * 86400123457n },
  { name: 'tsz_ns', duck: null, arrow: new arrow.TimestampNanosecond('UTC'), json: v => timestamp(v, 'ns', true),
    rows: [1704164645123456789n, null, -1n, 0n, -1000000001n, 1n], gen: i => -BigInt(i) * 86400123456789n },
  { name: 'uuid', duck: 'UUID', arrow: null, json: v => v, sql: v => `'${v}'::UUID`,
    rows: ['00112233-4455-6677-8899-aabbccddeeff', null, '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '80000000-0000-0000-0000-000000000001', '7fffffff-ffff-4fff-bfff-ffffffffffff'],
    gen: i => `${pad(i.toString(16), 8)}-0000-4000-8000-${pad((i * 7919).toString(16), 12)}` },
  { name: 'span', duck: 'INTERVAL', arrow: null, json: v => `P${v[0]}M${v[1]}DT${Math.floor(v[2] / 1000)}.${pad(v[2] % 1000, 3)}S`,
    sql: v => `(to_months(${v[0]}) + to_days(${v[1]}) + to_milliseconds(${v[2]}))`,
    rows: [[1, 2, 3004], null, [0, 0, 0], [12, 31, 86399999], [0, 1, 0], [3, 0, 1]], gen: i => [i % 12, i % 28, i * 1001] },
  { name: 'tags', duck: 'VARCHAR[]', arrow: new arrow.List(field('element', new arrow.Utf8())), json: v => v, sql: v => sqlList(v, sqlText),
    rows: [['a', 'b'], null, [], [null], ['', 'x', null], ['\u00e9']], gen: i => i % 9 === 0 ? null : Array.from({ length: i % 4 }, (_, k) => `t${(i + k) % 6}`) },
  { name: 'nums', duck: 'INTEGER[]', arrow: new arrow.List(field('element', new arrow.Int32())), json: v => v, sql: v => sqlList(v, String),
    rows: [[1, 2], null, [], [null, 3], [2147483647, 0, -1, -2147483648], [0]], gen: i => Array.from({ length: i % 5 }, (_, k) => k % 3 === 2 ? null : i * k) },
  { name: 'nested', duck: 'INTEGER[][]', arrow: new arrow.List(field('element', new arrow.List(field('element', new arrow.Int32())))), json: v => v,
    sql: v => sqlList(v, inner => sqlList(inner, String)),
    rows: [[[1], [], null], null, [], [[2, 3]], [null, [null]], [[]]], gen: i => i % 6 === 0 ? [] : [[i], Array.from({ length: i % 3 }, (_, k) => k)] },
  { name: 'messages', duck: 'STRUCT(role VARCHAR, content VARCHAR)[]', arrow: new arrow.List(field('element', message)), json: v => v,
    sql: v => sqlList(v, sqlMessage),
    rows: [[{ role: 'user', content: 'Continue: 182, 818' }, { role: 'assistant', content: '087, 747' }], null, [], [{ role: 'system', content: null }, null], [{ role: null, content: '' }], [{ role: 'user', content: '\u4e2d' }]],
    gen: i => i % 8 === 0 ? null : [{ role: 'user', content: `q${i}` }, { role: 'assistant', content: `${i * 7 % 1000}, ${i * 13 % 1000}` }] },
  { name: 'meta', duck: 'STRUCT(turns BIGINT, source VARCHAR)', arrow: new arrow.Struct([field('turns', new arrow.Int64()), field('source', new arrow.Utf8())]), json: v => v,
    sql: v => `{'turns': ${v.turns === null ? 'NULL' : v.turns}, 'source': ${v.source === null ? 'NULL' : sqlText(v.source)}}`,
    rows: [{ turns: 2n, source: 'gen' }, null, { turns: null, source: null }, { turns: 0n, source: '' }, { turns: -1n, source: 'x' }, { turns: 9223372036854775807n, source: null }],
    gen: i => i % 10 === 0 ? null : { turns: BigInt(i % 4), source: i % 3 === 0 ? null : `s${i % 3}` } },
  { name: 'labels', duck: 'MAP(VARCHAR, INTEGER)', arrow: new arrow.Map_(entries(new arrow.Utf8(), new arrow.Int32())), json: v => Object.fromEntries(v),
    sql: v => sqlMap(v, sqlText, String),
    rows: [[['lang', 1], ['a', 2]], null, [], [['k', null]], [['z', 0], ['y', -1], ['x', 5]], [['\u00e9', 3]]],
    gen: i => i % 12 === 0 ? null : Array.from({ length: i % 3 }, (_, k) => [`k${k}`, k === 1 ? null : i + k]) },
  { name: 'votes', duck: 'MAP(INTEGER, VARCHAR)', arrow: new arrow.Map_(entries(new arrow.Int32(), new arrow.Utf8())), json: v => v.map(([key, value]) => ({ key, value })),
    sql: v => sqlMap(v, String, sqlText),
    rows: [[[7, 'up']], [], null, [[-1, null], [2, 'down']], [[0, '']], [[2147483647, 'max']]],
    gen: i => i % 5 === 0 ? [] : [[i, i % 2 === 0 ? 'up' : 'down']] },
];

const generated = 200; // rows in all: enough for every encoding's blocks, and ten row groups of 20
const valueAt = (column, i) => i < column.rows.length ? column.rows[i] : column.gen(i);
const rowCount = generated;

// ---------------------------------------------------------------------------------------------
// Expected rows: canonical JSON, keys in column order, numbers exact (64-bit integers as written).

function stringify(value) {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`a number in expected JSON must be an integer: ${value}`);
    return String(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stringify).join(',')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${stringify(v)}`).join(',')}}`;
}

function expected(table) {
  const lines = [];
  for (let i = 0; i < rowCount; i++) {
    const row = {};
    for (const column of table) {
      const v = valueAt(column, i);
      row[column.name] = v === null ? null : column.json(v);
    }
    lines.push(stringify(row));
  }
  return gzipSync(lines.join('\n') + '\n', { level: 9 });
}

// ---------------------------------------------------------------------------------------------
// arrow-rs: an Arrow table built from buffers where arrow-js cannot take plain values.

function validity(values) {
  const bits = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => { if (v !== null) bits[i >> 3] |= 1 << (i & 7); });
  return bits;
}

function halfBits(x) {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = (x < 0 || Object.is(x, -0)) ? 0x8000 : 0;
  x = Math.abs(x);
  if (x === Infinity) return sign | 0x7c00;
  if (x === 0) return sign;
  const exponent = Math.floor(Math.log2(x));
  if (exponent < -14) throw new Error('no subnormal halves in the test values');
  const mantissa = x / 2 ** exponent - 1;
  const bits = Math.round(mantissa * 1024);
  if (bits / 1024 !== mantissa) throw new Error(`${x} is not a half`);
  return sign | ((exponent + 15) << 10) | bits;
}

function decimalWords(text) {
  let v = BigInt.asUintN(128, unscaled(text));
  const words = [];
  for (let k = 0; k < 4; k++) { words.push(Number(v & 0xffffffffn)); v >>= 32n; }
  return words;
}

function arrowVector(column, values) {
  const type = column.arrow;
  const raw = data => arrow.makeVector(arrow.makeData({ type, length: values.length, nullCount: values.filter(v => v === null).length, nullBitmap: validity(values), data }));
  const orZero = f => values.map(v => v === null ? f(null) : f(v));
  if (column.half) return raw(new Uint16Array(orZero(v => v === null ? 0 : halfBits(v))));
  if (type instanceof arrow.Decimal) return raw(new Uint32Array(values.flatMap(v => v === null ? [0, 0, 0, 0] : decimalWords(v))));
  if (type instanceof arrow.Int64 || type instanceof arrow.Timestamp || type instanceof arrow.TimeNanosecond || type instanceof arrow.TimeMicrosecond) {
    return raw(new BigInt64Array(orZero(v => v === null ? 0n : BigInt.asIntN(64, BigInt(v)))));
  }
  if (type instanceof arrow.Uint64) return raw(new BigUint64Array(orZero(v => v ?? 0n)));
  if (type instanceof arrow.DateDay) return raw(new Int32Array(orZero(v => v ?? 0)));
  if (type instanceof arrow.TimeMillisecond) return raw(new Int32Array(orZero(v => v ?? 0)));
  if (type instanceof arrow.Map_) return arrow.vectorFromArray(values.map(v => v === null ? null : new Map(v)), type);
  if (type instanceof arrow.Struct && column.name === 'meta') return arrow.vectorFromArray(values, type);
  return arrow.vectorFromArray(values, type);
}

function arrowTable(table) {
  const vectors = {};
  for (const column of table) {
    vectors[column.name] = arrowVector(column, Array.from({ length: rowCount }, (_, i) => valueAt(column, i)));
  }
  const schema = new arrow.Schema(table.map(c => field(c.name, c.arrow, c.nullable !== false)));
  return new arrow.Table(schema, vectors);
}

const compressions = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'LZ4', 'LZ4_RAW', 'ZSTD'];

function arrowVariants() {
  const variants = [];
  for (const version of ['V1', 'V2']) {
    for (const codec of compressions) {
      variants.push({ name: `${version.toLowerCase()}-${codec.toLowerCase()}`, version, codec });
    }
    variants.push({ name: `${version.toLowerCase()}-plain`, version, codec: 'SNAPPY', dictionary: false });
    variants.push({ name: `${version.toLowerCase()}-row-groups`, version, codec: 'ZSTD', rowGroup: 20 });
    variants.push({ name: `${version.toLowerCase()}-row-groups-plain`, version, codec: 'UNCOMPRESSED', rowGroup: 20, dictionary: false });
    // Other value encodings, each on the columns it applies to (dictionary off, so they are used).
    variants.push({ name: `${version.toLowerCase()}-delta`, version, codec: 'SNAPPY', dictionary: false, rowGroup: 64,
      encodings: { DELTA_BINARY_PACKED: ['id', 'i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64', 'day', 'clock_ms', 'clock_us', 'clock_ns', 'ts_ms', 'ts_us', 'ts_ns', 'tsz_ms', 'tsz_us', 'tsz_ns', 'd9', 'd18', 'nums.list.element', 'nested.list.element.list.element', 'meta.turns', 'labels.key_value.value', 'votes.key_value.key'],
        DELTA_BYTE_ARRAY: ['text', 'tags.list.element', 'messages.list.element.role', 'd38', 'f16'],
        DELTA_LENGTH_BYTE_ARRAY: ['blob', 'messages.list.element.content', 'meta.source', 'labels.key_value.key', 'votes.key_value.value'],
        BYTE_STREAM_SPLIT: ['f32', 'f64'],
        ...(version === 'V2' ? { RLE: ['flag'] } : {}) } });
  }
  return variants;
}

function writeArrowRs(table) {
  const ipc = arrow.tableToIPC(arrowTable(table), 'stream');
  for (const variant of arrowVariants()) {
    let builder = new WriterPropertiesBuilder()
      .setWriterVersion(WriterVersion[variant.version])
      .setCompression(Compression[variant.codec])
      .setCreatedBy('parquet-wasm 0.8.0 (arrow-rs) via Gate test generator')
      .setDataPageSizeLimit(1024); // several pages per column chunk
    if (variant.dictionary === false) builder = builder.setDictionaryEnabled(false);
    if (variant.rowGroup) builder = builder.setMaxRowGroupSize(variant.rowGroup);
    for (const [encoding, paths] of Object.entries(variant.encodings ?? {})) {
      for (const path of paths) builder = builder.setColumnEncoding(path, Encoding[encoding]);
    }
    const bytes = writeParquet(Table.fromIPCStream(ipc), builder.build());
    writeFileSync(join(here, `arrow-rs-${variant.name}.parquet`), bytes);
  }
}

// ---------------------------------------------------------------------------------------------
// DuckDB: the table made with SQL literals of the same values, then COPY … (FORMAT parquet).

async function writeDuckDb(table) {
  const db = await DuckDBInstance.create(':memory:');
  const sql = await db.connect();
  await sql.run("SET TimeZone = 'UTC'");
  await sql.run(`CREATE TABLE t (${table.map(c => `"${c.name}" ${c.duck}`).join(', ')})`);
  for (let i = 0; i < rowCount; i++) {
    const values = table.map(c => { const v = valueAt(c, i); return v === null ? 'NULL' : c.sql(v); });
    await sql.run(`INSERT INTO t VALUES (${values.join(', ')})`);
  }

  const codecs = ['uncompressed', 'snappy', 'gzip', 'zstd', 'lz4_raw', 'brotli'];
  for (const version of ['v1', 'v2']) {
    for (const codec of codecs) {
      await copy(sql, `duckdb-${version}-${codec}`, `COMPRESSION ${codec}, PARQUET_VERSION ${version}`);
    }
    // DuckDB's other dictionary setting: no dictionary for any column.
    await copy(sql, `duckdb-${version}-plain`, `COMPRESSION snappy, PARQUET_VERSION ${version}, DICTIONARY_SIZE_LIMIT 1`);
  }
}

async function copy(sql, name, options) {
  const path = join(here, `${name}.parquet`);
  await sql.run(`COPY (SELECT * FROM t ORDER BY id) TO '${path}' (FORMAT parquet, ${options})`);
}

// DuckDB writes row groups of whole vectors (2048 rows): a long narrow table gives it several.
const long = {
  rows: 5000,
  columns: [
    { name: 'id', duck: 'INTEGER NOT NULL', json: v => v, sql: String, gen: i => i + 1 },
    { name: 'flag', duck: 'BOOLEAN', json: v => v, sql: String, gen: i => i % 7 === 0 ? null : (i * 2654435761) % 5 < 2 },
    { name: 'i32', duck: 'INTEGER', json: v => v, sql: String, gen: i => i % 11 === 0 ? null : ((i * 104729) % 2000003) - 1000000 },
    { name: 'i64', duck: 'BIGINT', json: v => v, sql: String, gen: i => BigInt(i) * 1000003n - 100000000n },
    { name: 'day', duck: 'DATE', json: civil, sql: v => `(DATE '1970-01-01' + ${v})`, gen: i => i * 97 - 5000 },
    { name: 'ts', duck: 'TIMESTAMP', json: v => timestamp(v, 'us', false), sql: v => `make_timestamp(${v}::BIGINT)`, gen: i => BigInt(i) * 86400123457n - 1000000000000n },
    { name: 'd9', duck: 'DECIMAL(9,2)', json: v => v, sql: v => `'${v}'`, gen: i => `${i}.${pad(i % 100, 2)}` },
    { name: 'text', duck: 'VARCHAR', json: v => v, sql: sqlText, gen: i => i % 17 === 0 ? null : `row ${i % 300}` },
    { name: 'nums', duck: 'INTEGER[]', json: v => v, sql: v => sqlList(v, String), gen: i => Array.from({ length: i % 5 }, (_, k) => k % 3 === 2 ? null : i * k) },
  ],
};

async function writeDuckDbLong() {
  const db = await DuckDBInstance.create(':memory:');
  const sql = await db.connect();
  await sql.run(`CREATE TABLE t (${long.columns.map(c => `"${c.name}" ${c.duck}`).join(', ')})`);
  const lines = [];
  for (let start = 0; start < long.rows; start += 500) {
    const tuples = [];
    for (let i = start; i < Math.min(long.rows, start + 500); i++) {
      const values = long.columns.map(c => c.gen(i));
      tuples.push(`(${values.map((v, k) => v === null ? 'NULL' : long.columns[k].sql(v)).join(', ')})`);
      lines.push(stringify(Object.fromEntries(long.columns.map((c, k) => [c.name, values[k] === null ? null : c.json(values[k])]))));
    }
    await sql.run(`INSERT INTO t VALUES ${tuples.join(', ')}`);
  }
  for (const version of ['v1', 'v2']) {
    await copy(sql, `duckdb-long-${version}`, `COMPRESSION zstd, PARQUET_VERSION ${version}, ROW_GROUP_SIZE 2048`);
  }
  writeFileSync(join(here, 'duckdb-long.expected.jsonl.gz'), gzipSync(lines.join('\n') + '\n', { level: 9 }));
}

// Files the reference readers (Apache Arrow's C++ and Rust ones) refuse, which Gate must refuse too.
async function writeRefused() {
  const db = await DuckDBInstance.create(':memory:');
  const sql = await db.connect();
  await sql.run('CREATE TABLE t (i32 INTEGER)');
  await sql.run('INSERT INTO t VALUES (123456), (-2147483648), (2147483647), (0)');
  // DuckDB's DELTA_BINARY_PACKED of INT32 stores a difference wider than 32 bits (min_delta too large).
  await sql.run(`COPY t TO '${join(here, 'refused', 'duckdb-v2-int32-wide-deltas.parquet')}' (FORMAT parquet, PARQUET_VERSION v2)`);
  // And an unsigned first value above 2^31 as a 64-bit one (first value too large).
  await sql.run('CREATE TABLE u (u32 UINTEGER)');
  await sql.run('INSERT INTO u VALUES (3000000000), (1), (2)');
  await sql.run(`COPY u TO '${join(here, 'refused', 'duckdb-v2-uint32-high-first-value.parquet')}' (FORMAT parquet, PARQUET_VERSION v2)`);
}

mkdirSync(join(here, 'refused'), { recursive: true });
for (const folder of [here, join(here, 'refused')]) {
  for (const name of readdirSync(folder)) {
    if (name.endsWith('.parquet') || name.endsWith('.expected.jsonl.gz')) unlinkSync(join(folder, name));
  }
}
await writeRefused();
const duckTable = columns.filter(c => c.duck !== null);
const arrowTableColumns = columns.filter(c => c.arrow !== null);
await writeDuckDb(duckTable);
await writeDuckDbLong();
writeArrowRs(arrowTableColumns);
writeFileSync(join(here, 'duckdb.expected.jsonl.gz'), expected(duckTable));
writeFileSync(join(here, 'arrow-rs.expected.jsonl.gz'), expected(arrowTableColumns));
