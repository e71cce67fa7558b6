// The map projection shared by the build script that draws the voivodeships and the explorer
// that places hosts on them: an equirectangular projection centred on Poland, with longitude
// scaled by the cosine of the central latitude so that shapes are not stretched.

const lat0 = 52;
const bounds = { west: 14.0, east: 24.3, north: 55.0, south: 48.9 };
const kx = Math.cos((lat0 * Math.PI) / 180);
const unit = 100; // SVG units per degree of latitude

export const projection = {
  width: (bounds.east - bounds.west) * kx * unit,
  height: (bounds.north - bounds.south) * unit,
  /** project returns [x, y] in the map's SVG coordinates. */
  project(lat, lon) {
    return [(lon - bounds.west) * kx * unit, (bounds.north - lat) * unit];
  },
  /** invert returns [lat, lon] of a point in the map's SVG coordinates. */
  invert(x, y) {
    return [bounds.north - y / unit, x / (kx * unit) + bounds.west];
  },
  /** contains reports whether a point lies in the map's frame. */
  contains(lat, lon) {
    return lat >= bounds.south && lat <= bounds.north && lon >= bounds.west && lon <= bounds.east;
  },
};
