// The ratio's history as an SVG line: one point per RatioUpdated event
// (and the current ratio at the right end), time along x, ratio along y.
// Drawn by hand: one step line and two labelled axes are less code than a
// charting library's setup, and add nothing to the bundle.

/** A point of the history: seconds since the epoch and the ratio (1e18 =
 * one). */
export interface Point {
  time: number;
  ratio: bigint;
}

const H = 180;
const PAD = { left: 70, right: 12, top: 12, bottom: 28 };

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Draws `points` (oldest first) into `target`, replacing what it held. */
export function drawRatioChart(target: SVGSVGElement, points: Point[]): void {
  // As wide as the element is drawn, so text keeps its size.
  const W = Math.max(Math.round(target.getBoundingClientRect().width), 320);
  target.replaceChildren();
  target.setAttribute("viewBox", `0 0 ${W} ${H}`);
  if (points.length === 0) {
    target.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "muted" }, "no history yet"));
    return;
  }
  const ratios = points.map((p) => Number(p.ratio) / 1e18);
  const times = points.map((p) => p.time);
  let [lo, hi] = [Math.min(...ratios), Math.max(...ratios)];
  if (hi - lo < 1e-6) [lo, hi] = [lo - 1e-4, hi + 1e-4];
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const x = (t: number) => PAD.left + ((t - t0) / Math.max(t1 - t0, 1)) * (W - PAD.left - PAD.right);
  const y = (r: number) => PAD.top + (1 - (r - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const axis = { stroke: "currentColor", "stroke-opacity": 0.3 };
  target.append(svg("line", { x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom, ...axis }));
  target.append(svg("line", { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom, ...axis }));
  for (const r of [lo, hi]) {
    target.append(svg("text", { x: PAD.left - 6, y: y(r) + 4, "text-anchor": "end", class: "tick" }, r.toFixed(6)));
  }
  for (const [t, anchor] of [[t0, "start"], [t1, "end"]] as const) {
    // Minutes, or seconds when the history is shorter than an hour.
    const label = new Date(t * 1000).toISOString().slice(0, t1 - t0 < 3600 ? 19 : 16).replace("T", " ");
    target.append(svg("text", { x: x(t), y: H - 8, "text-anchor": anchor, class: "tick" }, label));
  }
  // A step line: the ratio holds until the next update.
  let d = "";
  points.forEach((p, i) => {
    const [px, py] = [x(p.time), y(ratios[i]!)];
    d += i === 0 ? `M${px},${py}` : `H${px}V${py}`;
  });
  target.append(svg("path", { d, fill: "none", stroke: "var(--accent)", "stroke-width": 2, class: "ratio-line" }));
  for (const [i, p] of points.entries()) {
    target.append(svg("circle", { cx: x(p.time), cy: y(ratios[i]!), r: 3, fill: "var(--accent)", class: "ratio-point" }));
  }
}
