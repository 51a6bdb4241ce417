// Conformance of qedge-server with Qdrant's official JavaScript REST client
// (@qdrant/js-client-rest 1.18): every family the server serves, each answer
// checked against values computed here by brute force.
//
//   node conformance.mjs URL [--api-key KEY] [--xfail name,name,...] [--only name,...]
//
// Checks named in --xfail must fail (strict, as pytest's xfail(strict=True)):
// the runner passes the families the server does not serve yet. Exit 0 when
// every other check passes and every xfail check fails.
import assert from 'node:assert/strict';
import { QdrantClient } from '@qdrant/js-client-rest';

const args = process.argv.slice(2);
const url = args[0];
const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
};
const apiKey = opt('--api-key');
const xfail = new Set((opt('--xfail') ?? '').split(',').filter(Boolean));
const only = new Set((opt('--only') ?? '').split(',').filter(Boolean));
if (!url) {
    console.error('usage: node conformance.mjs URL [--api-key KEY] [--xfail a,b] [--only a,b]');
    process.exit(2);
}

// The api-key-over-http warning is expected on loopback.
const warn = console.warn;
console.warn = (...m) => (String(m[0]).includes('Api key') ? undefined : warn(...m));
const client = new QdrantClient({ url, apiKey, checkCompatibility: false });
const prefix = `js_${process.pid}_`;

// ---- data and brute force -------------------------------------------------
function rng(seed) {
    let s = seed >>> 0;
    return () => {
        s = (s * 1664525 + 1013904223) >>> 0;
        return s / 2 ** 32;
    };
}
const N = 30;
const CITIES = ['Berlin', 'London', 'Paris', 'Rome'];
const rand = rng(11);
const IDS = Array.from({ length: N }, (_, i) => i + 1);
// Values exactly representable in f32 (multiples of 1/64) so sums agree.
const VECTORS = IDS.map(() => Array.from({ length: 4 }, () => Math.round((rand() * 2 - 1) * 64) / 64));
const PAYLOADS = IDS.map((id, i) => ({ city: CITIES[Math.floor(rand() * CITIES.length)], n: (i * 5) % 7, even: id % 2 === 0 }));
const QUERY = [0.25, -0.5, 0.75, 0.125];

const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a) => Math.sqrt(dot(a, a));
const unit = (a) => a.map((x) => x / norm(a));
const SCORE = {
    Cosine: (a, q) => dot(unit(a), unit(q)),
    Dot: (a, q) => dot(a, q),
    Euclid: (a, q) => Math.sqrt(a.reduce((s, x, i) => s + (x - q[i]) ** 2, 0)),
    Manhattan: (a, q) => a.reduce((s, x, i) => s + Math.abs(x - q[i]), 0),
};
const BIGGER = { Cosine: true, Dot: true, Euclid: false, Manhattan: false };

function nearest(distance, q, { limit = 10, offset = 0, keep = () => true, threshold } = {}) {
    let rows = IDS.map((id, i) => [id, SCORE[distance](VECTORS[i], q)]).filter(([id]) => keep(id));
    rows.sort((x, y) => (BIGGER[distance] ? y[1] - x[1] : x[1] - y[1]));
    if (threshold !== undefined) rows = rows.filter(([, s]) => (BIGGER[distance] ? s > threshold : s < threshold));
    return rows.slice(offset, offset + limit);
}
const payloadOf = (id) => PAYLOADS[id - 1];

function assertRanked(points, want, what) {
    assert.deepEqual(points.map((p) => p.id), want.map((w) => w[0]), `${what}: ids`);
    points.forEach((p, i) => assert.ok(Math.abs(p.score - want[i][1]) < 1e-4, `${what}: score of ${p.id} ${p.score} != ${want[i][1]}`));
}

function statusOf(e) {
    if (typeof e?.status === 'number') return e.status;
    const m = /Unexpected Response: (\d+)/.exec(String(e?.message));
    return m ? Number(m[1]) : undefined;
}

async function rejects(promise, statuses, what) {
    try {
        await promise;
    } catch (e) {
        const s = statusOf(e);
        assert.ok(statuses.includes(s), `${what}: status ${s} not in ${statuses} (${e?.message})`);
        return;
    }
    assert.fail(`${what}: expected an error status ${statuses}`);
}

async function fresh(name, config) {
    const full = prefix + name;
    try {
        await client.deleteCollection(full);
    } catch {
        // a server without DELETE still runs the check
    }
    await client.createCollection(full, config);
    return full;
}

