import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { api } from './api'
import './style.css'
import { CountsView } from './views/counts'
import { ExplainView } from './views/explain'
import { KeysView } from './views/keys'
import { LiveView } from './views/live'
import { ViewersView } from './views/viewers'

const views = {
  live: { title: 'Live decisions', View: LiveView },
  counts: { title: 'Counts', View: CountsView },
  explain: { title: 'Explain', View: ExplainView },
  keys: { title: 'Stream keys', View: KeysView },
  viewers: { title: 'Viewers', View: ViewersView }
}
type ViewId = keyof typeof views

const current = (): ViewId => {
  const id = location.hash.slice(1)
  return id in views ? id as ViewId : 'live'
}

function App () {
  const [view, setView] = useState<ViewId>(current())
  useEffect(() => {
    const onHash = (): void => setView(current())
    addEventListener('hashchange', onHash)
    return () => removeEventListener('hashchange', onHash)
  }, [])
  const signOut = (): void => {
    api('DELETE', 'api/session').finally(() => location.replace('sign-in.html')).catch(() => undefined)
  }
  const { View } = views[view]
  return (
    <>
      <header class="top">
        <span class="brand"><span class="logo">▶</span> streamgate</span>
        <nav>
          {Object.entries(views).map(([id, { title }]) => (
            <a href={`#${id}`} class={id === view ? 'active' : ''} aria-current={id === view ? 'page' : undefined}>{title}</a>
          ))}
        </nav>
        <button class="ghost" onClick={signOut}>Sign out</button>
      </header>
      <main><View /></main>
    </>
  )
}

const root = document.getElementById('app')
if (root !== null) render(<App />, root)
