import type { ComponentChildren } from 'preact'

export const Outcome = ({ outcome }: { outcome: string }) => <span class={`badge ${outcome}`}>{outcome}</span>

export const Notice = ({ error }: { error: string | undefined }) =>
  error === undefined ? null : <p class="error" role="alert">{error}</p>

export const Section = ({ title, children, aside }: { title: string, children: ComponentChildren, aside?: ComponentChildren }) => (
  <section class="card">
    <header class="card-head"><h2>{title}</h2>{aside}</header>
    {children}
  </section>
)

export const time = (at: number | string): string => new Date(at).toLocaleTimeString([], { hour12: false })
