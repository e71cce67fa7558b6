// An interactive drawing of a network: nodes drawn with their type's shape, code and colour,
// relations as arrows labelled with their type. Nodes and relations are buttons: click them,
// or Tab to them and press Enter or Space. The layout is computed once per change of the
// network (a force simulation run to rest), so nothing moves under the pointer.
import { useEffect, useMemo, useRef, useState } from 'react';
import { forceCollide, forceLink, forceManyBody, forceRadial, forceSimulation, forceX, forceY } from 'd3-force';
import { relationLabel, shapePath, typeInfo } from './nodeTypes.js';

const R = 14;

// shortLabel keeps the start and the end of a long name, which is where siblings differ
// ("Wizyta studyjna w Szwecji – dzień 1" and "… – dzień 2"); the full name shows on focus,
// hover and selection.
function shortLabel(s, n = 30) {
  if (s.length <= n) return s;
  const tail = 11;
  return `${s.slice(0, n - tail - 1).trimEnd()}…${s.slice(-tail).trimStart()}`;
}

// hash gives new nodes a stable starting offset, so that the same network lays out the same way.
function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

function layout(nodes, edges, previous, centerId) {
  const byId = new Map();
  const simNodes = nodes.map((n) => {
    const p = previous.get(n.id);
    const sn = { id: n.id, x: p?.x, y: p?.y, distance: n.distance };
    byId.set(n.id, sn);
    return sn;
  });
  // New nodes start near a neighbour that already has a place, so expanding a node grows the
  // drawing around it instead of reshuffling it.
  for (const sn of simNodes) {
    if (sn.x !== undefined) continue;
    const e = edges.find((r) => (r.fromId === sn.id && previous.has(r.toId)) || (r.toId === sn.id && previous.has(r.fromId)));
    const anchor = e ? previous.get(e.fromId === sn.id ? e.toId : e.fromId) : { x: 0, y: 0 };
    const a = hash(sn.id) * 2 * Math.PI;
    const d = sn.id === centerId ? 0 : 60 + hash(`${sn.id}r`) * 60;
    sn.x = anchor.x + d * Math.cos(a);
    sn.y = anchor.y + d * Math.sin(a);
  }
  const links = edges
    .filter((e) => byId.has(e.fromId) && byId.has(e.toId))
    .map((e) => ({ source: e.fromId, target: e.toId }));
  const sim = forceSimulation(simNodes)
    .force('link', forceLink(links).id((d) => d.id).distance(130).strength(0.5))
    .force('charge', forceManyBody().strength(-700))
    .force('collide', forceCollide(55))
    .force('x', forceX(0).strength(0.04))
    .force('y', forceY(0).strength(0.04))
    // Rings by distance from the centre, so that a depth-2 network spreads out instead of
    // knotting in the middle.
    .force('ring', forceRadial((d) => (d.distance ?? 0) * 200).strength((d) => (d.distance ? 0.35 : 0)))
    .alpha(previous.size ? 0.6 : 1)
    .stop();
  const center = byId.get(centerId);
  if (center && !previous.has(centerId)) {
    center.fx = 0;
    center.fy = 0;
  }
  for (let i = 0; i < 300; i++) sim.tick();
  const out = new Map();
  for (const sn of simNodes) out.set(sn.id, { x: sn.x, y: sn.y });
  return out;
}

// fit returns the view box that shows every node in an element of the given size, keeping
// its aspect ratio, and never magnifies beyond one unit per pixel, so that a small network is
// not blown up.
function fit(positions, size) {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const { x, y } of positions.values()) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  if (!Number.isFinite(x0)) {
    x0 = 0;
    y0 = 0;
    x1 = 0;
    y1 = 0;
  }
  const pad = 80;
  const cw = x1 - x0 + 2 * pad;
  const ch = y1 - y0 + 2 * pad;
  const scale = Math.max(cw / size.width, ch / size.height, 1);
  const w = size.width * scale;
  const h = size.height * scale;
  return [(x0 + x1) / 2 - w / 2, (y0 + y1) / 2 - h / 2, w, h];
}

