import t from 'tap'
import { parseConfigText } from '../../src/config/parse.js'

const SECRET = 's3cr3t-signing-key-value'

/** The message a text's syntax error gives. */
function failure (text: string, format: 'yaml' | 'json' = 'yaml'): string {
  try {
    parseConfigText(text, format)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error('parsed without an error')
}

t.test('YAML and JSON configs parse to the same value', async t => {
  const value = { server: { port: 8080 }, policies: [{ rules: [] }] }
  t.same(parseConfigText('server:\n  port: 8080\npolicies:\n  - rules: []\n', 'yaml'), value)
  t.same(parseConfigText(JSON.stringify(value), 'json'), value)
})

t.test('a YAML syntax error gives line, column, key path and what is wrong, never the source text', async t => {
  const cases: Array<[string, string, RegExp]> = [
    ['an unclosed quote', `server:\n  port: 1\npolicies:\n  - rules:\n      - rule: signed-token\n        options:\n          keys:\n            - id: k1\n              secret: "${SECRET}\n`,
      /^YAML syntax error at line 10, column 1 \(at \/policies\/0\/rules\/0\/options\/keys\/0\/secret\): a closing quote or bracket, a colon or a comma is missing \[MISSING_CHAR\]$/],
    ['a colon inside a value', `adapters:\n  nginxRtmp:\n    hookAuth:\n      secret: ${SECRET}: x\n`,
      /^YAML syntax error at line 4, column \d+ \(at \/adapters\/nginxRtmp\/hookAuth\/secret\): a nested block where a single-line key/],
    ['a bad escape', `keys:\n  - secret: "${SECRET}\\q"\n`, /^YAML syntax error at line 2, column \d+ \(at \/keys\/0\/secret\): invalid escape sequence/],
    ['a value broken over lines', `signing:\n  secret:\n    ${SECRET}\n    encoding: hex\n`, /^YAML syntax error at line 3, column 5 \(at \/signing\/secret\): a key spanning lines/],
    ['a tab', `server:\n\tport: ${SECRET}\n`, /^YAML syntax error at line 2, column 1 \(at \/server\): a tab used for indentation \[TAB_AS_INDENT\]$/],
    ['several errors', `server: ${SECRET}\n\t- tab\n`, /^YAML syntax error at line 2, column 1 \(at \/server\): a tab used for indentation \[TAB_AS_INDENT\] \(and \d+ more after it\)$/],
    ['a key given twice', `secret: a\nsecret: ${SECRET}\n`, /^YAML syntax error at line 2, column 1 \(at \/secret\): a key given twice/],
    ['an unclosed flow', `policies: [{ secret: ${SECRET}\n`, /^YAML syntax error at line \d+, column \d+ \(at \/policies(\/0(\/secret)?)?\): /]
  ]
  for (const [what, text, expected] of cases) {
    const message = failure(text)
    t.match(message, expected, what)
    t.notOk(message.includes(SECRET.slice(0, 8)), `${what}: no source text`)
  }
})

t.test('a key that is itself broken text is never named', async t => {
  const message = failure(`a:\n  ${SECRET}-as-a-very-long-key-${'x'.repeat(60)}: 1\n  b c d\n`)
  t.notOk(message.includes(SECRET.slice(0, 8)), message)
})

t.test('a secret written where a key goes is never named in the key path', async t => {
  const hex = '9f8e7d6c5b4a39281706f5e4d3c2b1a0'
  const letters = 'correcthorsebatterystaple'
  const cases: Array<[string, string, RegExp]> = [
    ['a hex secret as a key', `server:\n  ${hex}:\n    a: 1\n    b: "unclosed\n`, /\(at \/server\/\*\/b\)/],
    ['a plain word under a secret-bearing key', `adapters:\n  nginxRtmp:\n    hookAuth:\n      secret:\n        ${letters}:\n          a: 1\n          b: "unclosed\n`, /\(at \/adapters\/nginxRtmp\/hookAuth\/secret\/\*\/\*\)/]
  ]
  for (const [what, text, expected] of cases) {
    const message = failure(text)
    t.match(message, expected, what)
    t.notOk(message.includes(hex) || message.includes(letters), `${what}: ${message}`)
  }
})

t.test('unresolvable aliases are refused without quoting them', async t => {
  const message = failure(`secret: *${SECRET}\n`)
  t.match(message, /^YAML aliases cannot be resolved/)
  t.notOk(message.includes(SECRET.slice(0, 8)))
  const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n'
  t.match(failure(bomb), /^YAML aliases cannot be resolved/, 'an alias bomb is refused')
})

t.test('a JSON syntax error gives line, column and key path, never the source text', async t => {
  const cases: Array<[string, RegExp]> = [
    [`{"server": {"key": ${SECRET}}}`, /^JSON syntax error at line 1, column 20 \(at \/server\/key\)$/],
    [`{\n  "server": {"key": "${SECRET}"},\n}`, /^JSON syntax error at line 3, column 1 \(at \/server(\/key)?\)$/],
    [`{"policies": [1, {"x": "${SECRET}"\n "y": 1}]}`, /^JSON syntax error at line 2, column 2 \(at \/policies\/1\/x\)$/],
    [`{"secret": "${SECRET}`, /^JSON syntax error at line 1, column \d+ \(at \/secret\)$/],
    [`{'secret': '${SECRET}'}`, /^JSON syntax error at line 1, column 2 \(at \/\)$/]
  ]
  for (const [text, expected] of cases) {
    const message = failure(text, 'json')
    t.match(message, expected, text.slice(0, 30))
    t.notOk(message.includes(SECRET.slice(0, 8)), 'no source text')
  }
})
