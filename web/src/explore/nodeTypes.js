// How each node type is drawn. Every type has its own shape and a short code inside the shape
// as well as a colour, so that the graph reads without colour (WCAG 1.4.1). The colours are
// the Okabe-Ito palette, distinguishable with the common colour-vision deficiencies.

export const nodeTypes = {
  ORGANISATION: { label: 'Organisation', code: 'O', shape: 'circle', colour: '#56B4E9' },
  PERSON: { label: 'Person', code: 'Pe', shape: 'triangle', colour: '#E69F00' },
  PROJECT: { label: 'Project', code: 'Pj', shape: 'square', colour: '#009E73' },
  PROGRAMME: { label: 'Programme', code: 'Pg', shape: 'pentagon', colour: '#CC79A7' },
  EVENT: { label: 'Event', code: 'E', shape: 'diamond', colour: '#F0E442' },
  PRACTICE: { label: 'Practice', code: 'Pr', shape: 'star', colour: '#D55E00' },
  PLACE: { label: 'Place', code: 'Pl', shape: 'hexagon', colour: '#BBBBBB' },
  SOURCE: { label: 'Source', code: 'S', shape: 'document', colour: '#FFFFFF' },
};

export function typeInfo(type) {
  return nodeTypes[type] ?? { label: type, code: '?', shape: 'circle', colour: '#DDDDDD' };
}

function polygon(points) {
  return `M${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join('L')}Z`;
}

function regular(n, r, rotation = -Math.PI / 2) {
  return Array.from({ length: n }, (_, i) => {
    const a = rotation + (i * 2 * Math.PI) / n;
    return [r * Math.cos(a), r * Math.sin(a)];
  });
}

/** shapePath returns an SVG path, centred on 0,0, for a shape of radius r. */
export function shapePath(shape, r) {
  switch (shape) {
    case 'square':
      return polygon([[-r * 0.85, -r * 0.85], [r * 0.85, -r * 0.85], [r * 0.85, r * 0.85], [-r * 0.85, r * 0.85]]);
    case 'triangle':
      return polygon(regular(3, r * 1.2).map(([x, y]) => [x, y + r * 0.2]));
    case 'diamond':
      return polygon(regular(4, r * 1.15));
    case 'pentagon':
      return polygon(regular(5, r * 1.05));
    case 'hexagon':
      return polygon(regular(6, r * 1.05, 0));
    case 'star':
      return polygon(regular(10, 1, -Math.PI / 2).map(([x, y], i) => {
        const k = i % 2 === 0 ? r * 1.3 : r * 0.6;
        return [x * k, y * k];
      }));
    case 'document': {
      const w = r * 0.8;
      const h = r;
      const f = r * 0.35;
      return polygon([[-w, -h], [w - f, -h], [w, -h + f], [w, h], [-w, h]]);
    }
    default:
      return `M${-r},0a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
  }
}

/** relationLabel turns HOLDS_POSITION into "holds position". */
export function relationLabel(type) {
  return type.toLowerCase().replaceAll('_', ' ');
}

/** themeLabel turns SUPPORTED_HOUSING into "Supported housing". */
export function themeLabel(theme) {
  // A single short word is an acronym (CSR).
  if (!theme.includes('_') && theme.length <= 4) return theme;
  const s = theme.toLowerCase().replaceAll('_', ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
