/**
 * A minimal writer of MaxMind DB files (IPv4 tree, 24-bit records, maps/strings/unsigned ints/arrays), so tests can hold
 * a database with GeoIP2's record shape without shipping MaxMind's licensed files. Format: https://maxmind.github.io/MaxMind-DB/
 */
type Value = string | number | Value[] | { [key: string]: Value }

function field (type: number, size: number, payload: Buffer): Buffer {
  if (size >= 29) throw new Error('mmdb-writer: sizes of 29 and above are not supported')
  const control = type <= 7 ? Buffer.of((type << 5) | size) : Buffer.of(size, type - 7)
  return Buffer.concat([control, payload])
}

function encode (value: Value): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8')
    return field(2, bytes.length, bytes)
  }
  if (typeof value === 'number') {
    const bytes = Buffer.alloc(4)
    bytes.writeUInt32BE(value)
    const minimal = bytes.subarray(bytes.findIndex(b => b !== 0) === -1 ? 4 : bytes.findIndex(b => b !== 0))
    return field(6, minimal.length, minimal)
  }
  if (Array.isArray(value)) return field(11, value.length, Buffer.concat(value.map(encode)))
  const entries = Object.entries(value)
  return field(7, entries.length, Buffer.concat(entries.flatMap(([k, v]) => [encode(k), encode(v)])))
}

/** A node index, an offset into the data section, or no data. */
type Slot = number | { data: number } | undefined

/** A database where each `a.b.c.d/prefix` network leads to its record. */
export function writeMmdb (networks: ReadonlyArray<[network: string, record: Value]>, databaseType = 'GeoIP2-Country'): Buffer {
  const nodes: Array<[Slot, Slot]> = [[undefined, undefined]]
  const data: Buffer[] = []
  let dataSize = 0
  for (const [network, record] of networks) {
    const [address = '', prefix = '32'] = network.split('/')
    const bits = address.split('.').reduce((n, octet) => (n << 8) + Number(octet), 0) >>> 0
    let node = 0
    for (let depth = 0; depth < Number(prefix); depth++) {
      const bit = (bits >>> (31 - depth)) & 1
      const last = depth === Number(prefix) - 1
      if (last) {
        nodes[node]![bit] = { data: dataSize }
      } else {
        let next = nodes[node]![bit]
        if (typeof next !== 'number') {
          next = nodes.push([undefined, undefined]) - 1
          nodes[node]![bit] = next
        }
        node = next
      }
    }
    const encoded = encode(record)
    data.push(encoded)
    dataSize += encoded.length
  }
  const count = nodes.length
  const value = (r: Slot): number => r === undefined ? count : typeof r === 'number' ? r : count + 16 + r.data
  const tree = Buffer.alloc(count * 6)
  nodes.forEach(([left, right], i) => {
    tree.writeUIntBE(value(left), i * 6, 3)
    tree.writeUIntBE(value(right), i * 6 + 3, 3)
  })
  const metadata = encode({
    node_count: count,
    record_size: 24,
    ip_version: 4,
    database_type: databaseType,
    languages: ['en'],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: 1_700_000_000,
    description: { en: 'streamgate test database' }
  })
  return Buffer.concat([tree, Buffer.alloc(16), ...data, Buffer.from('abcdef4d61784d696e642e636f6d', 'hex'), metadata])
}
