import './style.css'

const form = document.querySelector<HTMLFormElement>('#sign-in')
const input = document.querySelector<HTMLInputElement>('#credential')
const error = document.querySelector<HTMLParagraphElement>('#error')

form?.addEventListener('submit', event => {
  event.preventDefault()
  if (input === null || error === null) return
  error.hidden = true
  fetch('api/session', {
    method: 'POST',
    headers: { authorization: `Bearer ${input.value.trim()}`, 'x-streamgate-console': '1' },
    credentials: 'same-origin'
  }).then(res => {
    input.value = ''
    if (res.ok) {
      location.replace('./')
      return
    }
    error.textContent = res.status === 401 ? 'That token was not accepted.' : `Sign-in failed (HTTP ${res.status}).`
    error.hidden = false
  }).catch(() => {
    error.textContent = 'streamgate did not answer.'
    error.hidden = false
  })
})
