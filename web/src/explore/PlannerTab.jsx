// The visit planner: which institutions could host a study visit on some themes, near a place
// or in a voivodeship, ranked by evidence and distance, as a list and on a map of Poland.
import { useEffect, useRef, useState } from 'react';
import { gql, HOSTS, KINDS, PLACE_SUGGESTIONS, PLANNER_SETUP, SEARCH } from './api.js';
import { Citations } from './Citations.jsx';
import { intParam, setURLState, urlState } from './urlstate.js';
import { PolandMap } from './PolandMap.jsx';
import { themeLabel } from './nodeTypes.js';

// A point typed or picked on the map: "54.19, 16.17".
const POINT = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;

// kindWords turns the schema's description of an organisation kind into its name in words:
// "Warsztat Terapii Zajęciowej: occupational therapy workshop (…)" gives both parts.
function kindWords(description, code) {
  if (!description) return code;
  const [polish, rest] = description.split(/:\s*/, 2);
  const english = rest ? rest.replace(/\s*[(.;].*$/, '') : '';
  return english ? `${polish} (${english})` : polish.replace(/\.$/, '');
}

// csvOf writes the host list as CSV (RFC 4180), one row per host, for a spreadsheet.
export function csvOf(hosts, kindName) {
  const cell = (v) => {
    const s = v == null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = [['rank', 'name', 'kind', 'seat', 'voivodeship', 'distance_km', 'score', 'themes', 'website', 'phones', 'emails', 'evidence', 'id']];
  hosts.forEach((h, i) => {
    const o = h.organisation;
    rows.push([
      i + 1, o.name, kindName(o.kind), o.seat?.name, o.voivodeship?.name,
      h.distanceKm == null ? '' : h.distanceKm.toFixed(1), h.score, h.themes.map(themeLabel).join('; '),
      o.website, (o.phones ?? []).map((p) => p.value).join('; '), (o.emails ?? []).map((e) => e.value).join('; '),
      h.reasons.map(reasonText).join('; '), o.id,
    ]);
  });
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

// reasonText says what a piece of evidence is: a visit hosted shows the visit (and the
// practice it showed), a practice shows the practice.
function reasonText(r) {
  const label = reasonLabels[r.kind] ?? r.kind;
  if (r.event) {
    const shown = r.practice ? `, showing ${r.practice.name}` : '';
    return `${label}: ${r.event.name}${r.event.start ? ` (${r.event.start})` : ''}${shown}`;
  }
  return `${label}: ${r.practice?.name ?? ''}`;
}

const partWords = {
  PRACTICE: ['practice', 'practices'],
  HOSTED_VISIT: ['visit hosted', 'visits hosted'],
  FEATURED_AT: ['event featured at', 'events featured at'],
};

// scoreText writes a host's score as the sum the API explains it by.
function scoreText(parts) {
  if (!parts?.length) return 'No evidence on the chosen themes: it is listed for its distance.';
  const terms = parts.map((p) => {
    if (p.kind === 'THEME_COVERAGE') return `${Math.round(p.count * 100)}% of the chosen themes covered × ${p.weight} = ${p.points}`;
    const [one, many] = partWords[p.kind] ?? [p.kind, p.kind];
    return `${p.count} ${p.count === 1 ? one : many} × ${p.weight} = ${p.points}`;
  });
  return `${terms.join('; ')}.`;
}

const reasonLabels = {
  PRACTISES: 'Practises',
  DEVELOPED: 'Developed',
  HOSTED_VISIT: 'Hosted a visit',
  FEATURED_AT: 'Featured at',
};

export function PlannerTab({ onShowNetwork }) {
  const initial = useRef(urlState()).current;
  const [setup, setSetup] = useState(null);
  const [themes, setThemes] = useState(() => (initial.get('themes') ?? '').split(',').filter(Boolean));
  const [mode, setMode] = useState(() => (['near', 'region', 'anywhere'].includes(initial.get('mode')) ? initial.get('mode') : 'near'));
  const [placeText, setPlaceText] = useState(() => initial.get('place') ?? 'Szczecin');
  const [suggestions, setSuggestions] = useState([]);
  const [picked, setPicked] = useState(null);
  const known = useRef(new Map()); // every suggestion shown, by label
  const [radius, setRadius] = useState(() => intParam(initial, 'radius', 400, 1, 5000));
  const [region, setRegion] = useState('');
  const [first, setFirst] = useState(() => intParam(initial, 'first', 10, 1, 100));
  const [result, setResult] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    Promise.all([gql(PLANNER_SETUP), gql(KINDS)])
      .then(([d, k]) => {
        d.kinds = k.kinds;
        const voivodeships = (d.poland?.children ?? []).filter((p) => p.kind === 'VOIVODESHIP');
        const kinds = new Map((d.kinds?.enumValues ?? []).map((v) => [v.name, kindWords(v.description, v.name)]));
        setSetup({ themes: d.themes.enumValues.map((v) => v.name), voivodeships, kinds });
        const asked = initial.get('region');
        if (voivodeships.length) setRegion(voivodeships.some((v) => v.id === asked) ? asked : voivodeships[0].id);
      })
      .catch((err) => setError(err.message));
  }, []);

  // Suggestions from the gazetteer as one types: any Polish town or gmina can be the origin.
  useEffect(() => {
    const text = placeText.trim();
    if (mode !== 'near' || text.length < 2 || POINT.test(text)) {
      setSuggestions([]);
      return undefined;
    }
    let live = true;
    const timer = setTimeout(() => {
      gql(PLACE_SUGGESTIONS, { text, first: 8 })
        .then((d) => {
          if (!live) return;
          for (const p of d.placeSuggestions ?? []) known.current.set(p.label, p);
          setSuggestions(d.placeSuggestions ?? []);
        })
        .catch(() => live && setSuggestions([]));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [placeText, mode]);

  const kindName = (code) => setup?.kinds?.get(code) ?? code;

  function pick(point) {
    setMode('near');
    const name = `${point.lat.toFixed(3)}, ${point.lon.toFixed(3)}`;
    setPlaceText(name);
    setPicked({ name: `the point ${name}`, point });
    setResult(null);
  }

  // origin resolves what the origin box holds: a point, a suggestion, else the gazetteer's
  // first suggestion, else a place of the graph (a foreign city such as Sztokholm).
  async function origin(text) {
    const m = POINT.exec(text);
    if (m) {
      const point = { lat: Number(m[1]), lon: Number(m[2]) };
      return { name: `the point ${text}`, point };
    }
    const chosen = known.current.get(text) ?? suggestions.find((s) => s.name.toLowerCase() === text.toLowerCase());
    if (chosen) return { name: chosen.name, label: chosen.label, point: chosen.point };
    const { placeSuggestions } = await gql(PLACE_SUGGESTIONS, { text: text.replace(/\s*\(.*$/, ''), first: 1 });
    if (placeSuggestions?.length) {
      const s0 = placeSuggestions[0];
      return { name: s0.name, label: s0.label, point: s0.point };
    }
    const { search } = await gql(SEARCH, { text, types: ['PLACE'], first: 5 });
    const hit = (search?.nodes ?? []).find((h) => h.node.point);
    if (!hit) throw new Error(`No town, gmina or place with coordinates is called “${text}”.`);
    return hit.node;
  }

  function download() {
    const blob = new Blob([csvOf(result.hosts, kindName)], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'hosts.csv';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  function toggle(theme) {
    setThemes((ts) => (ts.includes(theme) ? ts.filter((t) => t !== theme) : [...ts, theme]));
  }

  // A link or a reload asks its question again once the form is set up.
  const replayed = useRef(false);
  useEffect(() => {
    if (setup && !replayed.current && initial.get('tab') === 'planner' && initial.get('mode')) {
      replayed.current = true;
      plan();
    }
  }, [setup]);

  async function plan(e) {
    e?.preventDefault();
    setBusy(true);
    setError('');
    try {
      const vars = { themes: themes.length ? themes : null, first };
      let from = null;
      if (mode === 'near') {
        const text = placeText.trim();
        if (!text) throw new Error('Type the name of a town or gmina, or click the map, to measure distance from.');
        from = await origin(text);
        vars.near = { lat: from.point.lat, lon: from.point.lon, radiusKm: radius };
      } else if (mode === 'region') {
        vars.region = region;
      }
      const { hosts } = await gql(HOSTS, vars);
      const regionPlace = mode === 'region' ? setup?.voivodeships.find((v) => v.id === region) : null;
      setURLState({ mode, themes, place: mode === 'near' ? placeText.trim() : null, radius: mode === 'near' ? radius : null,
        region: mode === 'region' ? region : null, first: first === 10 ? null : first });
      setResult({ hosts: hosts?.nodes ?? [], origin: from, radius: mode === 'near' ? radius : null, region: regionPlace, themes: [...themes] });
    } catch (err) {
      setResult(null); // no answer from another question stays on the page under this error
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
                <label htmlFor="planner-place">Town, gmina or point (or click the map)</label>
                <input
                  id="planner-place"
                  list="planner-places"
                  value={placeText}
                  onChange={(e) => setPlaceText(e.target.value)}
                  autoComplete="off"
                />
                <datalist id="planner-places">
                  {suggestions.map((s) => (
                    <option key={s.label} value={s.label} />
                  ))}
                </datalist>
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
      <div className="planner-results">
        {result && (
          <div className="hosts-column">
          <p className="actions">
            <button type="button" onClick={download} disabled={result.hosts.length === 0}>Download the list (CSV)</button>
          </p>
          <ol className="hosts">
            {result.hosts.map((h, i) => (
              <li key={h.organisation.id} className="host" data-id={h.organisation.id}>
                <h2>
                  <span className="rank" aria-hidden="true">{i + 1}</span> {h.organisation.name}
                </h2>
                <p className="meta">
                  {kindName(h.organisation.kind)}
                  {h.organisation.seat && ` · ${h.organisation.seat.name}`}
                  {h.distanceKm != null && ` · ${h.distanceKm.toLocaleString('en', { maximumFractionDigits: 1 })} km`}
                  {` · score ${h.score}`}
                </p>
                <p className="contact">
                  {h.organisation.website && (
                    <a href={h.organisation.website} target="_blank" rel="noopener noreferrer">{h.organisation.website.replace(/^https?:\/\//, '')}</a>
                  )}
                  {(h.organisation.phones ?? []).map((p) => <span key={p.value}> · tel. {p.value}</span>)}
                  {(h.organisation.emails ?? []).map((e) => (
                    <span key={e.value}> · <a href={`mailto:${e.value}`}>{e.value}</a></span>
                  ))}
                  {!h.organisation.website && !(h.organisation.phones ?? []).length && !(h.organisation.emails ?? []).length && (
                    <span className="none">No website or contact in the graph yet.</span>
                  )}
                </p>
                {h.themes.length > 0 && <p>Themes covered: {h.themes.map(themeLabel).join(', ')}</p>}
                <details className="score-help">
                  <summary>Why score {h.score}</summary>
                  <p>{scoreText(h.scoreParts)} Equal scores are ordered by distance, then name.</p>
                </details>
                <ul className="reasons">
                  {h.reasons.map((r, j) => (
                    <li key={j}>
                      <strong>{reasonLabels[r.kind] ?? r.kind}</strong>{' '}
                      {r.event ? (
                        <>
                          {r.event.name}
                          {r.event.start && ` (${r.event.start})`}
                          {r.practice && <span className="shown">, showing {r.practice.name}</span>}
                        </>
                      ) : (
                        r.practice?.name
                      )}
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
          </div>
        )}
        <div className="map-column">
          <PolandMap
            hosts={result?.hosts ?? []}
            origin={result?.origin ?? (mode === 'near' ? picked : null)}
            radiusKm={result?.radius ?? (mode === 'near' && picked ? radius : null)}
            region={result?.region}
            voivodeships={setup?.voivodeships ?? []}
            onPick={pick}
          />
          <p className="hint">Click the map to search from that point.</p>
        </div>
      </div>
    </div>
  );
}

function describe({ hosts, origin, radius, region, themes }) {
  const about = themes.length ? ` on ${themes.map(themeLabel).join(', ')}` : '';
  const where = origin ? ` within ${radius} km of ${origin.name}` : region ? ` in ${region.name}` : '';
  if (hosts.length === 0) return `No hosts found${about}${where}.`;
  return `${hosts.length} host${hosts.length > 1 ? 's' : ''}${about}${where}, best first.`;
}
