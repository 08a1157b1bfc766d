import { parse as parseForm } from 'node:querystring'
import { errorCodes, type FastifyBodyParser, type FastifyInstance, type FastifyPluginAsync, type FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { UrlParseError } from '../core/access-request.js'
import { declaredReasons } from '../core/reasons.js'
import { errors } from '../errors.js'
import { type AdapterConfigBase, type AdapterDefinition, type AdapterTools, type BodyMode, FORM_TEXT, type Refused, type VerifiedJsonBody } from '../core/adapter.js'
import type { StreamgateConfig } from '../generated/config.js'

type Refuse = AdapterTools<AdapterConfigBase>['refuse']

export interface AdapterHostOptions {
  definition: AdapterDefinition
  config: AdapterConfigBase
  settings: Readonly<StreamgateConfig>
}

/**
 * Every Content-Type gets the adapter's parser. It is registered under the media type its media server sends as well
 * as '*': Fastify remembers which parser a registered type gets, but parses the header again for every request that
 * falls through to '*'.
 */
const usualAndAny = (usual: string): string[] => [usual, '*']

/** Reads every body the way the adapter says its media server writes them, whatever the Content-Type claims. */
function readBodiesAs (app: FastifyInstance, body: BodyMode, config: AdapterConfigBase, refuse: Refuse): void {
  app.removeAllContentTypeParsers()
  if (body === 'form') {
    app.addContentTypeParser(usualAndAny('application/x-www-form-urlencoded'), { parseAs: 'string' }, (_request, text, done) => {
      // the text too: a field's escapes may matter as sent (a signed token in nginx-rtmp's arguments)
      done(null, Object.assign(parseForm(text as string), { [FORM_TEXT]: text }))
    })
    return
  }
  if (body === 'none') {
    // the decision is made without the body: one sent anyway is drained, not parsed
    app.addContentTypeParser('*', (_request, payload, done) => {
      payload.resume()
      payload.on('end', () => { done(null) })
    })
    return
  }
  // an empty or malformed Content-Type would be refused before any parser ran (a callback hook: no promise per request)
  app.addHook('onRequest', (request, _reply, done) => {
    const type = request.headers['content-type']
    if (type !== undefined && type !== 'application/json' && !/^[\w.+-]+\/[\w.+-]+/.test(type)) request.headers['content-type'] = 'application/json'
    done()
  })
  const parseJson = screened(app.getDefaultJsonParser('error', 'error'))
  if (body === 'json') app.addContentTypeParser(usualAndAny('application/json'), { parseAs: 'string' }, parseJson)
  else readVerifiedJson(app, body, config, parseJson, refuse)
}

const BYTE_ORDER_MARK = 0xfeff

/**
 * Fastify's JSON parser, refusing a `__proto__` or `constructor` key, for text that could hold one: the key itself, or
 * a `\u` escape that could spell it. Other text, nearly every body, is parsed by JSON.parse at once: the parser's
 * search for those keys scanned every body twice (2.7k instructions a request). Text JSON.parse refuses gets the
 * parser's error without being read again, unless it is empty or starts with a byte order mark, which the parser
 * tells apart (an error of its own) or reads (past the mark).
 */
function screened (parseJson: FastifyBodyParser<string>): FastifyBodyParser<string> {
  return (request, text, done) => {
    if (text.includes('__proto__') || text.includes('constructor') || text.includes('\\u')) return parseJson(request, text, done)
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      if (text.length === 0 || text.charCodeAt(0) === BYTE_ORDER_MARK) return parseJson(request, text, done)
      done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined)
      return
    }
    done(null, body)
  }
}

const NO_BYTES = Buffer.alloc(0)

/**
 * JSON parsed only once the adapter's verify has accepted the bytes as sent. The parser notes its verdict; the refusal
 * is made before validation, where a request no parser read (it has no body) is verified on no bytes: nothing reaches
 * a handler unverified.
 */
function readVerifiedJson (app: FastifyInstance, body: VerifiedJsonBody<AdapterConfigBase>, config: AdapterConfigBase, parseJson: FastifyBodyParser<string>, refuse: Refuse): void {
  const check = (request: FastifyRequest, raw: Buffer): Required<Refused> | undefined => {
    let reason: unknown
    try {
      reason = body.verify(request, raw, config)
    } catch (err) {
      // fail closed; the error's message is not logged: one about the key (a number where a string was due) holds it
      return { refused: 'bad-hook-signature', detail: `verify threw ${err instanceof Error ? err.name : typeof err}` }
    }
    if (reason === undefined) return undefined
    // anything else refuses: from an adapter written in JavaScript, a promise or a boolean is no reason code
    return { refused: typeof reason === 'string' ? reason : 'bad-hook-signature', detail: 'the body is not the media server\'s, as sent' }
  }
  const verdicts = new WeakMap<FastifyRequest, Required<Refused> | undefined>()
  app.addContentTypeParser(usualAndAny('application/json'), { parseAs: 'buffer' }, (request, raw, done) => {
    const refused = check(request, raw as Buffer)
    verdicts.set(request, refused)
    if (refused !== undefined) {
      done(null)
      return
    }
    void parseJson(request, (raw as Buffer).toString('utf8'), done)
  })
  // a callback hook: no promise per request; a refused request is answered, and done is not called
  app.addHook('preValidation', (request, reply, done) => {
    const refused = verdicts.has(request) ? verdicts.get(request) : check(request, NO_BYTES)
    if (refused === undefined) done()
    else refuse(request, reply, refused.refused, refused.detail)
  })
}

