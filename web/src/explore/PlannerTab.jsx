// The visit planner: which institutions could host a study visit on some themes, near a place
// or in a voivodeship, ranked by evidence and distance, as a list and on a map of Poland.
import { useEffect, useState } from 'react';
import { gql, HOSTS, PLANNER_SETUP, SEARCH } from './api.js';
import { Citations } from './Citations.jsx';
import { PolandMap } from './PolandMap.jsx';
import { themeLabel } from './nodeTypes.js';

const reasonLabels = {
  PRACTISES: 'Practises',
  DEVELOPED: 'Developed',
  HOSTED_VISIT: 'Hosted a visit',
  FEATURED_AT: 'Featured at',
};

export function PlannerTab({ onShowNetwork }) {
  const [setup, setSetup] = useState(null);
  const [themes, setThemes] = useState([]);
  const [mode, setMode] = useState('near');
  const [placeText, setPlaceText] = useState('Szczecin');
  const [radius, setRadius] = useState(400);
  const [region, setRegion] = useState('');
  const [first, setFirst] = useState(10);
  const [result, setResult] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    gql(PLANNER_SETUP)
      .then((d) => {
        const voivodeships = (d.poland?.children ?? []).filter((p) => p.kind === 'VOIVODESHIP');
        setSetup({ themes: d.themes.enumValues.map((v) => v.name), voivodeships });
        if (voivodeships.length) setRegion(voivodeships[0].id);
      })
      .catch((err) => setError(err.message));
  }, []);

  function toggle(theme) {
    setThemes((ts) => (ts.includes(theme) ? ts.filter((t) => t !== theme) : [...ts, theme]));
  }

  async function plan(e) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const vars = { themes: themes.length ? themes : null, first };
      let origin = null;
      if (mode === 'near') {
        const text = placeText.trim();
        if (!text) throw new Error('Type the name of a city or place to measure distance from.');
        const { search } = await gql(SEARCH, { text, types: ['PLACE'], first: 5 });
        const hit = search.find((h) => h.node.point);
        if (!hit) throw new Error(`No place with coordinates matches “${text}”.`);
        origin = hit.node;
        vars.near = { place: origin.id, radiusKm: radius };
      } else if (mode === 'region') {
        vars.region = region;
      }
      const { hosts } = await gql(HOSTS, vars);
      const regionPlace = mode === 'region' ? setup?.voivodeships.find((v) => v.id === region) : null;
      setResult({ hosts, origin, radius: mode === 'near' ? radius : null, region: regionPlace, themes: [...themes] });
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="tab-planner">
      <form className="planner-form" onSubmit={plan} aria-label="Plan a study visit">
        <fieldset className="themes">
          <legend>Themes (none chosen: any evidence)</legend>
          {setup?.themes.map((t) => (
            <label key={t} className="check">
              <input type="checkbox" name="theme" value={t} checked={themes.includes(t)} onChange={() => toggle(t)} /> {themeLabel(t)}
            </label>
          ))}
        </fieldset>
        <fieldset className="where">
          <legend>Where</legend>
          <label className="check">
            <input type="radio" name="mode" value="near" checked={mode === 'near'} onChange={() => setMode('near')} /> Near a place
          </label>
          <label className="check">
            <input type="radio" name="mode" value="region" checked={mode === 'region'} onChange={() => setMode('region')} /> In a voivodeship
          </label>
          <label className="check">
            <input type="radio" name="mode" value="anywhere" checked={mode === 'anywhere'} onChange={() => setMode('anywhere')} /> Anywhere
          </label>
          {mode === 'near' && (
            <div className="row">
              <div className="field">
                <label htmlFor="planner-place">City or place</label>
                <input id="planner-place" value={placeText} onChange={(e) => setPlaceText(e.target.value)} autoComplete="off" />
              </div>
              <div className="field">
                <label htmlFor="planner-radius">Within (km)</label>
                <input id="planner-radius" type="number" min="1" max="5000" value={radius} onChange={(e) => setRadius(Number(e.target.value))} />
              </div>
            </div>
          )}
          {mode === 'region' && (
            <div className="field">
              <label htmlFor="planner-region">Voivodeship</label>
              <select id="planner-region" value={region} onChange={(e) => setRegion(e.target.value)}>
                {setup?.voivodeships.map((v) => (
                  <option key={v.id} value={v.id}>{v.name}</option>
                ))}
              </select>
            </div>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor="planner-first">How many hosts</label>
          <input id="planner-first" type="number" min="1" max="100" value={first} onChange={(e) => setFirst(Number(e.target.value))} />
        </div>
        <button type="submit" disabled={busy || !setup}>{busy ? 'Finding hosts…' : 'Find hosts'}</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      <div role="status" aria-live="polite" className="status">
        {result && describe(result)}
      </div>
      {result && (
        <div className="planner-results">
          <ol className="hosts">
            {result.hosts.map((h, i) => (
              <li key={h.organisation.id} className="host" data-id={h.organisation.id}>
                <h2>
                  <span className="rank" aria-hidden="true">{i + 1}</span> {h.organisation.name}
                </h2>
                <p className="meta">
                  {h.organisation.kind}
                  {h.organisation.seat && ` · ${h.organisation.seat.name}`}
                  {h.distanceKm != null && ` · ${h.distanceKm.toLocaleString('en', { maximumFractionDigits: 1 })} km`}
                  {` · score ${h.score}`}
                </p>
                {h.themes.length > 0 && <p>Themes covered: {h.themes.map(themeLabel).join(', ')}</p>}
                <ul className="reasons">
                  {h.reasons.map((r, j) => (
                    <li key={j}>
                      <strong>{reasonLabels[r.kind] ?? r.kind}</strong>{' '}
                      {r.practice?.name ?? r.event?.name}
                      {r.event?.start && ` (${r.event.start})`}
                      {r.themes.length > 0 && <span className="themes-of"> · {r.themes.map(themeLabel).join(', ')}</span>}
                      <details>
                        <summary>Sources ({r.sources.length})</summary>
                        <Citations sources={r.sources} />
                      </details>
                    </li>
                  ))}
                </ul>
                <button type="button" onClick={() => onShowNetwork(h.organisation)}>Show its network</button>
              </li>
            ))}
          </ol>
          <div className="map-column">
            <PolandMap
              hosts={result.hosts}
              origin={result.origin}
              radiusKm={result.radius}
              region={result.region}
              voivodeships={setup?.voivodeships ?? []}
            />
          </div>
        </div>
      )}
    </div>
  );
}

function describe({ hosts, origin, radius, region, themes }) {
  const about = themes.length ? ` on ${themes.map(themeLabel).join(', ')}` : '';
  const where = origin ? ` within ${radius} km of ${origin.name}` : region ? ` in ${region.name}` : '';
  if (hosts.length === 0) return `No hosts found${about}${where}.`;
  return `${hosts.length} host${hosts.length > 1 ? 's' : ''}${about}${where}, best first.`;
}
