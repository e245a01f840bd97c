/**
 * The behaviour every {@link CrnLinks} must have, run against the in-memory fake (`crn-links.test.ts`) and against
 * DynamoDB Local (`integration/crn-links.test.ts`), so the fake use-case tests rely on is the store's twin.
 */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { type CrnLink, type CrnLinks, parkUntilLinked } from '../src'

export const partSchemas = {
  tier: z.object({ tier: z.string().regex(/^[A-G]$/), calculationId: z.string() }),
  com: z.object({ staffCode: z.string(), grade: z.enum(['PO', 'PSO']).default('PO') }),
}
export type Parts = { [K in keyof typeof partSchemas]: z.infer<(typeof partSchemas)[K]> }

const tier = (t: string, at: string) => ({ at, value: { tier: t, calculationId: `calc-${at}` } })
const com = (staffCode: string, at: string) => ({ at, value: { staffCode, grade: 'PO' as const } })

const T1 = '2026-05-01T10:00:00.000Z'
const T2 = '2026-05-01T11:00:00.000Z'
const T3 = '2026-05-01T12:00:00.000Z'

let counter = 100_000
/** A CRN no other test uses (the Dynamo store shares one table across tests). */
export const freshCrn = () => `X${++counter}`

type Step = 'before-first-get' | 'between-get-and-park' | 'between-park-and-get' | 'after-second-get'

/**
 * The store as a parker sees it while a linker links the CRN at `step` of {@link parkUntilLinked}
 * (get → park → get), recording what the link returned.
 */
function racing(links: CrnLinks<Parts>, step: Step, crn: string, nomsNumber: string) {
  let gets = 0
  let linked: CrnLink<Parts> | undefined
  const linkNow = async () => {
    linked = await links.link(crn, nomsNumber)
  }
  const store: CrnLinks<Parts> = {
    get: async c => {
      gets++
      if (gets === 2 && step === 'between-park-and-get') await linkNow()
      const result = await links.get(c)
      if (gets === 1 && step === 'between-get-and-park') await linkNow()
      if (gets === 2 && step === 'after-second-get') await linkNow()
      return result
    },
    link: (c, n) => links.link(c, n),
    park: (c, part, parked) => links.park(c, part, parked),
    clear: (c, applied) => links.clear(c, applied),
  }
  return { store, linkNow, linked: () => linked }
}