/**
 * Registers one adapter on its own encapsulated instance: reads bodies as its media server writes them, refuses
 * forged calls before the body is read (a body that does not verify before it is parsed), turns every unreadable
 * message (bad framing, invalid message, a URL that has no canonical path) into the adapter's refusal, logged and
 * counted once, and gives explain its reader.
 */
const adapterHost: FastifyPluginAsync<AdapterHostOptions> = async (app, { definition, config, settings }) => {
  const { id } = definition
  const refusedLine = `${id} request refused`
  // metric labels like the built-in ones: a bad list stops the boot
  let declared: ReadonlySet<string>
  try {
    declared = declaredReasons(definition.reasons)
  } catch (err) {
    throw new errors.OptionInvalid(`adapter ${id}: ${(err as Error).message}`)
  }

  const refuse: Refuse = (request, reply, reason, detail) => {
    request.log.warn({ adapter: id, reason, detail }, refusedLine)
    const action = definition.refusedAction?.(request)
    app.recordRefusal({ adapter: id, reason, log: request.log, declared, ...(action === undefined ? {} : { action }) })
    return definition.refusal(reply, reason, request, config)
  }
  const tools: AdapterTools<AdapterConfigBase> = {
    app,
    config,
    settings,
    // a promise of its own (one, not an async function's two): a chain that decided without waiting is settled in it
    authorize: (access, log, cannotCarryOut) => new Promise(resolve => { resolve(app.authorize(access, { adapter: id, log, cannotCarryOut, declared })) }),
    answer: (access, log, respond, cannotCarryOut) => {
      const decision = app.authorize(access, { adapter: id, log, cannotCarryOut, declared })
      // the reply respond returns is thenable: the promise adopts it, and settles once the reply is sent
      if (decision instanceof Promise) return decision.then(respond)
      respond(decision)
      return undefined
    },
    endSession: async (access, log) => {
      await app.endSession(access, { log }).catch((err: unknown) => { log.error({ err, adapter: id }, 'could not record the end of a session') })
    },
    refuse
  }

  readBodiesAs(app, definition.body, config, refuse)
  app.setErrorHandler(async (err: Error & { code?: string }, request, reply) => {
    if (err instanceof UrlParseError) return refuse(request, reply, err.reason, err.message)
    return refuse(request, reply, 'bad-request', `${err.code ?? 'ERROR'}: ${err.message}`)
  })

  const instance = await definition.build(tools)
  if (instance.authenticate !== undefined) {
    // before the body is read: a forged call costs no parsing and reaches no handler
    app.addHook('onRequest', async (request, reply) => {
      const refused = instance.authenticate?.(request)
      if (refused !== undefined) return refuse(request, reply, refused, 'the call did not come from the media server')
    })
  }
  // explain refuses what the route would: a reader that throws is read as the refusal its route would give
  app.addExplainer(id, message => {
    try {
      const read = instance.explain(message)
      return 'refused' in read ? { refused: read.refused } : read
    } catch (err) {
      return { refused: err instanceof UrlParseError ? err.reason : 'bad-request' }
    }
  }, { cannotCarryOut: access => instance.cannotCarryOut?.(access), declared })

  for (const route of instance.routes) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.schema === undefined ? {} : { schema: route.schema }),
      ...(definition.bodyLimit === undefined ? {} : { bodyLimit: Math.min(definition.bodyLimit, settings.server.bodyLimit) }),
      attachValidation: true,
      // not async: the route's own promise is the only one a request makes here
      handler: (request, reply) => request.validationError !== undefined && route.validationReaches !== true
        ? refuse(request, reply, 'invalid-message', request.validationError.message)
        : route.handler(request, reply)
    })
  }
}

/** The host as a plugin named after its adapter, so others can depend on it. */
export function adapterPlugin (definition: AdapterDefinition): FastifyPluginAsync<AdapterHostOptions> {
  // a function of its own: fastify-plugin writes the name and dependencies onto the function it is given
  const host: FastifyPluginAsync<AdapterHostOptions> = async (app, options) => { await adapterHost(app, options) }
  return fp(host, {
    name: `streamgate-adapter-${definition.id}`,
    fastify: '5.x',
    dependencies: ['streamgate-policy', 'streamgate-explain', ...(definition.dependencies ?? [])],
    encapsulate: true
  })
}
