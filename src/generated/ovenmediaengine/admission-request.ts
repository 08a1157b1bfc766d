/* Generated from schemas/ovenmediaengine/admission-request.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * What OvenMediaEngine's AdmissionWebhooks POST (OME docs, "Access Control" > "Admission Webhooks" > "Request"). Fields OME may add are let through.
 */
export interface OmeAdmissionRequest {
  client: {
    address: string
    port: number
    real_ip?: string
    user_agent?: string
  }
  request: {
    direction: 'incoming' | 'outgoing'
    /**
     * webrtc, rtmp, srt, llhls, thumbnail (and what newer OME versions add).
     */
    protocol: string
    status: 'opening' | 'closing'
    /**
     * Absolute, as OME writes it: ws://host:3333/app/stream, rtmp://host/app/key, https://host:3334/app/stream/llhls.m3u8?token=...
     */
    url: string
    new_url?: string
    time: string
  }
}
