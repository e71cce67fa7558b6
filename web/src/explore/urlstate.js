// The explorer's state in the URL: the tab, the network's centre and depth, the path's ends and
// hops, the planner's question. Views write what they show (replaceState: no history entry per
// change), so that a reload restores the view and a link shares it.

/** urlState returns the current URL's parameters. */
export function urlState() {
  return new URLSearchParams(window.location.search);
}

/** setURLState merges values into the URL (null or '' removes a key) without reloading. */
export function setURLState(values) {
  const params = urlState();
  for (const [k, v] of Object.entries(values)) {
    if (v == null || v === '' || (Array.isArray(v) && v.length === 0)) params.delete(k);
    else params.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const q = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${q ? `?${q}` : ''}`);
}

/** intParam reads an integer parameter within [lo, hi], or def. */
export function intParam(params, key, def, lo, hi) {
  const n = Number.parseInt(params.get(key) ?? '', 10);
  return Number.isFinite(n) && n >= lo && n <= hi ? n : def;
}
