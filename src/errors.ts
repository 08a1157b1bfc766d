import createError from '@fastify/error'

/**
 * Every coded error streamgate raises, service and CLI alike: src/ throws nothing else (test/errors.test.ts
 * checks it), and each code is documented in the README's "Error codes" table.
 */
export const errors = {
  // start-up and reload
  ConfigInvalid: createError<[string]>('SG_CONFIG_INVALID', 'Invalid configuration:\n%s'),
  ConfigUnreadable: createError<[string, string]>('SG_CONFIG_UNREADABLE', 'Cannot read configuration %s: %s'),
  ConfigSyntax: createError<[string]>('SG_CONFIG_SYNTAX', '%s'),
  OptionInvalid: createError<[string]>('SG_OPTION_INVALID', '%s'),
  RuleUnknown: createError<[string]>('SG_RULE_UNKNOWN', 'Unknown rule "%s"'),
  RuleDuplicate: createError<[string]>('SG_RULE_DUPLICATE', 'Rule "%s" is registered twice'),
  AdapterDuplicate: createError<[string]>('SG_ADAPTER_DUPLICATE', 'Adapter "%s" is registered twice (its id or its config section)'),
  RuleModuleInvalid: createError<[string, string]>('SG_RULE_MODULE_INVALID', 'Custom rule module %s: %s'),
  PublishPolicyMissing: createError<[string]>('SG_PUBLISH_POLICY_MISSING', 'Publish requests come through %s, but every policy has match.action play, so none takes them: add one with match: { action: publish } and the stream-key rule'),
  InstallBroken: createError<[string]>('SG_INSTALL_BROKEN', 'streamgate is installed incompletely: %s'),
  // serving
  StoreUnavailable: createError<[string]>('SG_STORE_UNAVAILABLE', 'Store unavailable: %s', 503),
  StoreTimeout: createError<[number]>('SG_STORE_TIMEOUT', 'Store gave no answer within %d ms', 503),
  StoreLate: createError<[]>('SG_STORE_LATE', 'Store reached after the deadline: nothing written', 503),
  StoreWrongType: createError<[string]>('SG_STORE_WRONG_TYPE', 'WRONGTYPE operation against a key holding the wrong kind of value: %s', 500),
  StoreNotInteger: createError<[string]>('SG_STORE_NOT_INTEGER', '%s must be an integer', 500),
  StoreNotPositive: createError<[string]>('SG_STORE_NOT_POSITIVE', '%s must be a positive integer', 500),
  VerdictInvalid: createError<[string]>('SG_VERDICT_INVALID', 'A rule gave an invalid verdict: %s'),
  UrlInvalid: createError<[string]>('SG_URL_INVALID', '%s', 400),
  AdapterUnknown: createError<[string, string]>('SG_ADAPTER_UNKNOWN', 'unknown adapter "%s"; known: %s', 400),
  StoreFull: createError<[number]>('SG_STORE_FULL', 'Memory store full: %d entries, none of them expiring', 503),
  StreamNotFound: createError<[string]>('SG_STREAM_NOT_FOUND', 'Stream "%s" not found', 404),
  StreamNameInvalid: createError<[string]>('SG_STREAM_NAME_INVALID', 'Invalid stream name "%s": 1 to 128 letters, digits, _ . -, starting with a letter or digit', 400),
  StreamKeyExists: createError<[string]>('SG_STREAM_KEY_EXISTS', 'Stream "%s" has a key already; it is stored hashed and cannot be shown again: rotate it for a new one', 409),
  JwtInvalid: createError<[string]>('SG_JWT_INVALID', 'Unauthorized: %s', 401),
  // signing URLs (the sign command, signUrl)
  SignRefused: createError<[string]>('SG_SIGN_REFUSED', 'Cannot sign: %s'),
  // the command line
  ServerUnreachable: createError<[string]>('SG_SERVER_UNREACHABLE', '%s'),
  UsageInvalid: createError<[string]>('SG_USAGE_INVALID', '%s')
}

/** An error from the config loader or policy builder: each problem on a line of its own, with its path. */
export function configInvalid (problems: string[]): Error {
  return new errors.ConfigInvalid(problems.map(p => '  - ' + p).join('\n'))
}
