// Writes arrow-rs.parquet: a Parquet file from a writer other than Parquet.Net (arrow-rs, the Rust
// Arrow/Parquet library, through parquet-wasm), so that the scanner's tests read the layouts and
// logical types other tools write. The tests pin its rows' canonical JSON; regenerate only on purpose:
//   npm install parquet-wasm@0.8.0 apache-arrow@21.2.0 && node arrow-rs.mjs arrow-rs.parquet
import * as arrow from 'apache-arrow';
import { Table, writeParquet, WriterPropertiesBuilder, Compression } from 'parquet-wasm/node';
import { writeFileSync } from 'node:fs';

const field = (name, type, nullable = true) => new arrow.Field(name, type, nullable);
const valid = (...bits) => new Uint8Array([bits.reduce((mask, bit, i) => mask | (bit << i), 0)]);
// Columns whose values arrow-js cannot take from plain numbers are built from their buffers.
const raw = (type, data, ...bits) => arrow.makeVector(arrow.makeData({ type, length: bits.length, nullCount: bits.filter(b => !b).length, nullBitmap: valid(...bits), data }));

const message = new arrow.Struct([field('role', new arrow.Utf8()), field('content', new arrow.Utf8())]);
const entries = (key, value) => field('entries', new arrow.Struct([field('key', key, false), field('value', value)]), false);
const columns = {
  messages: arrow.vectorFromArray([
    [{ role: 'user', content: 'Continue: 182, 818' }, { role: 'assistant', content: '087, 747' }],
    null,
    [],
    [{ role: 'system', content: null }, null],
  ], new arrow.List(field('element', message))),
  nums: arrow.vectorFromArray([[1, 2], null, [], [null, 3]], new arrow.List(field('element', new arrow.Int32()))),
  nested: arrow.vectorFromArray([[[1], [], null], null, [], [[2, 3]]], new arrow.List(field('element', new arrow.List(field('element', new arrow.Int32()))))),
  meta: arrow.vectorFromArray([{ turns: 2n, source: 'gen' }, null, { turns: null, source: null }, { turns: 0n, source: '' }],
    new arrow.Struct([field('turns', new arrow.Int64()), field('source', new arrow.Utf8())])),
  labels: arrow.vectorFromArray([new Map([['lang', 1], ['a', 2]]), null, new Map(), new Map([['k', null]])], new arrow.Map_(entries(new arrow.Utf8(), new arrow.Int32()))),
  votes: arrow.vectorFromArray([new Map([[7, 'up']]), new Map(), null, new Map([[-1, null], [2, 'down']])], new arrow.Map_(entries(new arrow.Int32(), new arrow.Utf8()))),
  created: arrow.vectorFromArray([Date.UTC(2024, 0, 2, 3, 4, 5, 123), null, Date.UTC(1969, 11, 31, 23, 59, 59, 999), 0], new arrow.TimestampMillisecond('UTC')),
  local: arrow.vectorFromArray([Date.UTC(2024, 0, 2, 3, 4, 5, 123), null, 0, 1], new arrow.TimestampMicrosecond()),
  precise: raw(new arrow.TimestampNanosecond('UTC'), new BigInt64Array([1704164645123456789n, 0n, -1n, 1n]), 1, 0, 1, 1),
  day: arrow.vectorFromArray([Date.UTC(2024, 0, 2), null, Date.UTC(1900, 0, 1), 0], new arrow.DateDay()),
  clock: arrow.vectorFromArray([11045678, null, 0, 86399999], new arrow.TimeMillisecond()),
  clock_us: raw(new arrow.TimeMicrosecond(), new BigInt64Array([11045678901n, 0n, 0n, 1n]), 1, 0, 1, 1),
  price: raw(new arrow.Decimal(2, 9, 128), new Uint32Array([1230, 0, 0, 0, 0, 0, 0, 0, 0xFFFFFFFB, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0, 0, 0, 0]), 1, 0, 1, 1),
  blob: arrow.vectorFromArray([new Uint8Array([1, 2, 3]), null, new Uint8Array([]), new Uint8Array([255])], new arrow.Binary()),
  fixed: arrow.vectorFromArray([new Uint8Array([0, 1, 2, 3]), null, new Uint8Array([255, 254, 253, 252]), new Uint8Array([0, 0, 0, 0])], new arrow.FixedSizeBinary(4)),
  small: arrow.vectorFromArray([-5, null, 127, -128], new arrow.Int8()),
  u16: arrow.vectorFromArray([65000, 0, null, 1], new arrow.Uint16()),
  u64: raw(new arrow.Uint64(), new BigUint64Array([18446744073709551615n, 0n, 0n, 1n]), 1, 0, 1, 1),
  text: arrow.vectorFromArray(['caf\u00e9 <b>', null, '', '\u4e2d'], new arrow.LargeUtf8()),
};
const ipc = arrow.tableToIPC(new arrow.Table(columns), 'stream');
const properties = new WriterPropertiesBuilder().setCompression(Compression.SNAPPY).build();
writeFileSync(process.argv[2] ?? 'arrow-rs.parquet', writeParquet(Table.fromIPCStream(ipc), properties));
