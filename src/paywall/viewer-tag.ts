/**
 * A viewer as the Redis Cluster hash tag of its keys (`ses:{alice}`), so that they share one slot, as the
 * multi-key scripts need. Redis hashes the text between the first '{' and the next '}', or the whole key when
 * that is empty. An id holding a '}' would end its tag early (`ses:{}x}` has none; `kick:{a}:1}:2` could be viewer
 * `a}:1`'s or viewer `a`'s key), so such ids, the empty one and those opening with '{' are written `{{<id>}` with
 * '%' and '}' escaped: no tag then holds a '}' but its last, and an ordinary id's tag never opens with '{{'. No two
 * viewers share a key, whatever follows the tag.
 */
export const viewerTag = (viewer: string): string =>
  viewer === '' || viewer.startsWith('{') || viewer.includes('}')
    ? `{{${viewer.replaceAll('%', '%25').replaceAll('}', '%7D')}}`
    : `{${viewer}}`
