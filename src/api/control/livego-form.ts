/**
 * How LiveGo reads its parameters: Go's Request.ParseForm and Form.Get. A POST, PUT or PATCH form body
 * (application/x-www-form-urlencoded) comes before the URL query; a form Go's url.ParseQuery refuses (a `%`
 * without two hex digits after it, a `;` separator) makes the whole request unreadable.
 */
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/

export const FORM_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH'])

function parseGoQuery (text: string): URLSearchParams | undefined {
  if (text.includes(';') || BAD_ESCAPE.test(text)) return undefined
  return new URLSearchParams(text)
}

/** The first value of `name` in the form body then the query, '' when absent; undefined when the form is unreadable. */
export function goFormValue (name: string, rawQuery: string, formBody: string | undefined): string | undefined {
  const sources = formBody === undefined ? [rawQuery] : [formBody, rawQuery]
  let value: string | undefined
  for (const text of sources) {
    const params = parseGoQuery(text)
    if (params === undefined) return undefined
    value ??= params.get(name) ?? undefined
  }
  return value ?? ''
}

/** The query string of a raw request URL, without its `?`. */
export function rawQueryOf (url = ''): string {
  const at = url.indexOf('?')
  return at === -1 ? '' : url.slice(at + 1)
}
