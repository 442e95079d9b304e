// A small in-memory stand-in for the linli server (docs/api.md), for working on the console
// without the C++ build: `node dev/mock-server.mjs [port] [web-root]`. Not a reference: the real
// server is the contract. The e2e tests use it only when LINLI_MOCK=1.
import { createServer } from 'node:http'
import { readFileSync, existsSync, statSync } from 'node:fs'
import { join, extname, resolve } from 'node:path'

const port = Number(process.argv[2] || 8080)
const root = resolve(process.argv[3] || 'dist')

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const idCheck = (s) => '10X98765432'[[...s.slice(0, 17)].reduce((a, c, i) => a + Number(c) * W[i], 0) % 11]
const makeId = (birth, seq) => { const f = `110112${birth}${seq}`; return f + idCheck(f) }
const mask = (id) => (id ? id[0] + '*'.repeat(id.length - 2) + id.at(-1) : '')
const maskPhone = (p) => (p && p.length === 11 ? p.slice(0, 3) + '****' + p.slice(7) : p)

let nextId = 1000
const db = { communities: [], compounds: [], buildings: [], units: [], households: [], residents: [], grids: [] }
const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'
const given = ['秀英', '建国', '桂兰', '志强', '艳', '伟', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '杰', '娟']
let seed = 7
const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n)
db.communities.push({ id: 1, code: '110112004001', name: '四员厅社区', street_name: '中仓街道', district: '通州区' })
const compoundNames = ['水月院', '新华园', '紫荆苑', '运河湾']
compoundNames.forEach((cn, ci) => {
  const c = { id: ++nextId, community_id: 1, name: cn, address: `通州区新华东街${ci + 10}号`, property_company: ci % 2 ? '京通物业' : '' }
  db.compounds.push(c)
  for (let b = 1; b <= 3 + ci; b++) {
    const bd = { id: ++nextId, compound_id: c.id, name: `${b}号楼`, floors: 6, x: ci * 10 + b, y: ci, grid_id: null }
    db.buildings.push(bd)
    for (let u = 1; u <= 2; u++) {
      const un = { id: ++nextId, building_id: bd.id, name: `${u}单元` }
      db.units.push(un)
      for (let f = 1; f <= 3; f++) for (let d = 1; d <= 2; d++) {
        const h = { id: ++nextId, unit_id: un.id, door: `${f}0${d}`, area_m2: 60 + rnd(60) + 0.5, phone: '', developer_unsold: false, note: '' }
        db.households.push(h)
        const n = 1 + rnd(3)
        for (let r = 0; r < n; r++) {
          const birth = `19${40 + rnd(60)}0${1 + rnd(9)}1${rnd(9)}`
          const seq = String(100 + rnd(899))
          const tags = []
          if (rnd(10) === 0) tags.push({ code: 'elderly_alone', detail: '' })
          if (rnd(8) === 0) tags.push({ code: 'party_member', detail: '' })
          if (rnd(15) === 0) tags.push({ code: 'disabled', detail: '肢体' })
          if (rnd(15) === 0) tags.push({ code: 'low_income', detail: '' })
          const id = makeId(birth, seq)
          db.residents.push({ id: ++nextId, household_id: h.id, name: surnames[rnd(20)] + given[rnd(16)], id_number: id, sex: Number(id[16]) % 2 ? 'male' : 'female',
            birth_date: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`, phone: `139${String(10000000 + rnd(89999999))}`, relation: r === 0 ? '户主' : r === 1 ? '配偶' : '子女',
            is_owner: r === 0, tags, note: '' })
        }
      }
    }
  }
})
db.buildings.forEach((b, i) => { const g = Math.floor(i / 5) + 1; if (!db.grids[g - 1]) db.grids.push({ id: ++nextId, community_id: 1, code: `110112004001${String(g).padStart(3, '0')}`, name: `第${g}网格`, worker_name: `${surnames[g]}${given[g]}`, worker_phone: `1380000000${g}` }); b.grid_id = db.grids[g - 1].id })

const by = (k, v) => (x) => x[k] === v
const unitOf = (h) => db.units.find(by('id', h.unit_id))
const bldOf = (u) => db.buildings.find(by('id', u.building_id))
const cmpOf = (b) => db.compounds.find(by('id', b.compound_id))
const gridOf = (b) => db.grids.find(by('id', b.grid_id)) ?? null
const hhResidents = (h) => db.residents.filter(by('household_id', h.id))
const vuln = new Set(['elderly_alone', 'gugua', 'low_income', 'tekun', 'disabled', 'left_behind'])
function householdOut(h) {
  const u = unitOf(h), b = bldOf(u), c = cmpOf(b), g = gridOf(b), rs = hhResidents(h)
  return { ...h, building_id: b.id, compound_id: c.id, community_id: 1, address: `${c.name}${b.name}${u.name}${h.door}`, grid_id: g?.id ?? null, grid_name: g?.name ?? null,
    worker_name: g?.worker_name ?? null, resident_count: rs.length, head_name: rs.find((r) => r.relation === '户主')?.name ?? null }
}
function residentOut(r) { const h = householdOut(db.households.find(by('id', r.household_id))); return { ...r, id_number: mask(r.id_number), phone: maskPhone(r.phone), address: h.address, unit_id: h.unit_id, building_id: h.building_id, compound_id: h.compound_id, community_id: 1, grid_id: h.grid_id } }
const hhOfUnit = (u) => db.households.filter(by('unit_id', u.id))
const unitCounts = (u) => ({ households_count: hhOfUnit(u).length, residents_count: hhOfUnit(u).reduce((s, h) => s + hhResidents(h).length, 0) })
const bldOut = (b) => { const us = db.units.filter(by('building_id', b.id)); const cs = us.map(unitCounts); const g = gridOf(b); return { ...b, grid_code: g?.code ?? null, grid_name: g?.name ?? null, units_count: us.length, households_count: cs.reduce((s, x) => s + x.households_count, 0), residents_count: cs.reduce((s, x) => s + x.residents_count, 0) } }
const cmpOut = (c) => { const bs = db.buildings.filter(by('compound_id', c.id)).map(bldOut); return { ...c, buildings_count: bs.length, households_count: bs.reduce((s, x) => s + x.households_count, 0), residents_count: bs.reduce((s, x) => s + x.residents_count, 0) } }
const comOut = (c) => { const cs = db.compounds.map(cmpOut); return { ...c, street_code: c.code.slice(0, 9), compounds_count: cs.length, buildings_count: db.buildings.length, units_count: db.units.length, households_count: db.households.length, residents_count: db.residents.length, grids_count: db.grids.length } }
const gridOut = (g) => { const bs = db.buildings.filter(by('grid_id', g.id)); const hs = db.households.filter((h) => bs.includes(bldOf(unitOf(h)))); const rs = db.residents.filter((r) => hs.some((h) => h.id === r.household_id)); return { ...g, buildings_count: bs.length, households_count: hs.length, residents_count: rs.length, vulnerable_count: rs.filter((r) => r.tags.some((t) => vuln.has(t.code))).length } }

const page = (items, q) => { const off = Number(q.get('offset') || 0), lim = Number(q.get('limit') || 50); return { items: items.slice(off, off + lim), total: items.length, offset: off, limit: lim } }
const err = (status, code, message, details = []) => ({ status, body: { error: { code, message, field: details[0]?.field ?? '', details } } })
function validateResident(b) {
  const d = []
  if ('name' in b && !b.name) d.push({ field: 'name', reason: 'required', message: '姓名不能为空' })
  if (b.id_number) {
    const id = b.id_number.toUpperCase()
    if (id.length !== 18) d.push({ field: 'id_number', reason: 'id_number_length', message: '身份证号应为18位' })
    else if (idCheck(id) !== id[17]) d.push({ field: 'id_number', reason: 'id_number_checksum', message: '身份证号校验位不正确' })
  }
  if (b.phone && !/^1[3-9]\d{9}$/.test(b.phone)) d.push({ field: 'phone', reason: 'phone_format', message: '手机号格式不正确' })
  return d
}
const imports = new Map()
function filterHouseholds(q) {
  let hs = db.households.map(householdOut)
  for (const k of ['compound_id', 'building_id', 'unit_id', 'grid_id']) if (q.get(k)) hs = hs.filter((h) => h[k] === Number(q.get(k)))
  const s = q.get('q')
  if (s) { const parts = s.split(/\s+/); hs = hs.filter((h) => parts.every((p) => h.address.includes(p) || hhResidents(h).some((r) => r.name.includes(p)))) }
  return hs
}

function route(method, path, q, body) {
  let m
  if (path === '/api/v1/meta') return { body: { version: 'mock', tags: [
    ['elderly_alone', '独居老人', 'Elderly living alone', true], ['gugua', '孤寡老人', 'Elderly without family', true], ['low_income', '低保', 'Minimum living allowance', true], ['tekun', '特困', 'Extreme poverty', true],
    ['disabled', '残疾', 'Disabled', true], ['left_behind', '留守', 'Left behind', true], ['party_member', '党员', 'Party member', false], ['volunteer', '志愿者', 'Volunteer', false], ['custom', '自定义', 'Custom', false],
  ].map(([code, label_zh, label_en, vulnerable]) => ({ code, label_zh, label_en, vulnerable })), relations: ['户主', '配偶', '子女', '父母', '其他'], import_fields: FIELDS } }
  if (path === '/api/v1/communities') return { body: page(db.communities.map(comOut), q) }
  if (path === '/api/v1/compounds') return { body: page(db.compounds.filter(by('community_id', Number(q.get('community_id')))).map(cmpOut), q) }
  if (path === '/api/v1/buildings' && method === 'GET') return { body: page(db.buildings.filter(by('compound_id', Number(q.get('compound_id')))).map(bldOut), q) }
  if ((m = path.match(/^\/api\/v1\/buildings\/(\d+)$/))) { const b = db.buildings.find(by('id', Number(m[1]))); if (method === 'PATCH') Object.assign(b, body); return { body: bldOut(b) } }
  if (path === '/api/v1/units') return { body: page(db.units.filter(by('building_id', Number(q.get('building_id')))).map((u) => ({ ...u, ...unitCounts(u) })), q) }
  if (path === '/api/v1/households') return { body: page(filterHouseholds(q), q) }
  if ((m = path.match(/^\/api\/v1\/households\/(\d+)$/))) {
    const h = db.households.find(by('id', Number(m[1])))
    if (!h) return err(404, 'not_found', '找不到这户')
    if (method === 'DELETE') { db.households = db.households.filter((x) => x !== h); db.residents = db.residents.filter((r) => r.household_id !== h.id); return { status: 204 } }
    if (method === 'PATCH') { if (body.area_m2 !== undefined && !(body.area_m2 > 0)) return err(400, 'invalid_argument', '面积必须大于0', [{ field: 'area_m2', reason: 'area_positive', message: '面积必须大于0' }]); Object.assign(h, body) }
    const o = householdOut(h), u = unitOf(h), b = bldOf(u), c = cmpOf(b), g = gridOf(b)
    return { body: { ...o, unit: { id: u.id, name: u.name }, building: { id: b.id, name: b.name }, compound: { id: c.id, name: c.name }, grid: g && { id: g.id, code: g.code, name: g.name, worker_name: g.worker_name, worker_phone: g.worker_phone }, residents: hhResidents(h).map(residentOut) } }
  }
  if (path === '/api/v1/residents' && method === 'GET') { let rs = db.residents.map(residentOut); if (q.get('tag')) rs = rs.filter((r) => r.tags.some((t) => t.code === q.get('tag'))); if (q.get('q')) rs = rs.filter((r) => r.name.includes(q.get('q')) || r.address.includes(q.get('q'))); return { body: page(rs, q) } }
  if (path === '/api/v1/residents' && method === 'POST') { const d = validateResident(body); if (d.length) return err(400, 'invalid_argument', d[0].message, d); const r = { id: ++nextId, tags: [], note: '', sex: 'unknown', birth_date: '', phone: '', id_number: '', relation: '', is_owner: false, ...body }; db.residents.push(r); return { status: 201, body: residentOut(r) } }
  if ((m = path.match(/^\/api\/v1\/residents\/(\d+)$/))) {
    const r = db.residents.find(by('id', Number(m[1])))
    if (method === 'DELETE') { db.residents = db.residents.filter((x) => x !== r); return { status: 204 } }
    if (method === 'PATCH') { const d = validateResident(body); if (d.length) return err(400, 'invalid_argument', d[0].message, d); Object.assign(r, body) }
    return { body: residentOut(r) }
  }
  if (path === '/api/v1/grids') return { body: page(db.grids.map(gridOut), q) }
  if ((m = path.match(/^\/api\/v1\/grids\/(\d+)$/))) { const g = db.grids.find(by('id', Number(m[1]))); if (method === 'PATCH') Object.assign(g, body); return { body: gridOut(g) } }
  if ((m = path.match(/^\/api\/v1\/grids\/(\d+)\/buildings$/))) { for (const id of body.building_ids) db.buildings.find(by('id', id)).grid_id = Number(m[1]); return { body: gridOut(db.grids.find(by('id', Number(m[1])))) } }
  if (path === '/api/v1/grid-plans') {
    const bs = db.buildings.map(bldOut)
    const total = bs.reduce((s, b) => s + b.households_count, 0)
    const n = body.grid_count || Math.max(1, Math.ceil(total / (body.households_per_worker || 150)))
    const grids = Array.from({ length: n }, (_, i) => ({ code: `110112004001${String(i + 1).padStart(3, '0')}`, name: `第${i + 1}网格`, building_ids: [], buildings: [], households: 0 }))
    for (const b of [...bs].sort((a, b) => b.households_count - a.households_count)) { const g = grids.reduce((a, x) => (x.households < a.households ? x : a)); g.building_ids.push(b.id); g.buildings.push({ id: b.id, name: b.name, compound_name: cmpOf(b).name, households: b.households_count }); g.households += b.households_count }
    const loads = grids.map((g) => g.households), mean = total / n, max = Math.max(...loads)
    return { body: { grids, mean, max, min: Math.min(...loads), imbalance: max / mean } }
  }
  if (path === '/api/v1/grid-plans/apply') {
    const out = body.grids.map((a) => { let g = db.grids.find(by('code', a.code)); if (!g) { g = { id: ++nextId, community_id: 1, code: a.code }; db.grids.push(g) } Object.assign(g, { name: a.name, worker_name: a.worker_name, worker_phone: a.worker_phone }); for (const id of a.building_ids) db.buildings.find(by('id', id)).grid_id = g.id; return g })
    db.grids = db.grids.filter((g) => out.includes(g))
    return { body: { items: out.map(gridOut) } }
  }
  if (path === '/api/v1/imports' && method === 'POST') {
    const rows = body.toString('utf8').trim().split(/\r?\n/).map((l) => l.split(','))
    const headers = rows[0], id = ++nextId
    const suggest = { 小区: 'compound', 楼号: 'building', 单元: 'unit', 门牌号: 'door', 建筑面积: 'area_m2', 面积: 'area_m2', 姓名: 'name', 身份证号: 'id_number', 性别: 'sex', 联系电话: 'phone', 与户主关系: 'relation' }
    const mapping = {}; headers.forEach((h, i) => { if (suggest[h]) mapping[suggest[h]] = i })
    imports.set(id, rows)
    return { status: 201, body: { id, filename: q.get('filename'), format: 'csv', encoding: 'UTF-8', headers, row_count: rows.length - 1, sample: rows.slice(1, 6), mapping, fields: FIELDS } }
  }
  if ((m = path.match(/^\/api\/v1\/imports\/(\d+)\/(check|commit)$/))) {
    const rows = imports.get(Number(m[1])), mp = body.mapping, errors = []
    rows.slice(1).forEach((r, i) => {
      const row = i + 2, id = r[mp.id_number] ?? ''
      if (id && idCheck(id) !== id[17]) errors.push({ row, column: rows[0][mp.id_number], field: 'id_number', reason: 'id_number_checksum', message: '身份证号校验位不正确' })
      if (!(Number(r[mp.area_m2]) > 0)) errors.push({ row, column: rows[0][mp.area_m2], field: 'area_m2', reason: 'area_positive', message: '面积必须大于0' })
    })
    const invalid = new Set(errors.map((e) => e.row)).size
    const res = { valid_rows: rows.length - 1 - invalid, invalid_rows: invalid, errors }
    if (m[2] === 'check') return { body: res }
    if (invalid && !body.skip_invalid) return err(400, 'invalid_argument', `${invalid}行有问题`, errors.map((e) => ({ field: `rows[${e.row}].${e.field}`, reason: e.reason, message: e.message })))
    return { body: { stats: { compounds_created: 1, buildings_created: 2, units_created: 3, households_created: 4, households_updated: 0, residents_created: res.valid_rows, residents_updated: 0, unchanged_rows: 0 }, skipped: invalid } }
  }
  return err(404, 'not_found', '没有这个接口')
}
const FIELDS = [['compound', '小区', 'Compound', true], ['building', '楼号', 'Building', true], ['unit', '单元', 'Unit', false], ['door', '门牌号', 'Door', true], ['area_m2', '面积', 'Area (m²)', true],
  ['household_phone', '户联系电话', 'Household phone', false], ['name', '姓名', 'Name', true], ['id_number', '身份证号', 'ID number', false], ['sex', '性别', 'Sex', false], ['birth_date', '出生日期', 'Birth date', false],
  ['phone', '手机号', 'Mobile', false], ['relation', '与户主关系', 'Relation', false], ['is_owner', '是否产权人', 'Owner', false], ['tags', '标签', 'Tags', false]].map(([key, label_zh, label_en, required]) => ({ key, label_zh, label_en, required }))

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' }
createServer((req, res) => {
  const u = new URL(req.url, 'http://x')
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    if (u.pathname === '/healthz') return res.end('{"status":"ok"}')
    if (u.pathname.startsWith('/api/')) {
      const raw = Buffer.concat(chunks)
      const body = u.pathname === '/api/v1/imports' ? raw : raw.length ? JSON.parse(raw) : {}
      const out = route(req.method, u.pathname, u.searchParams, body)
      res.writeHead(out.status || 200, { 'Content-Type': 'application/json' })
      return res.end(out.body ? JSON.stringify(out.body) : '')
    }
    let file = join(root, u.pathname)
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html')
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream', 'Content-Security-Policy': "script-src 'self'" })
    res.end(readFileSync(file))
  })
}).listen(port, '127.0.0.1', () => console.log(`mock linli on http://127.0.0.1:${port}`))