// edgeGeometry bends relations that share a pair of nodes apart, so each stays visible.
function edgeGeometry(edges, positions) {
  const groups = new Map();
  for (const e of edges) {
    const key = [e.fromId, e.toId].sort().join('|');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(e);
  }
  const out = [];
  for (const group of groups.values()) {
    group.forEach((e, i) => {
      const a = positions.get(e.fromId);
      const b = positions.get(e.toId);
      if (!a || !b) return;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len = Math.hypot(dx, dy) || 1;
      // Offsets are measured in a frame fixed by the sorted pair, so opposite directions do
      // not cancel out.
      const sign = e.fromId < e.toId ? 1 : -1;
      const bend = (i - (group.length - 1) / 2) * 36 * sign;
      const nx = -dy / len;
      const ny = dx / len;
      const cx = (a.x + b.x) / 2 + nx * bend;
      const cy = (a.y + b.y) / 2 + ny * bend;
      // Stop the arrow at the target's edge.
      const tx = b.x - cx;
      const ty = b.y - cy;
      const tl = Math.hypot(tx, ty) || 1;
      const ex = b.x - (tx / tl) * (R + 6);
      const ey = b.y - (ty / tl) * (R + 6);
      const path = bend === 0 ? `M${a.x},${a.y}L${ex},${ey}` : `M${a.x},${a.y}Q${cx},${cy} ${ex},${ey}`;
      const lx = bend === 0 ? (a.x + b.x) / 2 : (a.x + 2 * cx + b.x) / 4;
      const ly = bend === 0 ? (a.y + b.y) / 2 : (a.y + 2 * cy + b.y) / 4;
      out.push({ edge: e, path, lx, ly });
    });
  }
  return out;
}

function activateOnKey(fn) {
  return (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      fn();
    }
  };
}

