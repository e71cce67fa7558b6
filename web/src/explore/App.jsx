// The explorer's frame: four tabs (network, path finder, visit planner, article review) following the WAI-ARIA
// tabs pattern: arrow keys move between tabs, Tab moves into the panel.
import { useEffect, useRef, useState } from 'react';
import { setURLState, urlState } from './urlstate.js';
import { NetworkTab } from './NetworkTab.jsx';
import { PathTab } from './PathTab.jsx';
import { PlannerTab } from './PlannerTab.jsx';
import { ReviewTab } from './ReviewTab.jsx';

const tabs = [
  { id: 'network', label: 'Network' },
  { id: 'path', label: 'Path finder' },
  { id: 'planner', label: 'Visit planner' },
  { id: 'review', label: 'Review an article' },
];

export function App() {
  const [tab, setTab] = useState(() => {
    const t = urlState().get('tab');
    return tabs.some((x) => x.id === t) ? t : 'network';
  });
  useEffect(() => setURLState({ tab: tab === 'network' ? null : tab }), [tab]);
  // Another tab can ask the network tab to open an entity ("Show network" on a host).
  const [open, setOpen] = useState(null);
  const tabRefs = useRef({});

  function select(id) {
    setTab(id);
    tabRefs.current[id]?.focus();
  }

  function onTabKey(e, i) {
    const n = tabs.length;
    let next = null;
    if (e.key === 'ArrowRight') next = tabs[(i + 1) % n].id;
    if (e.key === 'ArrowLeft') next = tabs[(i - 1 + n) % n].id;
    if (e.key === 'Home') next = tabs[0].id;
    if (e.key === 'End') next = tabs[n - 1].id;
    if (next) {
      e.preventDefault();
      select(next);
    }
  }

  function showNetwork(entity) {
    setOpen({ ...entity, at: Date.now() });
    setTab('network');
  }

  return (
    <div className="explorer">
      <header className="top">
        <h1>Network explorer</h1>
        <p className="subtitle">Poland's disability-support ecosystem: who works with whom, and according to which source.</p>
        <nav aria-label="Pages">
          <a href="/">GraphiQL</a>
          <a href="/explore" aria-current="page">Network explorer</a>
          <a href="/export/graph.graphml" download>Whole graph (GraphML)</a>
          <a href="/export/graph.zip" download>Whole graph (CSV)</a>
        </nav>
      </header>
      <div role="tablist" aria-label="Views" className="tabs">
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => { tabRefs.current[t.id] = el; }}
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {/* Panels stay mounted so that switching tabs keeps each one's state. */}
      <section role="tabpanel" id="panel-network" aria-labelledby="tab-network" hidden={tab !== 'network'}>
        <NetworkTab open={open} />
      </section>
      <section role="tabpanel" id="panel-path" aria-labelledby="tab-path" hidden={tab !== 'path'}>
        <PathTab onShowNetwork={showNetwork} />
      </section>
      <section role="tabpanel" id="panel-planner" aria-labelledby="tab-planner" hidden={tab !== 'planner'}>
        <PlannerTab onShowNetwork={showNetwork} />
      </section>
      <section role="tabpanel" id="panel-review" aria-labelledby="tab-review" hidden={tab !== 'review'}>
        <ReviewTab onShowNetwork={showNetwork} />
      </section>
    </div>
  );
}
