import { type AccessRequest, cannotRedirect, defineAdapter, parseStreamUrl } from 'streamgate'

interface Message { ip: string, url: string }

/** The media server's message as streamgate's AccessRequest; a URL with no canonical path throws (answered as a refusal). */
const read = ({ ip, url }: Message): AccessRequest => ({
  action: 'play',
  protocol: 'HTTP',
  host: '',
  url: parseStreamUrl(url, { host: 'localhost', rules: 'strict', bytes: 'utf8' }),
  ip,
  userAgent: '',
  referer: '',
  sessionId: '',
  raw: { ip, url }
})

const messageSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ip', 'url'],
  properties: { ip: { type: 'string', maxLength: 64 }, url: { type: 'string', minLength: 1, maxLength: 4096 } }
}

/** A media server that POSTs {"ip","url"} and reads {"ok": true|false}. */
export default defineAdapter<{ enabled: boolean, path: string }>({
  id: 'webhook',
  configKey: 'webhook',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { enabled: { type: 'boolean', default: false }, path: { type: 'string', pattern: '^/', default: '/webhook/auth' } },
    required: ['enabled', 'path']
  },
  body: 'json',
  refusal: reply => reply.code(403).send({ ok: false }),
  build ({ config, authorize }) {
    return {
      explain: message => {
        const m = message as Partial<Message> | null
        return typeof m?.ip === 'string' && typeof m.url === 'string' ? read({ ip: m.ip, url: m.url }) : { refused: 'invalid-message' }
      },
      routes: [{
        method: 'POST',
        url: config.path,
        schema: { body: messageSchema },
        async handler (request, reply) {
          // it cannot send a viewer elsewhere: a redirect is refused, and the rules' writes for it are taken back
          const decision = await authorize(read(request.body as Message), request.log, cannotRedirect)
          return await reply.code(decision.outcome === 'allow' ? 200 : 403).send({ ok: decision.outcome === 'allow' })
        }
      }]
    }
  }
})
