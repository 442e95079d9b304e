// Open311 GeoReport v2 with a real third-party client, unmodified: the npm package `open311`
// 0.0.12 (Code for America's node-open311, pinned in web/package.json). It discovers the endpoint
// from discovery.json, lists the services, posts a request with an api_key (an API token of
// /api/v1/tokens) and a jurisdiction_id, reads it back by id and lists the open requests.
//
// What the client needed, and what linli does about it:
// - The published package depends on `sparkxml` from a git URL (not in any registry) and on
//   xml2json 0.2.4, whose node-expat 1.4 does not build on Node 20. Both are XML parsers that the
//   client loads but calls only in XML mode; web/package.json overrides them with a stand-in that
//   throws (e2e/open311-client/xml-unavailable), and the client runs in JSON mode (it picks JSON
//   itself from the discovery document). The client's own code is the published one.
// - It sends `jurisdiction_id` on every call (the spec: required only where an endpoint serves
//   several jurisdictions); linli serves one and accepts it.
// - Its reads send no api_key of their own (the spec leaves keys on reads to the server); linli
//   requires one on requests (they carry residents' words and addresses), and the client's own
//   `params` argument carries it. Its token() lookup has no params argument, so it cannot send a
//   key and is not used here.
// The second test looks at the console: a merged child shows its parent's reply as a
// 主诉求已答复 event naming the parent, and a 咨询 closed on the spot shows its answer as the reply.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import Open311 from 'open311'
import { withServer, newPage, shot, api, apiPost, session, DESKTOP } from './helpers.mjs'

/** The client's callbacks as promises: resolves with the data, rejects with the client's error. */
const call = (fn, ...args) =>
  new Promise((ok, fail) => fn(...args, (err, data) => (err ? fail(new Error(`${err}: ${data}`)) : ok(data))))

/** A household of the demo community with its display address (to type as address_string). */
async function someHousehold(url) {
  const page = await api(url, '/households?limit=5', 'staff')
  const h = page.items.find((x) => x.address && /号楼|栋|座/.test(x.address))
  assert.ok(h, 'the demo community has households with building addresses')
  return { id: h.household?.id ?? h.id, address: h.address }
}

