import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { crnLinkKey, DynamoCrnLinks, parkUntilLinked } from '../../src'
import { crnLinksContract, freshCrn, type Parts, partSchemas } from '../crn-links-contract'

let tables: Awaited<ReturnType<typeof serviceTables>>
let links: DynamoCrnLinks<Parts>

beforeAll(async () => {
  tables = await serviceTables('handover')
  links = new DynamoCrnLinks<Parts>(tables.client, tables.tableName, partSchemas)
})
afterAll(() => tables.drop())

crnLinksContract('DynamoCrnLinks on DynamoDB Local', () => links)

/** Writes the CRN's item as it might stand in the table (an older writer, a hand edit, a bug). */
async function stored(crn: string, item: Record<string, unknown>) {
  await tables.client.send(new PutCommand({ TableName: tables.tableName, Item: { ...crnLinkKey(crn), ...item } }))
}

const AT = '2026-05-01T10:00:00.000Z'

describe('DynamoCrnLinks: the stored item', () => {
  it('is pk CRN#<crn>, sk CRN, with nomsNumber and parked.<part> = {at, value}', async () => {
    const crn = freshCrn()
    await links.park(crn, 'tier', { at: AT, value: { tier: 'B', calculationId: 'c-1' } })
    await links.link(crn, 'A1234BC')
    const out = await tables.client.send(
      new GetCommand({ TableName: tables.tableName, Key: { pk: `CRN#${crn}`, sk: 'CRN' } }),
    )
    expect(out.Item).toMatchObject({
      nomsNumber: 'A1234BC',
      parked: { tier: { at: AT, value: { tier: 'B', calculationId: 'c-1' } } },
    })
  })

  it('values are parsed with the part schemas on the way out (defaults applied)', async () => {
    const crn = freshCrn()
    await stored(crn, { parked: { com: { at: AT, value: { staffCode: 'STAFF1' } } } })
    expect((await links.get(crn)).parked).toEqual({ com: { at: AT, value: { staffCode: 'STAFF1', grade: 'PO' } } })
  })

  it('an invalid stored value is dropped, the valid parts beside it kept', async () => {
    const crn = freshCrn()
    await stored(crn, {
      nomsNumber: 'A1234BC',
      parked: {
        tier: { at: AT, value: { tier: 'not a tier', calculationId: 'c-1' } },
        com: { at: AT, value: { staffCode: 'STAFF1', grade: 'PSO' } },
      },
    })
    expect(await links.get(crn)).toEqual({
      nomsNumber: 'A1234BC',
      parked: { com: { at: AT, value: { staffCode: 'STAFF1', grade: 'PSO' } } },
    })
    expect((await links.link(crn, 'A1234BC')).parked).toEqual({
      com: { at: AT, value: { staffCode: 'STAFF1', grade: 'PSO' } },
    })
  })

  it('a stored part without its at, or of a kind the store was not given, is dropped', async () => {
    const crn = freshCrn()
    await stored(crn, {
      parked: {
        tier: { value: { tier: 'B', calculationId: 'c-1' } },
        unknownPart: { at: AT, value: { anything: true } },
      },
    })
    expect(await links.get(crn)).toEqual({ nomsNumber: null, parked: {} })
  })

  it('a parked attribute that is not a map, or a nomsNumber that is not a string, reads as nothing', async () => {
    const crn = freshCrn()
    await stored(crn, { nomsNumber: 42, parked: 'oops' })
    expect(await links.get(crn)).toEqual({ nomsNumber: null, parked: {} })
  })

  it('a park onto a part whose stored value is invalid replaces it (an older one still does not)', async () => {
    const crn = freshCrn()
    await stored(crn, { parked: { tier: { at: AT, value: { tier: 'bad' } } } })
    await links.park(crn, 'tier', { at: '2026-05-01T09:00:00.000Z', value: { tier: 'A', calculationId: 'old' } })
    expect((await links.get(crn)).parked).toEqual({})
    await links.park(crn, 'tier', { at: '2026-05-01T11:00:00.000Z', value: { tier: 'C', calculationId: 'new' } })
    expect((await links.get(crn)).parked.tier?.value).toEqual({ tier: 'C', calculationId: 'new' })
  })

  it('concurrent parks of one part keep the newest, whatever order they land in', async () => {
    const crn = freshCrn()
    const ats = Array.from({ length: 8 }, (_, i) => `2026-05-01T1${i}:00:00.000Z`)
    await Promise.all(
      [...ats].reverse().map(at => links.park(crn, 'tier', { at, value: { tier: 'B', calculationId: at } })),
    )
    expect((await links.get(crn)).parked.tier?.at).toBe(ats.at(-1))
  })

  it('concurrent link and parks: every part is either returned by the link or applied by its parker', async () => {
    const crn = freshCrn()
    const [linked, tierOutcome, comOutcome] = await Promise.all([
      links.link(crn, 'A1234BC'),
      parkUntilLinked(links, crn, 'tier', { at: AT, value: { tier: 'B', calculationId: 'c-1' } }),
      parkUntilLinked(links, crn, 'com', { at: AT, value: { staffCode: 'S1', grade: 'PO' } }),
    ])
    expect(tierOutcome !== 'parked' || linked.parked.tier !== undefined).toBe(true)
    expect(comOutcome !== 'parked' || linked.parked.com !== undefined).toBe(true)
  })
})
