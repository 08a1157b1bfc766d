import createError from '@fastify/error'

/** Every coded error streamgate raises. */
export const errors = {
  ConfigInvalid: createError<[string]>('SG_CONFIG_INVALID', 'Invalid configuration:\n%s'),
  ConfigUnreadable: createError<[string, string]>('SG_CONFIG_UNREADABLE', 'Cannot read configuration %s: %s'),
  RuleUnknown: createError<[string]>('SG_RULE_UNKNOWN', 'Unknown rule "%s"'),
  RuleDuplicate: createError<[string]>('SG_RULE_DUPLICATE', 'Rule "%s" is registered twice'),
  RuleModuleInvalid: createError<[string, string]>('SG_RULE_MODULE_INVALID', 'Custom rule module %s: %s'),
  StoreUnavailable: createError<[string]>('SG_STORE_UNAVAILABLE', 'Store unavailable: %s', 503),
  StoreTimeout: createError<[number]>('SG_STORE_TIMEOUT', 'Store gave no answer within %d ms', 503)
}

/** An error from the config loader or policy builder: each problem on a line of its own, with its path. */
export function configInvalid (problems: string[]): Error {
  return new errors.ConfigInvalid(problems.map(p => '  - ' + p).join('\n'))
}
