// A map of Poland's voivodeships drawn from boundaries bundled at build time (no tile server),
// with the planner's hosts as numbered markers at their seats: the numbers match the list, so
// the map reads without colour.
import map from './generated/voivodeships.json';
import { projection } from './projection.js';

const KM_PER_DEGREE = 111.2;
const UNITS_PER_DEGREE = projection.height / (55.0 - 48.9);

function shortName(name) {
  return name.replace(/^województwo\s+/i, '');
}

// spread moves markers that share a seat onto a small ring around it so each number shows.
function spread(markers) {
  const groups = new Map();
  for (const m of markers) {
    const key = `${m.x.toFixed(0)},${m.y.toFixed(0)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(m);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.forEach((m, i) => {
      const a = (i * 2 * Math.PI) / group.length - Math.PI / 2;
      m.x += 16 * Math.cos(a);
      m.y += 16 * Math.sin(a);
    });
  }
  return markers;
}

// pointOf turns a click on the map into the latitude and longitude under it.
function pointOf(event) {
  const svg = event.currentTarget;
  const ctm = svg.getScreenCTM();
  if (!ctm) return null;
  const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
  const [lat, lon] = projection.invert(p.x, p.y);
  return projection.contains(lat, lon) ? { lat, lon } : null;
}

export function PolandMap({ hosts, origin, radiusKm, region, voivodeships, onPick }) {
  const names = new Map(voivodeships.map((v) => [v.slug, v]));
  const markers = [];
  const outside = [];
  hosts.forEach((h, i) => {
    const p = h.organisation.seat?.point;
    if (p && projection.contains(p.lat, p.lon)) {
      const [x, y] = projection.project(p.lat, p.lon);
      markers.push({ x, y, rank: i + 1, host: h });
    } else {
      outside.push({ rank: i + 1, host: h });
    }
  });
  spread(markers);
  const o = origin?.point && projection.contains(origin.point.lat, origin.point.lon) ? projection.project(origin.point.lat, origin.point.lon) : null;
  const regionSlug = region?.slug;
  const label = `Map of Poland's voivodeships with ${markers.length} numbered host${markers.length === 1 ? '' : 's'}${
    origin ? `, ${origin.name} marked with a star` : ''}${region ? `, ${region.name} hatched` : ''}.`;

  return (
    <figure className="poland-map">
      <svg
        viewBox={`-10 -10 ${projection.width + 20} ${projection.height + 20}`}
        role="img"
        aria-label={label}
        className={onPick ? 'pickable' : undefined}
        onClick={onPick ? (e) => { const p = pointOf(e); if (p) onPick(p); } : undefined}
      >
        <defs>
          <pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#dbe9f6" />
            <line x1="0" y1="0" x2="0" y2="8" stroke="#2a6fb0" strokeWidth="3" />
          </pattern>
        </defs>
        {map.features.map((f) => (
          <path
            key={f.slug}
            d={f.path}
            className={`voivodeship${f.slug === regionSlug ? ' chosen' : ''}`}
            fill={f.slug === regionSlug ? 'url(#hatch)' : '#f4f1ea'}
          >
            <title>{names.get(f.slug)?.name ?? f.slug}</title>
          </path>
        ))}
        {voivodeships.map((v) => {
          if (!v.point) return null;
          const [x, y] = projection.project(v.point.lat, v.point.lon);
          return (
            <g key={v.id} className="capital" aria-hidden="true">
              <circle cx={x} cy={y} r="2.5" />
              {/* Names near the frame's edges are anchored inwards so they are not cut off. */}
              <text x={x} y={y + 13} textAnchor={x < 70 ? 'start' : x > projection.width - 70 ? 'end' : 'middle'}>{shortName(v.name)}</text>
            </g>
          );
        })}
        {o && radiusKm && (
          <circle className="radius" cx={o[0]} cy={o[1]} r={(radiusKm / KM_PER_DEGREE) * UNITS_PER_DEGREE} />
        )}
        {o && (
          <g className="origin" transform={`translate(${o[0]},${o[1]})`}>
            <path d="M0,-11L3,-3.5L11,-3.5L4.5,1.5L7,9.5L0,4.5L-7,9.5L-4.5,1.5L-11,-3.5L-3,-3.5Z" />
            <text y="-14" textAnchor="middle">{origin.name}</text>
          </g>
        )}
        {markers.map((m) => (
          <g key={m.host.organisation.id} className="marker" transform={`translate(${m.x},${m.y})`} data-rank={m.rank}>
            <title>{`${m.rank}. ${m.host.organisation.name}`}</title>
            <circle r="11" />
            <text dy="4.5" textAnchor="middle">{m.rank}</text>
          </g>
        ))}
      </svg>
      <figcaption>
        {outside.length > 0 && (
          <span>
            Not on the map (abroad or without coordinates): {outside.map((m) => `${m.rank}. ${m.host.organisation.name}`).join('; ')}.{' '}
          </span>
        )}
        <small>{map.attribution}. Seats: GeoNames (CC BY 4.0).</small>
      </figcaption>
    </figure>
  );
}
