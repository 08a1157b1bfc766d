/* Generated from schemas/signing-keys.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Named secrets a signature may be made with. Tokens that carry a key id (native) are checked with that key only; other schemes try each key, which is how a key is rotated: add the new one, move the signer to it, remove the old one once the last link made with it has expired. Write secrets as ${ENV} placeholders; they are never logged.
 *
 * @minItems 1
 */
export type SigningKeys = [SigningKey, ...SigningKey[]]

export interface SigningKey {
  /**
   * Key id (kid), written into native tokens.
   */
  id: string
  secret: string
  /**
   * How secret is written: text, or bytes in hex (Akamai's keys) or base64.
   */
  encoding: 'utf8' | 'hex' | 'base64'
}