export function NetworkView({ nodes, edges, centerId, expanded, selected, onNodeActivate, onEdgeActivate, label, nodeHint }) {
  const positionsRef = useRef(new Map());
  const svgRef = useRef(null);
  const drag = useRef(null);
  const positions = useMemo(() => {
    const p = layout(nodes, edges, positionsRef.current, centerId);
    positionsRef.current = p;
    return p;
  }, [nodes, edges, centerId]);
  const [size, setSize] = useState({ width: 800, height: 500 });
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return undefined;
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      if (width > 0 && height > 0) setSize({ width, height });
    });
    observer.observe(svg);
    return () => observer.disconnect();
  }, []);
  const fitted = useMemo(() => fit(positions, size), [positions, size]);
  const [view, setView] = useState(fitted);
  useEffect(() => setView(fitted), [fitted]);

  const names = useMemo(() => new Map(nodes.map((n) => [n.id, n.name])), [nodes]);
  const geometry = useMemo(() => edgeGeometry(edges, positions), [edges, positions]);

  function zoom(factor, cx, cy) {
    setView(([x, y, w, h]) => {
      const nw = Math.min(Math.max(w * factor, 150), 20000);
      const nh = (h * nw) / w;
      const px = cx ?? x + w / 2;
      const py = cy ?? y + h / 2;
      return [px - ((px - x) * nw) / w, py - ((py - y) * nh) / h, nw, nh];
    });
  }

  function pan(dx, dy) {
    setView(([x, y, w, h]) => [x + dx * w, y + dy * h, w, h]);
  }

  function onWheel(e) {
    const svg = svgRef.current;
    if (!svg) return;
    const rect = svg.getBoundingClientRect();
    const [x, y, w, h] = view;
    zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, x + ((e.clientX - rect.left) / rect.width) * w, y + ((e.clientY - rect.top) / rect.height) * h);
  }

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return undefined;
    // A passive listener cannot stop the page from scrolling while zooming.
    const handler = (e) => {
      e.preventDefault();
      onWheel(e);
    };
    svg.addEventListener('wheel', handler, { passive: false });
    return () => svg.removeEventListener('wheel', handler);
  });

  function onPointerDown(e) {
    if (e.target !== svgRef.current && !e.target.classList.contains('backdrop')) return;
    drag.current = { x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture(e.pointerId);
  }

  function onPointerMove(e) {
    if (!drag.current) return;
    const rect = svgRef.current.getBoundingClientRect();
    const dx = (drag.current.x - e.clientX) / rect.width;
    const dy = (drag.current.y - e.clientY) / rect.height;
    drag.current = { x: e.clientX, y: e.clientY };
    pan(dx, dy);
  }

  function onPointerUp() {
    drag.current = null;
  }

  return (
    <div className="network">
      <div className="network-toolbar" role="toolbar" aria-label="Zoom and pan">
        <button type="button" onClick={() => zoom(1 / 1.3)} aria-label="Zoom in">+</button>
        <button type="button" onClick={() => zoom(1.3)} aria-label="Zoom out">−</button>
        <button type="button" onClick={() => setView(fitted)}>Fit</button>
        <button type="button" onClick={() => pan(-0.2, 0)} aria-label="Pan left">←</button>
        <button type="button" onClick={() => pan(0.2, 0)} aria-label="Pan right">→</button>
        <button type="button" onClick={() => pan(0, -0.2)} aria-label="Pan up">↑</button>
        <button type="button" onClick={() => pan(0, 0.2)} aria-label="Pan down">↓</button>
      </div>
      <svg
        ref={svgRef}
        className="network-svg"
        viewBox={view.join(' ')}
        role="group"
        aria-label={label}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0L10,5L0,10Z" fill="#444" />
          </marker>
          <marker id="arrow-selected" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0L10,5L0,10Z" fill="#000" />
          </marker>
        </defs>
        <rect className="backdrop" x={view[0]} y={view[1]} width={view[2]} height={view[3]} />
        <g className="edges">
          {geometry.map(({ edge, path, lx, ly }) => {
            const isSelected = selected?.kind === 'edge' && selected.id === edge.id;
            const from = names.get(edge.fromId) ?? edge.fromId;
            const to = names.get(edge.toId) ?? edge.toId;
            return (
              <g
                key={edge.id}
                className={`edge${isSelected ? ' selected' : ''}`}
                data-id={edge.id}
                data-type={edge.type}
                role="button"
                tabIndex={0}
                aria-pressed={isSelected}
                aria-label={`${from} ${relationLabel(edge.type)} ${to}. Show its sources.`}
                onClick={() => onEdgeActivate(edge.id)}
                onKeyDown={activateOnKey(() => onEdgeActivate(edge.id))}
              >
                <title>{`${from} — ${edge.type} → ${to}`}</title>
                <path className="edge-hit" d={path} />
                <path className="edge-line" d={path} markerEnd={`url(#${isSelected ? 'arrow-selected' : 'arrow'})`} />
                <text className="edge-label" x={lx} y={ly} textAnchor="middle" dy="-3">{relationLabel(edge.type)}</text>
              </g>
            );
          })}
        </g>
        <g className="nodes">
          {nodes.map((n) => {
            const p = positions.get(n.id);
            if (!p) return null;
            const t = typeInfo(n.type);
            const isSelected = selected?.kind === 'node' && selected.id === n.id;
            const classes = ['node', n.id === centerId && 'center', expanded?.has(n.id) && 'expanded', isSelected && 'selected']
              .filter(Boolean)
              .join(' ');
            return (
              <g
                key={n.id}
                className={classes}
                data-id={n.id}
                data-type={n.type}
                transform={`translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`}
                role="button"
                tabIndex={0}
                aria-pressed={isSelected}
                aria-label={`${t.label}: ${n.name}.${n.id === centerId ? ' Centre.' : ''} ${nodeHint(n)}`}
                onClick={() => onNodeActivate(n.id)}
                onKeyDown={activateOnKey(() => onNodeActivate(n.id))}
              >
                <title>{`${t.label}: ${n.name}`}</title>
                <circle className="focus-ring" r={R + 9} />
                <path className="shape" d={shapePath(t.shape, R)} fill={t.colour} />
                <text className="node-code" textAnchor="middle" dy="4">{t.code}</text>
                <text className="node-label" textAnchor="middle" y={R + 16}>
                  <tspan className="short">{shortLabel(n.name)}</tspan>
                  <tspan className="full" x="0">{n.name}</tspan>
                </text>
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
