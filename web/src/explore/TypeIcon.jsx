// A small inline picture of a node type's shape, with the type's name for screen readers.
import { shapePath, typeInfo } from './nodeTypes.js';

export function TypeIcon({ type, size = 18 }) {
  const t = typeInfo(type);
  return (
    <svg className="type-icon" width={size} height={size} viewBox="-12 -12 24 24" role="img" aria-label={t.label}>
      <path d={shapePath(t.shape, 9)} fill={t.colour} stroke="#222" strokeWidth="1.5" />
    </svg>
  );
}

export function Legend() {
  const types = ['ORGANISATION', 'PERSON', 'PROJECT', 'PROGRAMME', 'EVENT', 'PRACTICE', 'PLACE', 'SOURCE'];
  return (
    <ul className="legend" aria-label="Node types">
      {types.map((type) => (
        <li key={type}>
          <TypeIcon type={type} /> {typeInfo(type).label} <span className="code">({typeInfo(type).code})</span>
        </li>
      ))}
    </ul>
  );
}