export function crnLinksContract(name: string, make: () => CrnLinks<Parts>) {
  describe(`${name}: parking`, () => {
    it('an unknown CRN is not linked and has nothing parked', async () => {
      expect(await make().get(freshCrn())).toEqual({ nomsNumber: null, parked: {} })
    })

    it('a parked part is kept under its CRN with when it occurred', async () => {
      const links = make()
      const crn = freshCrn()
      await links.park(crn, 'tier', tier('B', T1))
      expect(await links.get(crn)).toEqual({ nomsNumber: null, parked: { tier: tier('B', T1) } })
    })

    it('park keeps the newest of each part: an older park does not overwrite a newer one', async () => {
      const links = make()
      const crn = freshCrn()
      await links.park(crn, 'tier', tier('B', T2))
      await links.park(crn, 'tier', tier('A', T1))
      expect((await links.get(crn)).parked.tier).toEqual(tier('B', T2))
    })

    it('a newer park replaces the one parked', async () => {
      const links = make()
      const crn = freshCrn()
      await links.park(crn, 'tier', tier('B', T1))
      await links.park(crn, 'tier', tier('C', T3))
      expect((await links.get(crn)).parked.tier).toEqual(tier('C', T3))
    })

    it('each part is kept on its own: parking one never touches another', async () => {
      const links = make()
      const crn = freshCrn()
      await links.park(crn, 'tier', tier('B', T3))
      await links.park(crn, 'com', com('STAFF1', T1))
      await links.park(crn, 'tier', tier('A', T2))
      expect((await links.get(crn)).parked).toEqual({ tier: tier('B', T3), com: com('STAFF1', T1) })
    })

    it('parts are kept per CRN', async () => {
      const links = make()
      const [a, b] = [freshCrn(), freshCrn()]
      await links.park(a, 'tier', tier('B', T1))
      expect((await links.get(b)).parked).toEqual({})
    })
  })

  describe(`${name}: linking`, () => {
    it('link records the prisoner and returns what was parked under the CRN', async () => {
      const links = make()
      const crn = freshCrn()
      await links.park(crn, 'tier', tier('B', T1))
      await links.park(crn, 'com', com('STAFF1', T2))
      expect(await links.link(crn, 'A1234BC')).toEqual({
        nomsNumber: 'A1234BC',
        parked: { tier: tier('B', T1), com: com('STAFF1', T2) },
      })
      expect((await links.get(crn)).nomsNumber).toBe('A1234BC')
    })

    it('link of a CRN with nothing parked returns the link and no parts', async () => {
      const links = make()
      const crn = freshCrn()
      expect(await links.link(crn, 'A1234BC')).toEqual({ nomsNumber: 'A1234BC', parked: {} })
      expect(await links.get(crn)).toEqual({ nomsNumber: 'A1234BC', parked: {} })
    })

    it('parking after the link keeps the link', async () => {
      const links = make()
      const crn = freshCrn()
      await links.link(crn, 'A1234BC')
      await links.park(crn, 'tier', tier('B', T1))
      expect(await links.get(crn)).toEqual({ nomsNumber: 'A1234BC', parked: { tier: tier('B', T1) } })
    })
  })

  describe(`${name}: clear`, () => {
    it('clear removes a part only when it is still the one applied (same at)', async () => {
      const links = make()
      const crn = freshCrn()
      await links.park(crn, 'tier', tier('B', T2))
      await links.park(crn, 'com', com('STAFF1', T1))
      await links.clear(crn, { tier: T1, com: T1 })
      expect((await links.get(crn)).parked).toEqual({ tier: tier('B', T2) })
    })

    it('a part parked since the one applied stays', async () => {
      const links = make()
      const crn = freshCrn()
      await links.park(crn, 'tier', tier('B', T1))
      const applied = await links.link(crn, 'A1234BC')
      await links.park(crn, 'tier', tier('C', T2))
      await links.clear(crn, { tier: applied.parked.tier?.at })
      expect((await links.get(crn)).parked).toEqual({ tier: tier('C', T2) })
    })

    it('clear keeps the link, and clearing what is not parked is no error', async () => {
      const links = make()
      const crn = freshCrn()
      await links.link(crn, 'A1234BC')
      await links.park(crn, 'tier', tier('B', T1))
      await links.clear(crn, { tier: T1, com: T1 })
      await links.clear(crn, { tier: T1 })
      expect(await links.get(crn)).toEqual({ nomsNumber: 'A1234BC', parked: {} })
      await expect(links.clear(freshCrn(), { tier: T1 })).resolves.toBeUndefined()
    })

    it('clear with nothing applied changes nothing', async () => {
      const links = make()
      const crn = freshCrn()
      await links.park(crn, 'tier', tier('B', T1))
      await links.clear(crn, {})
      await links.clear(crn, { tier: undefined })
      expect((await links.get(crn)).parked).toEqual({ tier: tier('B', T1) })
    })
  })

  describe(`${name}: parkUntilLinked`, () => {
    it("returns 'parked' before the CRN is linked, and the part is parked", async () => {
      const links = make()
      const crn = freshCrn()
      expect(await parkUntilLinked(links, crn, 'tier', tier('B', T1))).toBe('parked')
      expect((await links.get(crn)).parked.tier).toEqual(tier('B', T1))
    })

    it('returns the prisoner once the CRN is linked (nothing parked: the caller applies it now)', async () => {
      const links = make()
      const crn = freshCrn()
      await links.link(crn, 'A1234BC')
      expect(await parkUntilLinked(links, crn, 'tier', tier('B', T1))).toEqual({ nomsNumber: 'A1234BC' })
      expect((await links.get(crn)).parked).toEqual({})
    })

    it('park then link: the link returns the parked part', async () => {
      const links = make()
      const crn = freshCrn()
      expect(await parkUntilLinked(links, crn, 'com', com('STAFF1', T1))).toBe('parked')
      expect((await links.link(crn, 'A1234BC')).parked.com).toEqual(com('STAFF1', T1))
    })

    it('link then park: the part is applied at once', async () => {
      const links = make()
      const crn = freshCrn()
      expect((await links.link(crn, 'A1234BC')).parked).toEqual({})
      expect(await parkUntilLinked(links, crn, 'com', com('STAFF1', T1))).toEqual({ nomsNumber: 'A1234BC' })
    })

    for (const step of [
      'before-first-get',
      'between-get-and-park',
      'between-park-and-get',
      'after-second-get',
    ] as const) {
      it(`a link racing the park (${step}) never loses the part: applied by the parker or returned to the linker`, async () => {
        const links = make()
        const crn = freshCrn()
        const race = racing(links, step, crn, 'A1234BC')
        if (step === 'before-first-get') await race.linkNow()
        const outcome = await parkUntilLinked(race.store, crn, 'tier', tier('B', T1))
        const applied = outcome !== 'parked' && outcome.nomsNumber === 'A1234BC'
        const returned = race.linked()?.parked.tier?.at === T1
        expect(applied || returned).toBe(true)
        expect(race.linked()?.nomsNumber).toBe('A1234BC')
        // when the parker applies it after parking it, the part is still parked for it to read and clear
        if (applied && step === 'between-get-and-park') {
          expect((await links.get(crn)).parked.tier).toEqual(tier('B', T1))
        }
      })
    }
  })
}
