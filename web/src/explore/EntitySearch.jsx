// A search form over the API's `search`, which tolerates missing diacritics, Polish endings and
// abbreviations. Results are a list of buttons: Tab to one and press Enter to choose it.
import { useId, useState } from 'react';
import { gql, SEARCH } from './api.js';
import { typeInfo } from './nodeTypes.js';
import { TypeIcon } from './TypeIcon.jsx';

export function EntitySearch({ label, placeholder, types, onChoose, chosen, initialText = '', name }) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const [hits, setHits] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function search(e) {
    e.preventDefault();
    const q = text.trim();
    if (!q) {
      setError('Type a name to search for.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const data = await gql(SEARCH, { text: q, types: types ?? null, first: 8 });
      setHits(data.search?.nodes ?? []);
    } catch (err) {
      setHits(null);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  function choose(node) {
    setHits(null);
    setText(node.name);
    onChoose(node);
  }

  return (
    <div className="entity-search" data-name={name}>
      <form role="search" onSubmit={search} aria-label={label}>
        <label htmlFor={`${id}-text`}>{label}</label>
        <div className="search-row">
          <input
            id={`${id}-text`}
            type="search"
            value={text}
            placeholder={placeholder}
            autoComplete="off"
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" disabled={busy}>{busy ? 'Searching…' : 'Search'}</button>
        </div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {hits && (
        <div className="hits" aria-live="polite">
          {hits.length === 0 ? (
            <p>Nothing found for “{text}”.</p>
          ) : (
            <>
              <p className="hint">{hits.length} found: choose one.</p>
              <ul>
                {hits.map((h) => (
                  <li key={h.node.id}>
                    <button type="button" className="hit" onClick={() => choose(h.node)}>
                      <TypeIcon type={h.node.type} />
                      <span className="hit-name">{h.node.name}</span>
                      <span className="hit-type">{typeInfo(h.node.type).label}</span>
                      {h.matched !== h.node.name && <span className="hit-matched">matched “{h.matched}”</span>}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {chosen && (
        <p className="chosen">
          Chosen: <TypeIcon type={chosen.type} /> <strong>{chosen.name}</strong> <code>{chosen.id}</code>
        </p>
      )}
    </div>
  );
}
