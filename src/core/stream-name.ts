import { wireValidator } from '../schemas.js'

/** A public stream name (schemas/control/stream-name): safe in an RTMP name, an HLS path and a Location header. */
export const isStreamName = wireValidator('control/stream-name')
