// The network view: search an entity, draw its neighbourhood, expand nodes by clicking them,
// read a relation's sources by clicking it, and export what is drawn.
import { useEffect, useMemo, useState } from 'react';
import { gql, MOST_CONNECTED, NEIGHBOURHOOD, NODE } from './api.js';
import { intParam, setURLState, urlState } from './urlstate.js';
import { EntitySearch } from './EntitySearch.jsx';
import { RelationFilter } from './RelationFilter.jsx';
import { NetworkView } from './NetworkView.jsx';
import { Citations } from './Citations.jsx';
import { Legend, TypeIcon } from './TypeIcon.jsx';
import { relationLabel, themeLabel, typeInfo } from './nodeTypes.js';

const LIMIT = 100;

export function NetworkTab({ open }) {
  const [center, setCenter] = useState(null);
  const [depth, setDepth] = useState(() => intParam(urlState(), 'depth', 1, 1, 3));
  const [rel, setRel] = useState(() => urlState().get('rel')?.split(',').filter(Boolean) ?? null);
  const [nodes, setNodes] = useState(new Map());
  const [edges, setEdges] = useState(new Map());
  const [expanded, setExpanded] = useState(new Set());
  const [truncated, setTruncated] = useState(false);
  const [selected, setSelected] = useState(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function load(entity, d = depth, types = rel) {
    setBusy(true);
    setError('');
    try {
      const { neighbourhood: nb } = await gql(NEIGHBOURHOOD, { id: entity.id, depth: d, limit: LIMIT, relationTypes: types });
      const ns = new Map(nb.nodes.map((n) => [n.node.id, { ...n.node, distance: n.distance }]));
      setCenter(nb.center);
      setNodes(ns);
      setEdges(new Map(nb.relations.map((r) => [r.id, r])));
      setExpanded(new Set([nb.center.id]));
      setTruncated(nb.truncated);
      setSelected({ kind: 'node', id: nb.center.id });
      setURLState({ center: nb.center.id, depth: d === 1 ? null : d, rel: types });
      setStatus(`Showing ${nb.center.name} with ${ns.size - 1} neighbours and ${nb.relations.length} relations${nb.truncated ? ' (cut short at the node limit)' : ''}.`);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    // Only a new request to open an entity reloads, not a change of depth or of the graph.
    if (open) load(open);
  }, [open]);

  // A link or a reload opens the centre it names; a fresh start offers the most connected.
  const [start, setStart] = useState([]);
  useEffect(() => {
    const id = urlState().get('center');
    if (id && !open) load({ id });
    gql(MOST_CONNECTED)
      .then((d) => setStart(d.stats?.mostConnected ?? []))
      .catch(() => setStart([]));
  }, []);

  async function expand(id) {
    setBusy(true);
    setError('');
    try {
      const { neighbourhood: nb } = await gql(NEIGHBOURHOOD, { id, depth: 1, limit: LIMIT, relationTypes: rel });
      const ns = new Map(nodes);
      let added = 0;
      for (const n of nb.nodes) {
        if (!ns.has(n.node.id)) {
          ns.set(n.node.id, { ...n.node });
          added++;
        }
      }
      const es = new Map(edges);
      let addedEdges = 0;
      for (const r of nb.relations) {
        if (!es.has(r.id)) {
          es.set(r.id, r);
          addedEdges++;
        }
      }
      setNodes(ns);
      setEdges(es);
      setExpanded(new Set([...expanded, id]));
      setTruncated(truncated || nb.truncated);
      setStatus(`Expanded ${nb.center.name}: ${added} new nodes and ${addedEdges} new relations.`);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  function activateNode(id) {
    setSelected({ kind: 'node', id });
    if (!expanded.has(id)) expand(id);
  }

  function activateEdge(id) {
    setSelected({ kind: 'edge', id });
    const r = edges.get(id);
    if (r) setStatus(`Selected the relation ${nodes.get(r.fromId)?.name} ${relationLabel(r.type)} ${nodes.get(r.toId)?.name}; its sources are listed beside the graph.`);
  }

  const nodeList = useMemo(() => [...nodes.values()], [nodes]);
  const edgeList = useMemo(() => [...edges.values()], [edges]);

  const exportQuery = useMemo(() => {
    if (!center) return '';
    const p = new URLSearchParams({ id: center.id, depth: String(depth), limit: String(LIMIT) });
    if (rel) p.set('types', rel.join(','));
    for (const id of expanded) if (id !== center.id) p.append('expand', id);
    return p.toString();
  }, [center, depth, expanded, rel]);

  return (
    <div className="tab-network">
      <div className="controls">
        <EntitySearch label="Search an entity" placeholder="e.g. MOPS Gdyni, Gebice, PCPR w Kraśniku" onChoose={(n) => load(n)} name="network" />
        <div className="field">
          <label htmlFor="depth">Depth</label>
          <select
            id="depth"
            value={depth}
            onChange={(e) => {
              const d = Number(e.target.value);
              setDepth(d);
              if (center) load(center, d);
            }}
          >
            <option value={1}>1 hop</option>
            <option value={2}>2 hops</option>
            <option value={3}>3 hops</option>
          </select>
        </div>
        <RelationFilter
          name="network"
          value={rel}
          onChange={(types) => {
            setRel(types);
            if (center) load(center, depth, types);
            else setURLState({ rel: types });
          }}
        />
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <p className="status" role="status" aria-live="polite">{busy ? 'Loading…' : status}</p>
      {!center ? (
        <div className="empty">
          <p>Search for an organisation, person, project, event, practice or place to see its network.</p>
          {start.length > 0 && (
            <section className="start" aria-labelledby="start-title">
              <h2 id="start-title">Or start from the most connected organisations</h2>
              <ol>
                {start.map((m) => (
                  <li key={m.organisation.id}>
                    <button type="button" onClick={() => load(m.organisation)}>{m.organisation.name}</button>{' '}
                    <span className="muted">{m.degree} relations</span>
                  </li>
                ))}
              </ol>
            </section>
          )}
          <Legend />
        </div>
      ) : (
        <div className="workspace">
          <div className="canvas">
            <NetworkView
              nodes={nodeList}
              edges={edgeList}
              centerId={center.id}
              expanded={expanded}
              selected={selected}
              onNodeActivate={activateNode}
              onEdgeActivate={activateEdge}
              label={`Network of ${center.name}: ${nodeList.length} nodes, ${edgeList.length} relations`}
              nodeHint={(n) => (expanded.has(n.id) ? 'Expanded. Show details.' : 'Expand it and show details.')}
            />
            <Legend />
            <p className="hint">
              Click a node (or Tab to it and press Enter) to expand it; click a relation to see its sources. A
              thick outline marks the centre, a dashed ring the expanded nodes. Drag the background to pan; the
              wheel zooms.
            </p>
            <div className="exports" aria-label="Export this network">
              <span>Export what is drawn:</span>
              <a className="button" href={`/export/neighbourhood.graphml?${exportQuery}`} download>GraphML</a>
              <a className="button" href={`/export/neighbourhood.zip?${exportQuery}`} download>CSV (zip)</a>
            </div>
            {truncated && <p className="hint">The node limit ({LIMIT}) cut the network short.</p>}
          </div>
          <aside className="details" aria-label="Details" aria-live="polite">
            <Details selected={selected} nodes={nodes} edges={edges} expanded={expanded} onExpand={expand} onCentre={(n) => load(n)} />
          </aside>
        </div>
      )}
      {center && <RelationTable nodes={nodes} edges={edgeList} onEdge={activateEdge} onNode={activateNode} expanded={expanded} />}
    </div>
  );
}

function Details({ selected, nodes, edges, expanded, onExpand, onCentre }) {
  if (!selected) return <p>Select a node or a relation.</p>;
  if (selected.kind === 'edge') {
    const r = edges.get(selected.id);
    if (!r) return null;
    const from = nodes.get(r.fromId);
    const to = nodes.get(r.toId);
    return (
      <div className="edge-details">
        <h2>Relation: {r.type}</h2>
        <p>
          <TypeIcon type={from?.type} /> {from?.name ?? r.fromId} <strong>→ {relationLabel(r.type)} →</strong>{' '}
          <TypeIcon type={to?.type} /> {to?.name ?? r.toId}
        </p>
        <dl>
          {r.title && (<><dt>Title</dt><dd>{r.title}</dd></>)}
          {r.topic && (<><dt>Topic</dt><dd>{r.topic}</dd></>)}
          {r.count != null && (<><dt>Count</dt><dd>{r.count}</dd></>)}
          {r.since && (<><dt>Since</dt><dd>{r.since}</dd></>)}
          {r.until && (<><dt>Until</dt><dd>{r.until}</dd></>)}
        </dl>
        <h3>Sources</h3>
        <Citations sources={r.sources} />
      </div>
    );
  }
  return <NodeDetails id={selected.id} node={nodes.get(selected.id)} expanded={expanded.has(selected.id)} onExpand={onExpand} onCentre={onCentre} />;
}

function NodeDetails({ id, node, expanded, onExpand, onCentre }) {
  const [info, setInfo] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    setInfo(null);
    setError('');
    gql(NODE, { id })
      .then((d) => live && setInfo(d.node))
      .catch((err) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [id]);
  const t = typeInfo(node?.type);
  return (
    <div className="node-details">
      <h2>
        <TypeIcon type={node?.type} /> {node?.name ?? id}
      </h2>
      <p className="meta">
        {t.label}
        {info?.kind && ` · ${info.kind}`}
        {info?.eventKind && ` · ${info.eventKind}`}
        {info?.placeKind && ` · ${info.placeKind}`} · <code>{id}</code>
      </p>
      <div className="actions">
        {!expanded && <button type="button" onClick={() => onExpand(id)}>Expand</button>}
        <button type="button" onClick={() => onCentre(node ?? { id })}>Make it the centre</button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {info && (
        <>
          {info.description && <p>{info.description}</p>}
          <dl>
            {info.aliases?.length > 0 && (<><dt>Also known as</dt><dd>{info.aliases.join('; ')}</dd></>)}
            {info.seat && (<><dt>Seat</dt><dd>{info.seat.name}</dd></>)}
            {info.voivodeship && (<><dt>Voivodeship</dt><dd>{info.voivodeship.name}</dd></>)}
            {info.start && (<><dt>Dates</dt><dd>{info.start}{info.end && info.end !== info.start ? ` – ${info.end}` : ''}</dd></>)}
            {info.places?.length > 0 && (<><dt>Places</dt><dd>{info.places.map((p) => p.name).join(', ')}</dd></>)}
            {info.themes?.length > 0 && (<><dt>Themes</dt><dd>{info.themes.map(themeLabel).join(', ')}</dd></>)}
            {info.website && (<><dt>Website</dt><dd><a href={info.website} target="_blank" rel="noopener noreferrer">{info.website}</a></dd></>)}
          </dl>
          <h3>Sources</h3>
          <Citations sources={info.sources} />
        </>
      )}
    </div>
  );
}

function RelationTable({ nodes, edges, onEdge, onNode, expanded }) {
  const name = (id) => nodes.get(id)?.name ?? id;
  return (
    <details className="relation-table">
      <summary>The network as a table ({edges.length} relations)</summary>
      <table>
        <caption>Every relation drawn, with buttons to show its sources or expand its ends</caption>
        <thead>
          <tr><th scope="col">From</th><th scope="col">Relation</th><th scope="col">To</th><th scope="col">Sources</th></tr>
        </thead>
        <tbody>
          {edges.map((r) => (
            <tr key={r.id}>
              <td><NodeCell id={r.fromId} name={name(r.fromId)} type={nodes.get(r.fromId)?.type} expanded={expanded} onNode={onNode} /></td>
              <td>{relationLabel(r.type)}</td>
              <td><NodeCell id={r.toId} name={name(r.toId)} type={nodes.get(r.toId)?.type} expanded={expanded} onNode={onNode} /></td>
              <td><button type="button" onClick={() => onEdge(r.id)}>{r.sources.length} source{r.sources.length === 1 ? '' : 's'}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function NodeCell({ id, name, type, expanded, onNode }) {
  return (
    <button type="button" className="link" onClick={() => onNode(id)} aria-label={`${name}: ${expanded.has(id) ? 'show details' : 'expand'}`}>
      <TypeIcon type={type} /> {name}
    </button>
  );
}
