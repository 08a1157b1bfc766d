import type { SigningKey as ConfiguredKey, SigningKeys } from '../generated/signing-keys.js'
import { errors } from '../errors.js'

export interface SigningKey {
  id: string
  secret: Buffer
}

/** A configured key as bytes. Errors name the key id, never the secret. */
export function decodeKey ({ id, secret, encoding }: ConfiguredKey): SigningKey {
  if (encoding === 'hex' && !/^(?:[0-9a-fA-F]{2})+$/.test(secret)) throw new errors.OptionInvalid(`keys: "${id}" is not an even-length hex string`)
  if (encoding === 'base64' && !/^[A-Za-z0-9+/_-]+={0,2}$/.test(secret)) throw new errors.OptionInvalid(`keys: "${id}" is not base64`)
  const bytes = Buffer.from(secret, encoding)
  if (bytes.length === 0) throw new errors.OptionInvalid(`keys: "${id}" is empty`)
  return { id, secret: bytes }
}

export function decodeKeys (keys: SigningKeys): SigningKey[] {
  const ids = keys.map(k => k.id)
  const twice = ids.find((id, i) => ids.indexOf(id) !== i)
  if (twice !== undefined) throw new errors.OptionInvalid(`keys: id "${twice}" is given twice`)
  return keys.map(decodeKey)
}
