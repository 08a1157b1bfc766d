/* Generated from schemas/admin/viewer-params.schema.json by scripts/gen-types.mjs. Do not edit. */

export interface AdminViewerParams {
  viewer: string
}
