import t from 'tap'
import { MemoryStore } from '../../src/stores/memory.js'
import { storeContract } from './contract.js'

storeContract(t, async () => new MemoryStore())

t.test('a closed memory store forgets everything', async t => {
  const store = new MemoryStore()
  await store.set('k', 'v')
  await store.close()
  t.equal(await store.get('k'), null)
})