test('open311: the npm open311 client discovers, lists services, posts with an api_key, reads back, lists', async (t) => {
  await withServer(t, async ({ url }) => {
    const staff = await session(url, 'staff')
    const communityId = staff.me.user.community_ids[0]
    assert.ok(communityId, 'the demo staff account has a community')
    const token = await apiPost(url, '/tokens', { name: '第三方 Open311 客户端', role: 'community_staff', community_ids: [communityId] }, 'admin')
    assert.match(token.token, /^llt_/)

    const client = new Open311({ discovery: `${url}/open311/v2/discovery.json`, jurisdiction: 'linli' })
    const discovery = await call(client.serviceDiscovery.bind(client), { cache: true })
    assert.equal(discovery.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2')
    assert.equal(client.endpoint, `${url}/open311/v2/`, 'the endpoint comes from the discovery document')
    assert.equal(client.format, 'json')

    const services = await call(client.serviceList.bind(client))
    assert.ok(services.length > 20, `services: ${services.length}`)
    const litter = services.find((s) => s.service_code === 'environment.litter')
    assert.ok(litter, 'environment.litter is a service')
    assert.equal(litter.service_name, '垃圾清运不及时')
    assert.equal(litter.group, '环境卫生')
    assert.equal(litter.metadata, false)
    // metadata=false: there is no definition (the spec's 404), which the client reports as an error.
    await assert.rejects(call(client.serviceDefinition.bind(client), 'environment.litter'), /404/)

    // POST without a key: the client itself refuses; with a key the request is taken.
    await assert.rejects(async () => client.submitRequest({ service_code: 'environment.litter' }, () => {}), /API Key/)
    client.apiKey = token.token
    const home = await someHousehold(url)
    const made = await call(client.submitRequest.bind(client), {
      service_code: 'environment.litter',
      address_string: home.address,
      description: '楼道里的垃圾三天没有清运（Open311 客户端提交）',
      first_name: '艳',
      last_name: '刘',
      phone: '13812345678',
      email: 'liuyan@example.org',
    })
    assert.equal(made.length, 1)
    const id = made[0].service_request_id
    assert.match(id, /^LL\d{14}$/)
    assert.match(made[0].service_notice, /办理时限/)

    // A missing service_code: the spec's 400, reported by the client.
    await assert.rejects(call(client.submitRequest.bind(client), { address_string: home.address, phone: '13812345678' }), /400/)

    // Back by id (the key through the client's params argument).
    const [one] = await call(client.serviceRequest.bind(client), id, { api_key: token.token })
    assert.equal(one.service_request_id, id)
    assert.equal(one.status, 'open')
    assert.equal(one.service_code, 'environment.litter')
    assert.equal(one.description, '楼道里的垃圾三天没有清运（Open311 客户端提交）')
    assert.equal(one.address, home.address)
    assert.equal(one.address_id, home.id, 'address_string resolved to the household')
    assert.ok(one.requested_datetime instanceof Date && !Number.isNaN(one.requested_datetime.getTime()), 'requested_datetime is a date')
    assert.ok(one.expected_datetime > one.requested_datetime, 'the deadline is after the request')
    assert.equal(one.first_name ?? one.phone, undefined, 'no personal data of the reporter')

    // The list: open requests of the service, and by a list of ids.
    const open = await call(client.serviceRequests.bind(client), { status: 'open', service_code: 'environment.litter', api_key: token.token })
    assert.ok(open.some((r) => r.service_request_id === id), 'the new request is among the open ones')
    assert.ok(open.every((r) => r.status === 'open' && r.service_code === 'environment.litter'))
    const byIds = await call(client.serviceRequests.bind(client), [id], { api_key: token.token })
    assert.deepEqual(byIds.map((r) => r.service_request_id), [id])
    // Without a key linli answers 403, which the client reports as an error.
    await assert.rejects(call(client.serviceRequest.bind(client), id), /403/)

    // The console sees it as an Open311 demand of the token's community, resolved to the household.
    const list = await api(url, `/demands?q=${id}`, 'staff')
    assert.equal(list.items.length, 1)
    const d = list.items[0]
    assert.equal(d.channel, 'open311')
    assert.equal(d.community_id, communityId)
    assert.equal(d.household_id, home.id)
    assert.equal(d.address_resolved, true)
    assert.equal(d.reporter_name, '刘艳')
  })
})

test('open311/demands: a merged child shows its parent\'s reply as its own event; a 咨询 closed on the spot shows its answer', async (t) => {
  await withServer(t, async ({ url, browser }) => {
    const staff = await session(url, 'staff')
    const communityId = staff.me.user.community_ids[0]
    const intake = (description, extra = {}) =>
      apiPost(url, '/demands', {
        channel: 'phone', nature: 'complaint', category_code: 'noise.square_dance', urgency: 'normal', description,
        address_text: '小区中心广场', community_id: communityId, reporter_phone: '13812345678', ...extra,
      })
    const parent = (await intake('晚上广场舞音响太吵')).demand
    const child = (await intake('广场舞声音大，九点后还在跳', { parent_id: parent.id })).demand
    assert.equal(child.status, 'merged')
    await apiPost(url, `/demands/${parent.id}/actions`, { action: 'dispatch', assignee_kind: 'worker', assignee_user_id: staff.me.user.id })
    for (const action of ['sign', 'contact']) await apiPost(url, `/demands/${parent.id}/actions`, { action })
    await apiPost(url, `/demands/${parent.id}/actions`, { action: 'reply', note: '已与广场舞队约定音量减半，九点前结束' })
    const detail = await api(url, `/demands/${child.id}`)
    assert.equal(detail.demand.reply, '已与广场舞队约定音量减半，九点前结束')
    const last = detail.events.at(-1)
    assert.equal(last.action, 'parent_replied')
    assert.equal(last.note, `并案主诉求 ${parent.number} 已答复：已与广场舞队约定音量减半，九点前结束`)

    const page = await newPage(browser, DESKTOP, { user: 'staff' })
    await page.goto(`${url}/demands/${child.id}`)
    const timeline = page.locator('[data-test=demand-timeline]')
    await timeline.waitFor()
    await timeline.getByText('主诉求已答复').first().waitFor()
    assert.ok((await timeline.innerText()).includes(`并案主诉求 ${parent.number} 已答复`))
    await shot(page, 'demand-merged-child-timeline')

    // A 咨询 answered on the spot: 办结 straight from 已登记 with the answer, which shows as the reply.
    // Other natures offer no 办结 before dispatch.
    const other = (await intake('楼下有人晚上练歌')).demand
    await page.goto(`${url}/demands/${other.id}`)
    await page.locator('[data-test=act-dispatch]').waitFor()
    assert.equal(await page.locator('[data-test=act-close]').count(), 0)
    const consult = (await intake('广场舞活动要去哪里报备？', { nature: 'consult' })).demand
    await page.goto(`${url}/demands/${consult.id}`)
    await page.locator('[data-test=act-close]').click()
    // The note is the answer, so it is asked for as one and required.
    const noteLabel = page.locator('.el-form-item__label', { hasText: '答复内容' })
    await noteLabel.waitFor()
    assert.ok(!(await noteLabel.innerText()).includes('选填'))
    await page.locator('textarea[data-test=action-note]').fill('到社区服务站一楼登记，工作日九点到五点')
    await page.locator('[data-test=action-submit]').click()
    await page.locator('[data-test=demand-reply]').waitFor()
    assert.equal(await page.locator('[data-test=demand-reply]').innerText(), '到社区服务站一楼登记，工作日九点到五点')
    assert.equal(await page.locator('[data-test=demand-status]').innerText(), '已办结')
    await shot(page, 'demand-consult-closed-on-the-spot')
    assert.deepEqual(page.errors, [])
    await page.context().close()
  })
})
