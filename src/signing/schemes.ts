import type { SignedTokenOptions } from '../generated/rules/signed-token.js'
import { akamai } from './akamai.js'
import { native } from './native.js'
import { nginxSecureLink } from './nginx-secure-link.js'
import { nimble } from './nimble.js'
import type { Scheme } from './scheme.js'
import { wowza } from './wowza.js'

export type SchemeName = SignedTokenOptions['scheme']

export const schemes: Record<SchemeName, Scheme> = {
  native,
  nimble,
  'nginx-secure-link': nginxSecureLink,
  akamai,
  wowza
}
