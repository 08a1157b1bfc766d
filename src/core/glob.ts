/** Compiles a name pattern where `*` matches any run of characters and `?` one character. */
export function compileGlob (pattern: string): (name: string) => boolean {
  if (pattern === '*') return () => true
  if (!/[*?]/.test(pattern)) return name => name === pattern
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  const re = new RegExp(`^${source}$`, 's')
  return name => re.test(name)
}
