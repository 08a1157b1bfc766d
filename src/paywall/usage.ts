import type { Balances } from './balances.js'

export interface ViewerUsage {
  seconds: number
  bytes: number
}

export interface UsageLimits {
  /** Take watched seconds from balances and refuse viewers whose balance is used up. */
  meterTime: boolean
  /** Refuse viewers sent more bytes than this; no limit when absent. */
  maxBytes?: number
}

/**
 * Records what a media server reported per viewer and answers the viewers over a limit: with meterTime,
 * a balance at or below zero; with maxBytes, more bytes sent than that.
 */
export async function recordUsage (balances: Balances, usage: ReadonlyMap<string, ViewerUsage>, limits: UsageLimits): Promise<string[]> {
  const denied = await Promise.all([...usage].map(async ([viewer, { seconds, bytes }]) => {
    const after = await balances.record(viewer, limits.meterTime ? seconds : 0, bytes)
    const overTime = limits.meterTime && after.seconds <= 0
    const overBytes = limits.maxBytes !== undefined && after.bytes > limits.maxBytes
    return overTime || overBytes ? viewer : undefined
  }))
  return denied.filter(viewer => viewer !== undefined)
}
