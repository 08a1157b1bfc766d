import createError from '@fastify/error'

/** Every coded error streamgate raises. */
export const errors = {
  ConfigInvalid: createError<[string]>('SG_CONFIG_INVALID', 'Invalid configuration:\n%s'),
  ConfigUnreadable: createError<[string, string]>('SG_CONFIG_UNREADABLE', 'Cannot read configuration %s: %s'),
  RuleUnknown: createError<[string]>('SG_RULE_UNKNOWN', 'Unknown rule "%s"'),
  RuleDuplicate: createError<[string]>('SG_RULE_DUPLICATE', 'Rule "%s" is registered twice'),
  RuleModuleInvalid: createError<[string, string]>('SG_RULE_MODULE_INVALID', 'Custom rule module %s: %s'),
  StoreUnavailable: createError<[string]>('SG_STORE_UNAVAILABLE', 'Store unavailable: %s', 503),
  StoreTimeout: createError<[number]>('SG_STORE_TIMEOUT', 'Store gave no answer within %d ms', 503),
  StoreFull: createError<[number]>('SG_STORE_FULL', 'Memory store full: %d entries, none of them expiring', 503),
  StreamNotFound: createError<[string]>('SG_STREAM_NOT_FOUND', 'Stream "%s" not found', 404),
  StreamNameInvalid: createError<[string]>('SG_STREAM_NAME_INVALID', 'Invalid stream name "%s": 1 to 128 letters, digits, _ . -, starting with a letter or digit', 400),
  StreamKeyExists: createError<[string]>('SG_STREAM_KEY_EXISTS', 'Stream "%s" has a key already; it is stored hashed and cannot be shown again: rotate it for a new one', 409),
  JwtInvalid: createError<[string]>('SG_JWT_INVALID', 'Unauthorized: %s', 401)
}

/** An error from the config loader or policy builder: each problem on a line of its own, with its path. */
export function configInvalid (problems: string[]): Error {
  return new errors.ConfigInvalid(problems.map(p => '  - ' + p).join('\n'))
}
