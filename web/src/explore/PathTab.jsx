// The path finder: the shortest connections between two entities, every hop with its
// relation, direction and sources, drawn together as one network.
import { useEffect, useMemo, useState } from 'react';
import { ENTITIES, gql, PATH } from './api.js';
import { intParam, setURLState, urlState } from './urlstate.js';
import { EntitySearch } from './EntitySearch.jsx';
import { RelationFilter } from './RelationFilter.jsx';
import { NetworkView } from './NetworkView.jsx';
import { Citations } from './Citations.jsx';
import { TypeIcon } from './TypeIcon.jsx';
import { relationLabel } from './nodeTypes.js';

export function PathTab({ onShowNetwork }) {
  const [from, setFrom] = useState(null);
  const [to, setTo] = useState(null);
  const [maxHops, setMaxHops] = useState(() => intParam(urlState(), 'hops', 4, 1, 6));
  const [rel, setRel] = useState(() => urlState().get('rel')?.split(',').filter(Boolean) ?? null);
  const [paths, setPaths] = useState(null);
  const [asked, setAsked] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState(null);

  async function find(e, ends = { from, to, maxHops, rel }) {
    e?.preventDefault();
    if (!ends.from || !ends.to) {
      setError('Choose both entities first: search for each and pick one from the results.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const data = await gql(PATH, { from: ends.from.id, to: ends.to.id, maxHops: ends.maxHops, first: 5, relationTypes: ends.rel });
      setPaths(data.path?.nodes ?? []);
      setAsked(ends);
      setSelected(null);
      setURLState({ from: ends.from.id, to: ends.to.id, hops: ends.maxHops === 4 ? null : ends.maxHops, rel: ends.rel });
    } catch (err) {
      setPaths(null);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  // A link or a reload asks its question again.
  useEffect(() => {
    const params = urlState();
    const ids = [params.get('from'), params.get('to')];
    if (!ids[0] || !ids[1]) return;
    gql(ENTITIES, { ids })
      .then(({ nodes }) => {
        if (!nodes?.[0] || !nodes?.[1]) throw new Error('An entity of the link is no longer in the graph.');
        setFrom(nodes[0]);
        setTo(nodes[1]);
        find(null, { from: nodes[0], to: nodes[1], maxHops: intParam(params, 'hops', 4, 1, 6), rel });
      })
      .catch((err) => setError(err.message));
  }, []);

  const graph = useMemo(() => {
    const nodes = new Map();
    const edges = new Map();
    for (const p of paths ?? []) {
      for (const n of p.nodes) nodes.set(n.id, n);
      for (const h of p.hops) edges.set(h.relation.id, h.relation);
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()], byId: nodes, relations: edges };
  }, [paths]);

  const exportQuery = asked
    ? new URLSearchParams({ from: asked.from.id, to: asked.to.id, maxHops: String(asked.maxHops), first: '5', ...(asked.rel ? { types: asked.rel.join(',') } : {}) }).toString()
    : '';

  return (
    <div className="tab-path">
      <div className="controls path-controls">
        <EntitySearch label="From" placeholder="e.g. MOPS Gdynia" onChoose={setFrom} chosen={from} name="from" />
        <EntitySearch label="To" placeholder="e.g. ROPS Olsztyn" onChoose={setTo} chosen={to} name="to" />
        <form onSubmit={find} className="field find-form">
          <label htmlFor="max-hops">At most</label>
          <select id="max-hops" value={maxHops} onChange={(e) => setMaxHops(Number(e.target.value))}>
            {[1, 2, 3, 4, 5, 6].map((n) => (
              <option key={n} value={n}>{n} hop{n > 1 ? 's' : ''}</option>
            ))}
          </select>
          <button type="submit" disabled={busy}>{busy ? 'Finding…' : 'Find paths'}</button>
        </form>
        <RelationFilter
          name="path"
          value={rel}
          onChange={(types) => {
            setRel(types);
            if (asked) find(null, { ...asked, rel: types });
          }}
        />
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <div role="status" aria-live="polite" className="status">
        {paths && asked && (paths.length === 0
          ? `No connection between ${asked.from.name} and ${asked.to.name} within ${asked.maxHops} hops.`
          : `${paths.length} shortest path${paths.length > 1 ? 's' : ''} of ${paths[0].length} hop${paths[0].length > 1 ? 's' : ''} between ${asked.from.name} and ${asked.to.name}.`)}
      </div>
      {paths && paths.length > 0 && (
        <div className="workspace">
          <div className="canvas">
            <NetworkView
              nodes={graph.nodes}
              edges={graph.edges}
              centerId={asked.from.id}
              selected={selected}
              onNodeActivate={(id) => setSelected({ kind: 'node', id })}
              onEdgeActivate={(id) => setSelected({ kind: 'edge', id })}
              label={`Paths from ${asked.from.name} to ${asked.to.name}`}
              nodeHint={() => 'Show it.'}
            />
            <div className="exports" aria-label="Export these paths">
              <span>Export these paths:</span>
              <a className="button" href={`/export/path.graphml?${exportQuery}`} download>GraphML</a>
              <a className="button" href={`/export/path.zip?${exportQuery}`} download>CSV (zip)</a>
            </div>
          </div>
          <aside className="details" aria-label="Selected on the drawing">
            {selected?.kind === 'edge' && <HopSources relation={graph.relations.get(selected.id)} names={graph.byId} />}
            {selected?.kind === 'node' && (
              <div>
                <h2><TypeIcon type={graph.byId.get(selected.id)?.type} /> {graph.byId.get(selected.id)?.name}</h2>
                <p><code>{selected.id}</code></p>
                <button type="button" onClick={() => onShowNetwork(graph.byId.get(selected.id))}>Show its network</button>
              </div>
            )}
            {!selected && <p>Click a node or a relation of the drawing, or read the paths below.</p>}
          </aside>
        </div>
      )}
      {paths && paths.length > 0 && (
        <ol className="paths">
          {paths.map((p, i) => (
            <li key={i} className="path">
              <h2>Path {i + 1}: {p.length} hop{p.length > 1 ? 's' : ''}</h2>
              <ol className="hops">
                {p.hops.map((h, j) => (
                  <li key={j} className="hop">
                    <span className="hop-line">
                      <TypeIcon type={h.from.type} /> {h.from.name}{' '}
                      <strong className="hop-relation">
                        {h.direction === 'OUT' ? `— ${relationLabel(h.relation.type)} →` : `← ${relationLabel(h.relation.type)} —`}
                      </strong>{' '}
                      <TypeIcon type={h.to.type} /> {h.to.name}
                    </span>
                    {h.relation.topic && <span className="topic"> ({h.relation.topic})</span>}
                    <details>
                      <summary>Sources of this hop ({h.relation.sources.length})</summary>
                      <Citations sources={h.relation.sources} />
                    </details>
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function HopSources({ relation, names }) {
  if (!relation) return null;
  return (
    <div className="edge-details">
      <h2>Relation: {relation.type}</h2>
      <p>
        {names.get(relation.fromId)?.name} <strong>→ {relationLabel(relation.type)} →</strong> {names.get(relation.toId)?.name}
      </p>
      {relation.topic && <p>Topic: {relation.topic}</p>}
      <h3>Sources</h3>
      <Citations sources={relation.sources} />
    </div>
  );
}
