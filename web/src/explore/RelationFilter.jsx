// Which relation types a view follows: every one by default, one click to leave out geography
// (seats, served areas, the place hierarchy, where events were held), or any set. It maps to
// the API's relationTypes argument; the choice is kept in the URL (rel=, the types followed).
import { useEffect, useState } from 'react';
import { gql, RELATION_TYPES } from './api.js';
import { relationLabel } from './nodeTypes.js';

export const GEOGRAPHY = ['LOCATED_IN', 'SERVES_AREA', 'WITHIN', 'HELD_IN'];

let typesOnce = null;
function relationTypes() {
  typesOnce ??= gql(RELATION_TYPES).then((d) => d.types.enumValues.map((v) => v.name));
  return typesOnce;
}

/**
 * RelationFilter shows the choice; value is the list of types followed (null: all), onChange
 * receives the new list (null when every type is followed).
 */
export function RelationFilter({ value, onChange, name }) {
  const [all, setAll] = useState([]);
  useEffect(() => {
    relationTypes().then(setAll).catch(() => setAll([]));
  }, []);
  const followed = value ?? all;
  const set = (types) => onChange(types.length === all.length ? null : types);
  const withoutGeography = all.length > 0 && GEOGRAPHY.every((t) => !followed.includes(t)) && followed.length === all.length - GEOGRAPHY.filter((t) => all.includes(t)).length;
  return (
    <div className="relation-filter" data-name={name}>
      <label className="check">
        <input
          type="checkbox"
          checked={withoutGeography}
          disabled={all.length === 0}
          onChange={(e) => set(e.target.checked ? all.filter((t) => !GEOGRAPHY.includes(t)) : all)}
        />{' '}
        Leave out places (seats, areas, where events were held)
      </label>
      <details>
        <summary>Relation types ({value ? `${followed.length} of ${all.length}` : 'all'})</summary>
        <fieldset>
          <legend className="visually-hidden">Relation types followed</legend>
          {all.map((t) => (
            <label key={t} className="check">
              <input
                type="checkbox"
                value={t}
                checked={followed.includes(t)}
                onChange={(e) => set(e.target.checked ? [...followed, t] : followed.filter((x) => x !== t))}
              />{' '}
              {relationLabel(t)}
            </label>
          ))}
        </fieldset>
      </details>
    </div>
  );
}
