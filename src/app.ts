import type { ErrorObject, ValidateFunction } from 'ajv'
import Fastify, { type FastifyInstance, LogController } from 'fastify'
import type { DestinationStream } from 'pino'
import { adapterPlugin } from './adapters/host.js'
import { adapterRegistry } from './adapters/index.js'
import adminPlugin from './api/admin/plugin.js'
import controlApi from './api/control/plugin.js'
import consolePlugin from './api/console/plugin.js'
import type { AdapterConfigBase, AdapterDefinition } from './core/adapter.js'
import { RuleRegistry } from './core/registry.js'
import type { RuleDefinition } from './core/rule.js'
import type { StreamgateConfig } from './generated/config.js'
import adminAuthPlugin from './plugins/admin-auth.js'
import drainPlugin from './plugins/drain.js'
import explainPlugin from './plugins/explain.js'
import jwtAuthPlugin from './plugins/jwt-auth.js'
import metricsPlugin from './plugins/metrics.js'
import openapiPlugin from './plugins/openapi.js'
import policyPlugin from './plugins/policy.js'
import storePlugin from './plugins/store.js'
import publishPlugin from './publish/plugin.js'
import { builtinRules } from './rules/index.js'
import { compileOnce, formatErrors, textAjv, wireAjv } from './schemas.js'
import { bufferedStdout } from './log-destination.js'

export interface BuildAppOptions {
  config: Readonly<StreamgateConfig>
  /** Folder that relative paths in the config (custom rules, databases) are resolved against. */
  baseDir?: string
  /** Where logs go (stdout when absent): tests pass a stream to read them. */
  logStream?: DestinationStream
  /** Extra rule definitions, registered beside the built-ins. */
  rules?: Array<RuleDefinition<never>>
  /** Extra adapters, registered beside the built-ins; their config sections must have passed resolveConfig with them. */
  adapters?: ReadonlyArray<AdapterDefinition>
}

/** Secrets that may sit in headers or query strings never reach the logs. */
export const redactPaths = ['req.headers.authorization', 'req.headers.cookie', 'req.url', 'req.query', 'res.headers["set-cookie"]']

/** Bodies are validated exactly as sent; query strings, parameters and headers are text, coerced to their types. */
const strictValidator = ({ schema, httpPart }: { schema: object | boolean, httpPart?: string }): ValidateFunction =>
  compileOnce(httpPart === 'body' ? wireAjv : textAjv, schema as object)

/** Builds the Fastify app from a validated config; does not listen. Throws on a config the rules or adapters refuse, having closed what it opened. */
export async function buildApp ({ config, baseDir = process.cwd(), logStream, rules = [], adapters = [] }: BuildAppOptions): Promise<FastifyInstance> {
  const stdout = logStream === undefined ? bufferedStdout() : undefined
  const app = Fastify({
    logger: { level: config.log.level, redact: redactPaths, stream: logStream ?? stdout?.stream },
    // request.log is the app's logger: a child logger per request cost more than the request id it added
    childLoggerFactory: logger => logger,
    // one decision line per request replaces Fastify's request lines
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.server.bodyLimit,
    // idle and slow connections are closed: silent ones, unfinished requests, unused keep-alives
    connectionTimeout: config.server.connectionTimeout,
    requestTimeout: config.server.requestTimeout,
    keepAliveTimeout: config.server.keepAliveTimeout,
    // Node checks request deadlines every 30 s by default: a slow request would outlive its deadline that long
    http: { maxHeaderSize: config.server.maxHeaderSize, connectionsCheckingInterval: Math.min(1000, config.server.requestTimeout) },
    // while draining, a request still gets its decision (or the adapter's refusal) in the media server's
    // format, with `Connection: close` (Fastify adds it): never a bare 503 the media server cannot read
    return503OnClosing: false,
    // a compilers factory, not setValidatorCompiler: a plugin that adds a schema gets a fresh schema controller,
    // which would fall back to Fastify's own Ajv (coercing bodies and dropping unknown properties)
    schemaController: { compilersFactory: { buildValidator: () => strictValidator } },
    // name the offending property: "body: must NOT have additional properties (extra)"
    schemaErrorFormatter: (errors, dataVar) => new Error(formatErrors(errors as ErrorObject[], dataVar).join('; '))
  })
  // every line logged before the app closed is on stdout before the process exits
  if (stdout !== undefined) app.addHook('onClose', stdout.flush)

  const registry = new RuleRegistry([...builtinRules, ...rules])
  const sections = config.adapters as Readonly<Record<string, AdapterConfigBase | undefined>>
  try {
    await app.register(drainPlugin, { drainTimeout: config.server.drainTimeout })
    await app.register(openapiPlugin)
    await app.register(metricsPlugin)
    await app.register(storePlugin, config.store)
    await app.register(policyPlugin, { policies: config.policies, registry, deps: { log: app.log, baseDir, store: app.store } })
    await app.register(publishPlugin)
    if (config.controlApi.jwt !== undefined) await app.register(jwtAuthPlugin, config.controlApi.jwt)
    await app.register(adminAuthPlugin, { ...(config.admin.enabled && config.admin.token !== undefined ? { token: config.admin.token } : {}) })
    await app.after()
    await app.register(explainPlugin, { ...(app.requireAdmin === undefined ? {} : { onRequest: app.requireAdmin }) })
    await app.after()
    for (const definition of adapterRegistry(adapters)) {
      const section = sections[definition.configKey]
      if (section?.enabled === true) await app.register(adapterPlugin(definition), { definition, config: section, settings: config })
    }
    if (config.controlApi.enabled) await app.register(controlApi)
    if (config.admin.enabled) await app.register(adminPlugin, config.admin)
    if (config.console.enabled) await app.register(consolePlugin, config.console)
    app.get('/healthz', async () => ({ status: 'ok' }))
  } catch (err) {
    // whatever was opened (a Redis connection, rule databases) is closed, so a failed boot leaves nothing running
    await app.close()
    throw err
  }
  return app
}
