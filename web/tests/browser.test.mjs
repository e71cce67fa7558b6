// Browser tests of GraphiQL and the network explorer in a real headless Chromium, against the
// real server binary on the seeded embedded store. Every request that would leave this
// machine is aborted and recorded, and each test checks that none was attempted. What the UI
// shows is compared with what the API answers for the same question (or with the README's
// golden answers), not with numbers written here. Screenshots go to web/test-results/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserUnavailable, launchBrowser, offlinePage, repo, screenshot, startServer } from './harness.mjs';

const missing = browserUnavailable();
if (missing && process.env.REQUIRE_BROWSER === '1') {
  throw new Error(`REQUIRE_BROWSER=1 but the browser tests cannot run: ${missing}`);
}
if (missing) {
  process.stderr.write(`SKIP browser tests: ${missing}\n`);
}

describe('UI in Chromium', { skip: missing ? `skipped: ${missing}` : false }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // api asks the server's GraphQL API directly, for the answers the UI must show.
  async function api(query, variables = {}) {
    const r = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = await r.json();
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return body.data;
  }

  async function open(path, viewport = { width: 1280, height: 900 }) {
    const session = await offlinePage(browser, { viewport });
    await session.page.goto(server.url + path);
    return session;
  }

  function assertClean({ blocked, errors }) {
    assert.deepEqual(blocked, [], 'the page tried to reach the internet');
    assert.deepEqual(errors, [], 'the page reported errors');
  }

  async function searchAndChoose(page, formName, text, id) {
    const form = page.locator(`.entity-search[data-name="${formName}"]`);
    await form.getByRole('searchbox').fill(text);
    await form.getByRole('searchbox').press('Enter');
    const hits = form.locator('.hit');
    await hits.first().waitFor();
    const names = await hits.locator('.hit-name').allTextContents();
    const want = (await api(`query($id: ID!) { node(id: $id) { ... on Entity { name } } }`, { id })).node.name;
    const index = names.indexOf(want);
    assert.ok(index >= 0, `searching "${text}" lists ${want}; it lists ${names.join(', ')}`);
    await hits.nth(index).click();
  }

  test('GraphiQL loads with no internet, opens the README examples as tabs, runs one and shows the docs', async () => {
    const session = await open('/');
    const { page } = session;
    const examples = JSON.parse(await page.locator('#examples').textContent());
    assert.ok(examples.length >= 8, `the page carries ${examples.length} examples`);
    const tabs = page.locator('.graphiql-tab');
    await tabs.first().waitFor();
    assert.equal(await tabs.count(), examples.length, 'one tab per example');
    const operation = examples[0].query.match(/query (\w+)/)[1];
    assert.match(await tabs.first().textContent(), new RegExp(operation));

    // The editor holds the example before it is run: a click while GraphiQL is still setting
    // up the tab runs nothing (a clean-clone CI run timed out so once).
    await page.waitForFunction((op) => {
      const cm = document.querySelector('.graphiql-query-editor .CodeMirror')?.CodeMirror;
      return cm && cm.getValue().includes(op);
    }, operation);
    await page.getByRole('button', { name: /Execute query/ }).click();
    const result = page.locator('.graphiql-response .CodeMirror');
    await page.waitForFunction(() => {
      const cm = document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror;
      return cm && cm.getValue().includes('"data"');
    });
    const shown = JSON.parse(await result.evaluate((el) => el.CodeMirror.getValue()));
    const golden = JSON.parse(readFileSync(join(repo, 'server', 'testdata', 'examples', `${examples[0].name}.json`), 'utf8'));
    assert.deepEqual(shown, golden, 'GraphiQL shows the golden answer of the first example');
    await screenshot(page, '01-graphiql-example');

    await page.getByRole('button', { name: /Show Documentation Explorer/ }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.waitFor();
    await docs.getByText('Query', { exact: true }).first().waitFor();
    await docs.getByText('Query', { exact: true }).first().click();
    await docs.getByText('neighbourhood', { exact: true }).first().waitFor();
    await screenshot(page, '02-graphiql-docs');
    assertClean(session);
    await session.context.close();
  });

  test('the explorer renders a neighbourhood, expands a node with the keyboard and shows a relation\'s sources', async () => {
    const session = await open('/explore');
    const { page } = session;
    const center = 'Organisation:wtz-gebice';
    await searchAndChoose(page, 'network', 'Warsztat Terapii Zajeciowej Gebice', center);

    const want = (await api(`query($id: ID!) { neighbourhood(id: $id, depth: 1) { nodes { node { id } } relations { id } } }`, { id: center })).neighbourhood;
    const drawn = page.locator('svg.network-svg g.node');
    await page.locator(`g.node.center[data-id="${center}"]`).waitFor();
    assert.deepEqual(
      (await drawn.evaluateAll((els) => els.map((e) => e.dataset.id))).sort(),
      want.nodes.map((n) => n.node.id).sort(),
      'the drawing holds the neighbourhood the API returns',
    );
    assert.equal(await page.locator('svg.network-svg g.edge').count(), want.relations.length);
    // Every node carries its type as a shape code and in its accessible name, not colour alone.
    for (const label of await drawn.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))) {
      assert.match(label, /^(Organisation|Person|Project|Programme|Event|Practice|Place|Source): /);
    }
    await screenshot(page, '03-explorer-neighbourhood');

    // Expand a neighbour from the keyboard: focus it, press Enter.
    const neighbour = want.nodes.map((n) => n.node.id).find((id) => id !== center && id.startsWith('Organisation:'));
    const grown = (await api(`query($id: ID!) { neighbourhood(id: $id, depth: 1) { nodes { node { id } } } }`, { id: neighbour })).neighbourhood;
    const union = new Set([...want.nodes, ...grown.nodes].map((n) => n.node.id));
    assert.ok(union.size > want.nodes.length, 'the chosen neighbour has neighbours of its own to add');
    await page.locator(`g.node[data-id="${neighbour}"]`).focus();
    await page.keyboard.press('Enter');
    await page.locator(`g.node.expanded[data-id="${neighbour}"]`).waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('svg.network-svg g.node').length === n, union.size);
    assert.match(await page.getByRole('status').first().textContent(), /Expanded/);
    await screenshot(page, '04-explorer-expanded');

    // Click a relation with the mouse where it is visible (relations may cross), and check
    // that its sources are listed with their documents and locators.
    const target = await page.evaluate(() => {
      for (const g of document.querySelectorAll('svg.network-svg g.edge')) {
        const path = g.querySelector('.edge-hit');
        const total = path.getTotalLength();
        for (const t of [0.5, 0.4, 0.6, 0.3, 0.7]) {
          const p = path.getPointAtLength(total * t);
          const m = path.getScreenCTM();
          const x = m.a * p.x + m.c * p.y + m.e;
          const y = m.b * p.x + m.d * p.y + m.f;
          if (document.elementFromPoint(x, y)?.closest('g.edge') === g) return { id: g.dataset.id, x, y };
        }
      }
      return null;
    });
    assert.ok(target, 'some relation is visible to click');
    const relation = (await api(`query($id: ID!) { relation(id: $id) { type sources { locator source { name } } } }`, { id: target.id })).relation;
    await page.mouse.click(target.x, target.y);
    const details = page.locator('.edge-details');
    await details.waitFor();
    assert.match(await details.locator('h2').textContent(), new RegExp(relation.type));
    const items = details.locator('.citations li');
    assert.equal(await items.count(), relation.sources.length);
    assert.match(await items.first().textContent(), new RegExp(escape(relation.sources[0].source.name)));
    await screenshot(page, '05-explorer-edge-sources');

    // The GraphML button exports what is drawn.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'GraphML', exact: true }).click()]);
    const graphml = readFileSync(await download.path(), 'utf8');
    assert.equal((graphml.match(/<node id=/g) ?? []).length, union.size, 'the export holds the nodes drawn');
    assertClean(session);
    await session.context.close();
  });

  test('the path finder shows every hop with its relation and sources', async () => {
    const session = await open('/explore');
    const { page } = session;
    await page.getByRole('tab', { name: 'Network' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByRole('tab', { name: 'Path finder' }).getAttribute('aria-selected'), 'true', 'arrow keys move between tabs');
    const from = 'Organisation:mops-gdynia';
    const to = 'Organisation:rops-olsztyn';
    await searchAndChoose(page, 'from', 'MOPS Gdyni', from);
    await searchAndChoose(page, 'to', 'ROPS Olsztyn', to);
    await page.getByRole('button', { name: 'Find paths' }).click();
    const want = (await api(`query($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 4, first: 5) { nodes { length hops { relation { type sources { locator } } } } } }`, { from, to })).path.nodes;
    assert.ok(want.length > 0);
    const paths = page.locator('ol.paths > li');
    await paths.first().waitFor();
    assert.equal(await paths.count(), want.length, 'one entry per shortest path');
    const hops = paths.first().locator('.hop');
    assert.equal(await hops.count(), want[0].length);
    for (let i = 0; i < want[0].hops.length; i++) {
      const hop = hops.nth(i);
      assert.match(await hop.locator('.hop-relation').textContent(), new RegExp(want[0].hops[i].relation.type.toLowerCase().replaceAll('_', ' ')));
      await hop.locator('summary').click();
      assert.equal(await hop.locator('.citations li').count(), want[0].hops[i].relation.sources.length);
    }
    await screenshot(page, '06-path-finder');
    assertClean(session);
    await session.context.close();
  });

  test('the visit planner ranks hosts as the API does, in a list and on the map', async () => {
    const session = await open('/explore');
    const { page } = session;
    await page.getByRole('tab', { name: 'Visit planner' }).click();
    await page.getByRole('checkbox', { name: 'Deinstitutionalisation' }).check();
    await page.getByRole('checkbox', { name: 'Supported housing' }).check();
    await page.getByLabel('Town, gmina or point').fill('Szczecin');
    await page.getByLabel('Within (km)').fill('400');
    await page.getByRole('button', { name: 'Find hosts' }).click();
    // The origin is the gazetteer's Szczecin, as the suggestions give it.
    const [szczecin] = (await api(`{ placeSuggestions(text: "Szczecin", first: 1) { point { lat lon } } }`)).placeSuggestions;
    const want = (await api(`query($lat: Float, $lon: Float) { hosts(themes: [DEINSTITUTIONALISATION, SUPPORTED_HOUSING], near: { lat: $lat, lon: $lon, radiusKm: 400 }, first: 10) { nodes { organisation { id name seat { point { lat } } } distanceKm reasons { kind } } } }`, szczecin.point)).hosts.nodes;
    assert.ok(want.length > 0);
    const hosts = page.locator('ol.hosts > li');
    await hosts.first().waitFor();
    assert.deepEqual(await hosts.evaluateAll((els) => els.map((e) => e.dataset.id)), want.map((h) => h.organisation.id), 'the same hosts in the same order');
    assert.match(await hosts.first().locator('.meta').textContent(), new RegExp(`${want[0].distanceKm.toLocaleString('en', { maximumFractionDigits: 1 })} km`));
    assert.equal(await hosts.first().locator('.reasons > li').count(), want[0].reasons.length);
    // Hosts with coordinates in Poland are numbered markers on the map, numbered as in the list.
    const onMap = page.locator('.poland-map g.marker');
    assert.equal(await onMap.count(), want.filter((h) => h.organisation.seat?.point).length);
    assert.equal(await page.locator('.poland-map g.marker[data-rank="1"] title').textContent(), `1. ${want[0].organisation.name}`);
    assert.equal(await page.locator('.poland-map path.voivodeship').count(), 16, 'the 16 voivodeships are drawn');
    assert.equal(await page.locator('.poland-map g.origin').count(), 1, 'the origin is marked');
    await screenshot(page, '07-visit-planner');

    // By region: a voivodeship instead of a radius.
    await page.getByRole('radio', { name: 'In a voivodeship' }).check();
    await page.getByLabel('Voivodeship', { exact: true }).selectOption('Place:wielkopolskie');
    await page.getByRole('checkbox', { name: 'Deinstitutionalisation' }).uncheck();
    await page.getByRole('checkbox', { name: 'Supported housing' }).uncheck();
    await page.getByRole('checkbox', { name: 'Social cooperatives' }).check();
    await page.getByRole('button', { name: 'Find hosts' }).click();
    const inRegion = (await api(`{ hosts(themes: [SOCIAL_COOPERATIVES], region: "Place:wielkopolskie", first: 10) { nodes { organisation { id } } } }`)).hosts.nodes;
    await page.waitForFunction((ids) => [...document.querySelectorAll('ol.hosts > li')].map((e) => e.dataset.id).join() === ids.join(), inRegion.map((h) => h.organisation.id));
    assert.equal(await page.locator('.poland-map path.voivodeship.chosen').count(), 1, 'the chosen voivodeship is hatched');
    await screenshot(page, '08-visit-planner-region');

    // "Show its network" opens the host's neighbourhood in the network tab.
    await hosts.first().getByRole('button', { name: 'Show its network' }).click();
    assert.equal(await page.getByRole('tab', { name: 'Network' }).getAttribute('aria-selected'), 'true');
    await page.locator(`g.node.center[data-id="${inRegion[0].organisation.id}"]`).waitFor();
    assertClean(session);
    await session.context.close();
  });

  test('the planner from a town that is not in the graph, and from a click on the map', async () => {
    const session = await open('/explore');
    const { page } = session;
    await page.getByRole('tab', { name: 'Visit planner' }).click();
    const box = page.getByLabel('Town, gmina or point');
    // Suggestions as one types, from the gazetteer: Koszalin has no node in the graph.
    await box.fill('Koszal');
    await page.waitForFunction(() => [...document.querySelectorAll('#planner-places option')].some((o) => o.value.startsWith('Koszalin (')));
    const [koszalin] = (await api(`{ placeSuggestions(text: "Koszalin", first: 1) { name label point { lat lon } } }`)).placeSuggestions;
    assert.equal(koszalin.name, 'Koszalin');
    await box.fill(koszalin.label);
    await page.getByLabel('Within (km)').fill('300');
    await page.getByRole('button', { name: 'Find hosts' }).click();
    const want = (await api(`query($lat: Float, $lon: Float) { hosts(near: { lat: $lat, lon: $lon, radiusKm: 300 }, first: 10) { nodes {
      organisation { id name website } reasons { kind event { name } practice { name } } } } }`, koszalin.point)).hosts.nodes;
    assert.ok(want.length > 0, 'hosts within 300 km of Koszalin');
    const hosts = page.locator('ol.hosts > li');
    await page.waitForFunction((ids) => [...document.querySelectorAll('ol.hosts > li')].map((e) => e.dataset.id).join() === ids.join(), want.map((h) => h.organisation.id));
    assert.match(await page.locator('.tab-planner .status').textContent(), /of Koszalin/);
    // Kinds in words, not codes; every score explained.
    assert.doesNotMatch(await hosts.first().locator('.meta').textContent(), /^[A-Z_]+ ·/);
    assert.equal(await page.locator('ol.hosts > li details.score-help').count(), want.length);
    // A hosted visit shows the visit, not the practice it showed.
    const visit = want.flatMap((h) => h.reasons).find((r) => r.kind === 'HOSTED_VISIT' && r.event);
    if (visit) {
      const items = await page.locator('.reasons > li').allTextContents();
      assert.ok(items.some((t) => t.startsWith('Hosted a visit') && t.includes(visit.event.name)), 'the visit is named');
    }
    // The list as CSV: a header and one row per host.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the list (CSV)' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    assert.equal(csv.length, want.length + 1);
    assert.match(csv[0], /^rank,name,kind,/);
    await screenshot(page, '09-planner-koszalin');

    // A click on the map near Lublin measures from that point.
    const svg = page.locator('.poland-map svg');
    const bb = await svg.boundingBox();
    await svg.click({ position: { x: bb.width * 0.78, y: bb.height * 0.62 } });
    const picked = await box.inputValue();
    const m = /^(-?[\d.]+), (-?[\d.]+)$/.exec(picked);
    assert.ok(m, `the box holds the point clicked: ${picked}`);
    await page.getByRole('button', { name: 'Find hosts' }).click();
    const near = (await api(`query($lat: Float, $lon: Float) { hosts(near: { lat: $lat, lon: $lon, radiusKm: 300 }, first: 10) { nodes { organisation { id } } } }`, { lat: Number(m[1]), lon: Number(m[2]) })).hosts.nodes;
    await page.waitForFunction((ids) => [...document.querySelectorAll('ol.hosts > li')].map((e) => e.dataset.id).join() === ids.join(), near.map((h) => h.organisation.id));
    assert.equal(await page.locator('.poland-map g.origin').count(), 1, 'the point is marked');
    await screenshot(page, '10-planner-map-click');

    // A failed search clears the old results.
    await box.fill('Nieistniejąca Miejscowość Xyz');
    await page.getByRole('button', { name: 'Find hosts' }).click();
    await page.getByRole('alert').waitFor();
    assert.equal(await page.locator('ol.hosts > li').count(), 0, 'no old results under the error');
    assertClean(session);
    await session.context.close();
  });

  test('the URL keeps the view: a reload or a shared link opens it again', async () => {
    const session = await open('/explore');
    const { page } = session;
    // A fresh start offers the most connected organisations, as stats ranks them.
    const top = (await api('{ stats(top: 8) { mostConnected { organisation { id name } } } }')).stats.mostConnected;
    await page.locator('.start li').first().waitFor();
    assert.deepEqual(await page.locator('.start li button').allTextContents(), top.map((m) => m.organisation.name));
    await screenshot(page, '12-start-page');
    await searchAndChoose(page, 'network', 'MOPS Gdyni', 'Organisation:mops-gdynia');
    await page.locator('g.node.center[data-id="Organisation:mops-gdynia"]').waitFor();
    await page.getByLabel('Depth').selectOption('2');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('depth') === '2');
    assert.equal(new URL(page.url()).searchParams.get('center'), 'Organisation:mops-gdynia');
    await page.reload();
    await page.locator('g.node.center[data-id="Organisation:mops-gdynia"]').waitFor();
    assert.equal(await page.getByLabel('Depth').inputValue(), '2', 'the depth is restored');

    // A link to paths without geography: the filter maps to relationTypes.
    const from = 'Organisation:mops-gdynia';
    const to = 'Organisation:rops-olsztyn';
    await page.goto(`${server.url}/explore?tab=path&from=${from}&to=${to}`);
    assert.equal(await page.getByRole('tab', { name: 'Path finder' }).getAttribute('aria-selected'), 'true');
    const paths = page.locator('ol.paths > li');
    await paths.first().waitFor();
    const types = (await api('{ __type(name: "RelationType") { enumValues { name } } }')).__type.enumValues.map((v) => v.name);
    const noPlaces = types.filter((t) => !['LOCATED_IN', 'SERVES_AREA', 'WITHIN', 'HELD_IN'].includes(t));
    const want = (await api(`query($from: ID!, $to: ID!, $types: [RelationType!]) { path(from: $from, to: $to, maxHops: 4, first: 5, relationTypes: $types) { nodes { hops { relation { id type } } } } }`, { from, to, types: noPlaces })).path.nodes;
    await page.locator('.relation-filter[data-name="path"]').getByLabel('Leave out places').check();
    await page.waitForFunction((n) => new URL(location.href).searchParams.has('rel') && document.querySelectorAll('ol.paths > li').length === n, want.length);
    const shown = await page.locator('ol.paths > li .hop-relation').allTextContents();
    assert.ok(shown.every((t) => !/located in|serves area|within|held in/.test(t)), `no geography: ${shown}`);
    assert.equal(shown.length, want.reduce((n, p) => n + p.hops.length, 0));
    await page.reload();
    await page.waitForFunction((n) => document.querySelectorAll('ol.paths > li').length === n, want.length);
    assert.ok(await page.locator('.relation-filter[data-name="path"]').getByLabel('Leave out places').isChecked(), 'the filter is restored');
    await screenshot(page, '11-path-without-places');

    // A planner link asks its question again.
    const [koszalin] = (await api(`{ placeSuggestions(text: "Koszalin", first: 1) { point { lat lon } } }`)).placeSuggestions;
    const hosts = (await api(`query($lat: Float, $lon: Float) { hosts(themes: [SOCIAL_ECONOMY], near: { lat: $lat, lon: $lon, radiusKm: 250 }, first: 10) { nodes { organisation { id } } } }`, koszalin.point)).hosts.nodes;
    await page.goto(`${server.url}/explore?tab=planner&mode=near&themes=SOCIAL_ECONOMY&place=Koszalin&radius=250`);
    await page.waitForFunction((ids) => [...document.querySelectorAll('ol.hosts > li')].map((e) => e.dataset.id).join() === ids.join(), hosts.map((h) => h.organisation.id));
    assert.equal(await page.getByLabel('Within (km)').inputValue(), '250');
    assert.ok(await page.getByRole('checkbox', { name: 'Social economy' }).isChecked());
    assertClean(session);
    await session.context.close();
  });

  test('an editor reviews an article: paste, decide, accept, see it in the network, roll back', async () => {
    const token = 'browser-test-token-0123456789';
    const editorServer = await startServer({ WRITE_TOKEN: token });
    try {
      const session = await offlinePage(browser, { viewport: { width: 1280, height: 1000 } });
      const { page } = session;
      await page.goto(`${editorServer.url}/explore?tab=review`);
      const article = [
        'Wizyta w Gdyni',
        '',
        'W dniu 12 maja 2022 r. w Gdyni odbyło się spotkanie, które zorganizował Miejski Ośrodek Pomocy Społecznej w Gdyni. '
          + 'Udział wzięli przedstawiciele Stowarzyszenia Przyjaciół Ziemi Kociewskiej z Gdańska oraz Fundacji Dobrych Sąsiadów z Sopotu.',
      ].join('\n');
      await page.getByLabel(/Write token/).fill(token);
      await page.getByLabel(/Article text/).fill(article);
      await page.getByLabel(/Published/).fill('2022-05');
      await page.getByRole('button', { name: 'Propose facts' }).click();
      const proposal = page.locator('.proposal');
      await proposal.waitFor();
      // The mentions are highlighted in the text, with the link the API proposes.
      const mops = page.locator('mark.mention[data-id="Organisation:mops-gdynia"]');
      await mops.first().waitFor();
      assert.equal(await mops.first().getAttribute('data-decision'), 'SAME');
      assert.match(await mops.first().textContent(), /Miejski Ośrodek Pomocy Społecznej w Gdyni/);
      const assoc = 'Organisation:stowarzyszenie-przyjaciol-ziemi-kociewskiej';
      assert.equal(await page.locator(`mark.mention[data-id="${assoc}"]`).getAttribute('data-decision'), 'NEW');
      assert.match(await page.getByRole('status').textContent(), /The dry run accepts it/);
      await screenshot(page, '13-review-proposal');
      // Reject the foundation; keep the rest.
      const foundation = page.locator('tr[data-id="Organisation:fundacja-dobrych-sasiadow"] select');
      await foundation.selectOption('REJECT');
      // Rename the new association before accepting it.
      await page.getByLabel('New name for Stowarzyszenie Przyjaciół Ziemi Kociewskiej').fill('Stowarzyszenie Przyjaciół Ziemi Kociewskiej (Gdańsk)');
      assert.match(await page.locator('mark.mention[data-id="Organisation:fundacja-dobrych-sasiadow"]').getAttribute('class'), /rejected/);
      await page.getByRole('button', { name: 'Accept with the decisions' }).click();
      await page.getByRole('status').filter({ hasText: /Accepted:/ }).waitFor();
      const after = await fetch(`${editorServer.url}/graphql`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: '{ a: organisation(id: "stowarzyszenie-przyjaciol-ziemi-kociewskiej") { id name } f: organisation(id: "fundacja-dobrych-sasiadow") { id } }' }),
      }).then((r) => r.json());
      assert.equal(after.data.a?.id, assoc, 'the accepted association is in the graph');
      assert.equal(after.data.a?.name, 'Stowarzyszenie Przyjaciół Ziemi Kociewskiej (Gdańsk)', 'under the name the editor gave it');
      assert.equal(after.data.f, null, 'the rejected foundation is not');
      await screenshot(page, '14-review-accepted');
      // The new facts in the network view.
      await page.locator('.added li').filter({ hasText: 'Stowarzyszenie Przyjaciół Ziemi Kociewskiej' }).getByRole('button', { name: 'Show network' }).click();
      await page.locator(`g.node.center[data-id="${assoc}"]`).waitFor();
      await page.locator('g.node[data-id="Place:gdansk"]').waitFor();
      await screenshot(page, '15-review-network');
      // Roll back: the association is gone again.
      await page.getByRole('tab', { name: 'Review an article' }).click();
      await page.getByRole('button', { name: 'Roll back this article' }).click();
      await page.getByRole('status').filter({ hasText: /The rollback would remove/ }).waitFor();
      const planned = await fetch(`${editorServer.url}/graphql`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: '{ organisation(id: "stowarzyszenie-przyjaciol-ziemi-kociewskiej") { id } }' }),
      }).then((r) => r.json());
      assert.equal(planned.data.organisation?.id, assoc, 'planning the rollback writes nothing');
      await page.getByRole('button', { name: 'Confirm the rollback' }).click();
      await page.getByRole('status').filter({ hasText: /Rolled back:/ }).waitFor();
      const gone = await fetch(`${editorServer.url}/graphql`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: '{ organisation(id: "stowarzyszenie-przyjaciol-ziemi-kociewskiej") { id } mops: organisation(id: "mops-gdynia") { name } }' }),
      }).then((r) => r.json());
      assert.equal(gone.data.organisation, null, 'the rollback removed what only the article attested');
      assert.equal(gone.data.mops.name, 'Miejski Ośrodek Pomocy Społecznej w Gdyni', 'and kept the existing organisation');
      await screenshot(page, '16-review-rolled-back');
      assertClean(session);
      await session.context.close();
    } finally {
      await editorServer.stop();
    }
  });

  test('the explorer fits a phone screen', async () => {
    const session = await open('/explore', { width: 390, height: 844 });
    const { page } = session;
    await searchAndChoose(page, 'network', 'MOPS Gdyni', 'Organisation:mops-gdynia');
    await page.locator('g.node.center').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await screenshot(page, '09-explorer-phone');
    assertClean(session);
    await session.context.close();
  });
});

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
