import { type Document, type ErrorCode, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml'
import { errors } from '../errors.js'
import { shownKey } from './shown-keys.js'

/**
 * What each YAML error means. The parser's own messages quote the offending source, and a config's source
 * holds secrets (inline signing keys, tokens): a syntax error is reported by position and key path only.
 */
const MEANING: Record<ErrorCode, string> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or tag',
  BAD_ALIAS: 'malformed alias',
  BAD_DIRECTIVE: 'malformed directive',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'bad indentation',
  BAD_PROP_ORDER: 'anchor or tag in the wrong place',
  BAD_SCALAR_START: 'a plain value starts with a reserved character (quote it)',
  BLOCK_AS_IMPLICIT_KEY: 'a nested block where a single-line key was expected (a missing space after a colon?)',
  BLOCK_IN_FLOW: 'a block inside [ ] or { }',
  DUPLICATE_KEY: 'a key given twice',
  IMPOSSIBLE: 'unparsable input',
  KEY_OVER_1024_CHARS: 'a key longer than 1024 characters',
  MISSING_CHAR: 'a closing quote or bracket, a colon or a comma is missing',
  MULTILINE_IMPLICIT_KEY: 'a key spanning lines (an unclosed quote or a missing colon?)',
  MULTIPLE_ANCHORS: 'several anchors on one node',
  MULTIPLE_DOCS: 'several documents in one file',
  MULTIPLE_TAGS: 'several tags on one node',
  NON_STRING_KEY: 'a key that is not a string',
  RESOURCE_EXHAUSTION: 'aliases expand too much',
  TAB_AS_INDENT: 'a tab used for indentation',
  TAG_RESOLVE_FAILED: 'a value that is not valid here (an unquoted word in JSON?)',
  UNEXPECTED_TOKEN: 'unexpected character',
  BAD_COLLECTION_TYPE: 'a tag that does not fit its collection'
}

/**
 * The keys leading to `offset`, as a JSON pointer like the config's other errors. Only keys that end before
 * the error count (the broken text itself may be a secret), and each shows as shownKey shows it.
 */
function keyPath (doc: Document, offset: number): string {
  const segments: string[] = []
  let node: unknown = doc.contents
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.findLast(p => isScalar(p.key) && (p.key.range?.[1] ?? Infinity) <= offset)
      if (pair === undefined || !isScalar(pair.key)) break
      segments.push(shownKey(String(pair.key.value), segments))
      node = pair.value
    } else if (isSeq(node)) {
      const index = node.items.findLastIndex(item => isNode(item) && (item.range?.[0] ?? Infinity) <= offset)
      if (index < 0) break
      segments.push(String(index))
      node = node.items[index]
    } else {
      break
    }
  }
  return '/' + segments.join('/')
}

function where (doc: Document, lines: LineCounter, offset: number): string {
  const { line, col } = lines.linePos(offset)
  return `line ${line}, column ${col} (at ${keyPath(doc, offset)})`
}

/** V8 reports where JSON breaks for most errors; the rest are found by reading the text as YAML. */
function jsonOffset (err: unknown, doc: Document): number | undefined {
  const reported = /at position (\d+)/.exec((err as Error).message)?.[1]
  return reported === undefined ? doc.errors[0]?.pos[0] : Number(reported)
}

/**
 * Parses a config file's text, YAML or JSON. Throws an Error whose message gives line, column, key path
 * and what is wrong, and never any of the source text.
 */
export function parseConfigText (text: string, format: 'yaml' | 'json'): unknown {
  const lines = new LineCounter()
  if (format === 'json') {
    let failure: unknown
    try {
      return JSON.parse(text)
    } catch (err) {
      failure = err
    }
    // thrown outside the catch: the cause, which quotes the text, is left behind on purpose
    const doc = parseDocument(text, { lineCounter: lines, schema: 'json', prettyErrors: false })
    const offset = jsonOffset(failure, doc)
    throw new errors.ConfigSyntax(offset === undefined ? 'JSON syntax error' : `JSON syntax error at ${where(doc, lines, offset)}`)
  }
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const [first] = doc.errors
  if (first !== undefined) {
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more after it)` : ''
    throw new errors.ConfigSyntax(`YAML syntax error at ${where(doc, lines, first.pos[0])}: ${MEANING[first.code]} [${first.code}]${more}`)
  }
  try {
    return doc.toJS({ maxAliasCount: 100 })
  } catch {
    throw new errors.ConfigSyntax('YAML aliases cannot be resolved: an alias names no anchor, or they expand too much')
  }
}
