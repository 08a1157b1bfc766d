/**
 * A viewer as the Redis Cluster hash tag of its keys (`ses:{alice}`), so that they share one slot, as the
 * multi-key scripts need. Redis hashes the text between the first '{' and the next '}', or the whole key when
 * that is empty: an id opening with '}' (`ses:{}x}`) would leave each key of its own slot. Such ids, the empty
 * one, and those opening with '{' (so that no two viewers share a key) get a '{' in front: `ses:{{}x}`.
 */
export const viewerTag = (viewer: string): string =>
  viewer === '' || viewer.startsWith('{') || viewer.startsWith('}') ? `{{${viewer}}` : `{${viewer}}`