async function filled(name, distance = 'Cosine') {
    const c = await fresh(name, { vectors: { size: 4, distance } });
    await client.upsert(c, { wait: true, points: IDS.map((id, i) => ({ id, vector: VECTORS[i], payload: PAYLOADS[i] })) });
    return c;
}

// ---- checks ------------------------------------------------------------------
const checks = {
    async collections() {
        const c = await fresh('col', { vectors: { size: 4, distance: 'Dot' } });
        assert.deepEqual(await client.collectionExists(c), { exists: true });
        const info = await client.getCollection(c);
        assert.equal(info.config.params.vectors.size, 4);
        assert.equal(info.config.params.vectors.distance, 'Dot');
        assert.equal(info.points_count, 0);
        assert.ok((await client.getCollections()).collections.some((x) => x.name === c));
        await rejects(client.createCollection(c, { vectors: { size: 4, distance: 'Dot' } }), [409], 'create existing');
        assert.equal(await client.updateCollection(c, { optimizers_config: { indexing_threshold: 4321 } }), true);
        assert.equal((await client.getCollection(c)).config.optimizer_config.indexing_threshold, 4321);
        assert.equal(await client.deleteCollection(c), true);
        assert.deepEqual(await client.collectionExists(c), { exists: false });
        await rejects(client.getCollection(c), [404], 'get missing');
    },

    async aliases() {
        const c = await fresh('ali', { vectors: { size: 2, distance: 'Dot' } });
        const alias = `${c}_alias`;
        await client.updateCollectionAliases({ actions: [{ create_alias: { collection_name: c, alias_name: alias } }] });
        assert.deepEqual((await client.getCollectionAliases(c)).aliases, [{ alias_name: alias, collection_name: c }]);
        assert.ok((await client.getAliases()).aliases.some((a) => a.alias_name === alias));
        await client.upsert(alias, { wait: true, points: [{ id: 1, vector: [1, 2], payload: { via: 'alias' } }] });
        assert.equal((await client.count(c)).count, 1);
        await client.updateCollectionAliases({ actions: [{ delete_alias: { alias_name: alias } }] });
        assert.deepEqual((await client.getCollectionAliases(c)).aliases, []);
        await client.deleteCollection(c);
    },

    async points() {
        const c = await fresh('pts', { vectors: { size: 4, distance: 'Cosine' } });
        const r = await client.upsert(c, { wait: true, points: IDS.slice(0, 5).map((id, i) => ({ id, vector: VECTORS[i], payload: PAYLOADS[i] })) });
        assert.equal(r.status, 'completed');
        await client.upsert(c, { wait: true, batch: { ids: IDS.slice(5), vectors: VECTORS.slice(5), payloads: PAYLOADS.slice(5) } });
        assert.equal((await client.count(c)).count, N);
        const got = await client.retrieve(c, { ids: [3, 999, 1], with_payload: true, with_vector: true });
        assert.deepEqual(got.map((p) => p.id), [3, 1]);
        assert.deepEqual(got[0].payload, payloadOf(3));
        unit(VECTORS[2]).forEach((x, i) => assert.ok(Math.abs(got[0].vector[i] - x) < 1e-6, 'cosine vectors stored normalised'));
        await client.delete(c, { wait: true, points: [1, 2] });
        await client.delete(c, { wait: true, filter: { must: [{ key: 'city', match: { value: 'Berlin' } }] } });
        const left = IDS.filter((id) => id > 2 && payloadOf(id).city !== 'Berlin');
        const { points } = await client.scroll(c, { limit: 100, with_payload: false });
        assert.deepEqual(points.map((p) => p.id), left);
        await client.deleteCollection(c);
    },

    async payload() {
        const c = await fresh('pay', { vectors: { size: 2, distance: 'Dot' } });
        await client.upsert(c, { wait: true, points: [1, 2].map((id) => ({ id, vector: [1, id], payload: { a: 1, keep: id } })) });
        const pl = async (id) => (await client.retrieve(c, { ids: [id], with_payload: true }))[0].payload;
        await client.setPayload(c, { payload: { b: 2, a: 10 }, points: [1] });
        assert.deepEqual(await pl(1), { a: 10, keep: 1, b: 2 });
        await client.setPayload(c, { payload: { f: true }, filter: { must: [{ key: 'keep', match: { value: 2 } }] } });
        assert.deepEqual(await pl(2), { a: 1, keep: 2, f: true });
        await client.overwritePayload(c, { payload: { only: 'this' }, points: [2] });
        assert.deepEqual(await pl(2), { only: 'this' });
        await client.deletePayload(c, { keys: ['keep'], points: [1] });
        assert.deepEqual(await pl(1), { a: 10, b: 2 });
        await client.clearPayload(c, { points: [1] });
        assert.deepEqual((await pl(1)) ?? {}, {});
        await client.deleteCollection(c);
    },

    async vectors() {
        const c = await fresh('vec', { vectors: { a: { size: 3, distance: 'Dot' }, b: { size: 2, distance: 'Euclid' } } });
        await client.upsert(c, { wait: true, points: [{ id: 1, vector: { a: [1, 2, 3], b: [1, 1] } }] });
        await client.updateVectors(c, { points: [{ id: 1, vector: { b: [5, 6] } }] });
        let [p] = await client.retrieve(c, { ids: [1], with_vector: true });
        assert.deepEqual(p.vector, { a: [1, 2, 3], b: [5, 6] });
        await client.deleteVectors(c, { points: [1], vector: ['a'] });
        [p] = await client.retrieve(c, { ids: [1], with_vector: true });
        assert.deepEqual(p.vector, { b: [5, 6] });
        await client.deleteCollection(c);
    },

    async query() {
        for (const distance of ['Cosine', 'Dot', 'Euclid', 'Manhattan']) {
            const c = await filled(`q_${distance}`, distance);
            const { points } = await client.query(c, { query: QUERY, limit: 5 });
            assertRanked(points, nearest(distance, QUERY, { limit: 5 }), distance);
            await client.deleteCollection(c);
        }
        const c = await filled('query');
        const keep = (id) => payloadOf(id).n >= 2;
        const filter = { must: [{ key: 'n', range: { gte: 2 } }] };
        const all = await client.query(c, { query: QUERY, filter, limit: N });
        assertRanked(all.points, nearest('Cosine', QUERY, { limit: N, keep }), 'filter');
        const t = all.points[3].score;
        const cut = await client.query(c, { query: QUERY, filter, limit: N, score_threshold: t });
        assert.deepEqual(cut.points.map((p) => p.id), all.points.slice(0, 3).map((p) => p.id), 'strict threshold');
        const page = await client.query(c, { query: QUERY, filter, limit: 3, offset: 2, with_payload: true, with_vector: true });
        assertRanked(page.points, nearest('Cosine', QUERY, { limit: 3, offset: 2, keep }), 'offset');
        page.points.forEach((p) => assert.deepEqual(p.payload, payloadOf(p.id)));
        assert.equal(page.points[0].vector.length, 4);
        const batch = await client.queryBatch(c, { searches: [{ query: QUERY, limit: 2 }, { query: VECTORS[0], limit: 3 }] });
        assertRanked(batch[0].points, nearest('Cosine', QUERY, { limit: 2 }), 'batch 0');
        assertRanked(batch[1].points, nearest('Cosine', VECTORS[0], { limit: 3 }), 'batch 1');
        await client.deleteCollection(c);
    },

    async query_named_sparse() {
        const c = await fresh('named', { vectors: { a: { size: 4, distance: 'Euclid' } }, sparse_vectors: { s: {} } });
        await client.upsert(c, {
            wait: true,
            points: IDS.map((id, i) => ({ id, vector: { a: VECTORS[i], s: { indices: [id % 5, 10 + (id % 3)], values: [id / 8, 1] } } })),
        });
        const { points } = await client.query(c, { query: QUERY, using: 'a', limit: 4 });
        assertRanked(points, nearest('Euclid', QUERY, { limit: 4 }), 'using');
        const sq = { indices: [2, 11], values: [1, 0.5] };
        const want = IDS.map((id) => [id, (id % 5 === 2 ? id / 8 : 0) + (10 + (id % 3) === 11 ? 0.5 : 0)])
            .filter(([id]) => id % 5 === 2 || 10 + (id % 3) === 11)
            .sort((x, y) => y[1] - x[1] || x[0] - y[0]);
        const sparse = await client.query(c, { query: sq, using: 's', limit: 3 });
        // Ties in score may come in any order: compare scores, and ids where scores differ.
        sparse.points.forEach((p, i) => assert.ok(Math.abs(p.score - want[i][1]) < 1e-5, 'sparse score'));
        sparse.points.forEach((p) => assert.ok(want.some(([id, s]) => id === p.id && Math.abs(s - p.score) < 1e-5), 'sparse id'));
        await client.deleteCollection(c);
    },

    async groups() {
        const c = await filled('grp');
        const res = await client.queryGroups(c, { query: QUERY, group_by: 'city', limit: 2, group_size: 2 });
        const ranked = nearest('Cosine', QUERY, { limit: N });
        const want = new Map();
        for (const [id, s] of ranked) {
            const g = payloadOf(id).city;
            if (!want.has(g)) want.set(g, []);
            if (want.get(g).length < 2) want.get(g).push([id, s]);
        }
        const wantGroups = [...want.entries()].slice(0, 2);
        assert.deepEqual(res.groups.map((g) => g.id), wantGroups.map((g) => g[0]));
        res.groups.forEach((g, i) => assertRanked(g.hits, wantGroups[i][1], `group ${g.id}`));
        await client.deleteCollection(c);
    },

    async search_legacy() {
        const c = await filled('srch');
        const keep = (id) => payloadOf(id).even;
        const filter = { must: [{ key: 'even', match: { value: true } }] };
        assertRanked(await client.search(c, { vector: QUERY, limit: 4, filter }), nearest('Cosine', QUERY, { limit: 4, keep }), 'search');
        const batch = await client.searchBatch(c, { searches: [{ vector: QUERY, limit: 2 }, { vector: VECTORS[3], limit: 2, offset: 1 }] });
        assertRanked(batch[0], nearest('Cosine', QUERY, { limit: 2 }), 'search batch 0');
        assertRanked(batch[1], nearest('Cosine', VECTORS[3], { limit: 2, offset: 1 }), 'search batch 1');
        const res = await client.searchPointGroups(c, { vector: QUERY, group_by: 'city', limit: 1, group_size: 3 });
        const best = payloadOf(nearest('Cosine', QUERY, { limit: 1 })[0][0]).city;
        assert.equal(res.groups[0].id, best);
        assertRanked(res.groups[0].hits, nearest('Cosine', QUERY, { limit: 3, keep: (id) => payloadOf(id).city === best }), 'search groups');
        await client.deleteCollection(c);
    },

    async scroll_count_facet() {
        const c = await filled('scf');
        await client.createPayloadIndex(c, { wait: true, field_name: 'n', field_schema: 'integer' });
        await client.createPayloadIndex(c, { wait: true, field_name: 'city', field_schema: 'keyword' });
        const schema = (await client.getCollection(c)).payload_schema;
        assert.equal(schema.n.data_type, 'integer');
        assert.equal(schema.city.data_type, 'keyword');
        const page1 = await client.scroll(c, { limit: 7, with_payload: false });
        assert.deepEqual(page1.points.map((p) => p.id), IDS.slice(0, 7));
        assert.equal(page1.next_page_offset, 8);
        const ordered = await client.scroll(c, { limit: N, order_by: { key: 'n', direction: 'desc' } });
        const want = PAYLOADS.map((p) => p.n).sort((a, b) => b - a);
        assert.deepEqual(ordered.points.map((p) => p.payload.n), want);
        assert.equal(ordered.next_page_offset ?? null, null);
        assert.equal((await client.count(c, { filter: { must: [{ key: 'city', match: { value: 'Rome' } }] } })).count,
            PAYLOADS.filter((p) => p.city === 'Rome').length);
        const counts = new Map();
        PAYLOADS.forEach((p) => counts.set(p.city, (counts.get(p.city) ?? 0) + 1));
        const wantHits = [...counts.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, 3);
        const facet = await client.facet(c, { key: 'city', limit: 3, exact: true });
        assert.deepEqual(facet.hits.map((h) => [h.value, h.count]), wantHits);
        await client.deletePayloadIndex(c, 'city', { wait: true });
        assert.deepEqual(Object.keys((await client.getCollection(c)).payload_schema), ['n']);
        await client.deleteCollection(c);
    },

    async matrix() {
        const c = await filled('mtx');
        const pairs = await client.searchMatrixPairs(c, { sample: N, limit: 1 });
        assert.equal(pairs.pairs.length, N);
        for (const { a, b, score } of pairs.pairs) {
            const [id, s] = nearest('Cosine', VECTORS[a - 1], { limit: 1, keep: (x) => x !== a })[0];
            assert.equal(b, id, `nearest of ${a}`);
            assert.ok(Math.abs(s - score) < 1e-4);
        }
        const off = await client.searchMatrixOffsets(c, { sample: N, limit: 2 });
        assert.deepEqual([...off.ids].sort((x, y) => x - y), IDS);
        assert.equal(off.offsets_row.length, 2 * N);
        off.offsets_row.forEach((r, i) => {
            const a = off.ids[r];
            const want = nearest('Cosine', VECTORS[a - 1], { limit: 2, keep: (x) => x !== a }).map(([id]) => id);
            assert.ok(want.includes(off.ids[off.offsets_col[i]]), `offsets neighbour of ${a}`);
        });
        await client.deleteCollection(c);
    },

    async sharding() {
        const c = await fresh('shk', { vectors: { size: 2, distance: 'Euclid' }, sharding_method: 'custom' });
        assert.equal(await client.createShardKey(c, { shard_key: 'a' }), true);
        assert.equal(await client.createShardKey(c, { shard_key: 'b' }), true);
        assert.deepEqual((await client.listShardKeys(c)).shard_keys.map((k) => k.key).sort(), ['a', 'b']);
        await client.upsert(c, { wait: true, shard_key: 'a', points: [1, 2].map((id) => ({ id, vector: [id, 0] })) });
        await client.upsert(c, { wait: true, shard_key: 'b', points: [7].map((id) => ({ id, vector: [id, 0] })) });
        await rejects(client.upsert(c, { wait: true, points: [{ id: 9, vector: [0, 0] }] }), [400], 'no shard key');
        assert.equal((await client.count(c, { shard_key: 'a' })).count, 2);
        assert.equal((await client.count(c)).count, 3);
        const { points } = await client.query(c, { query: [0, 0], shard_key: 'b' });
        assert.deepEqual(points.map((p) => [p.id, p.shard_key]), [[7, 'b']]);
        const info = await client.collectionClusterInfo(c);
        assert.deepEqual(info.local_shards.map((s) => [s.shard_key, s.points_count]).sort(), [['a', 2], ['b', 1]]);
        assert.equal(await client.deleteShardKey(c, { shard_key: 'a' }), true);
        assert.equal((await client.count(c)).count, 1);
        await client.deleteCollection(c);
    },

    async cluster() {
        const status = (await client.api().clusterStatus()).data.result;
        assert.equal(status.status, 'enabled');
        assert.deepEqual(Object.keys(status.peers), [String(status.peer_id)]);
        const info = await client.versionInfo();
        assert.ok(/^\d+\.\d+\.\d+/.test(info.version), `version ${info.version}`);
    },

    async auth() {
        if (!apiKey) return;
        const wrong = new QdrantClient({ url, apiKey: 'wrong-key', checkCompatibility: false });
        await rejects(wrong.getCollections(), [401, 403], 'wrong api key');
        const none = new QdrantClient({ url, checkCompatibility: false });
        await rejects(none.getCollections(), [401, 403], 'no api key');
    },

    async errors() {
        await rejects(client.getCollection('js_no_such_collection'), [404], 'unknown collection');
        await rejects(client.query('js_no_such_collection', { query: QUERY }), [404], 'query unknown collection');
        const c = await fresh('err', { vectors: { size: 4, distance: 'Dot' } });
        await rejects(client.upsert(c, { wait: true, points: [{ id: 1, vector: [1, 2] }] }), [400], 'wrong dimension');
        await client.deleteCollection(c);
    },
};

// ---- runner -------------------------------------------------------------------
for (const name of [...xfail, ...only]) {
    if (!(name in checks)) {
        console.error(`unknown check ${name}`);
        process.exit(2);
    }
}
let passed = 0;
let failed = 0;
let xfailed = 0;
for (const [name, fn] of Object.entries(checks)) {
    if (only.size && !only.has(name)) continue;
    let error;
    try {
        await fn();
    } catch (e) {
        error = e;
    }
    if (xfail.has(name)) {
        if (error) {
            xfailed++;
            console.log(`xfail ${name}: ${String(error.message).split('\n')[0]}`);
        } else {
            failed++;
            console.log(`not ok ${name}: XPASS(strict) - the server serves it now; drop it from --xfail`);
        }
    } else if (error) {
        failed++;
        console.log(`not ok ${name}: ${error.stack ?? error}`);
    } else {
        passed++;
        console.log(`ok ${name}`);
    }
}
console.log(`js: ${passed} passed, ${failed} failed, ${xfailed} xfailed`);
process.exit(failed ? 1 : 0);
