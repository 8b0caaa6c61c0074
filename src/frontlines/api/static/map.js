// The map of `frontlines serve` (/map): events of the time window and filters from the API of
// the same service, clustered by zoom; the control of each place at the window's end; the
// evidence of an event on click. Every text shown is set as textContent (never parsed as HTML):
// titles, names and sentences come from news pages. All state lives in the URL.
"use strict";

const ITEMS = "/collections/events/items";
const CONTROL = "/collections/control/items";
// The first request is small so that markers appear at once on a large store; the pages after
// it are large so that the whole window arrives in few round trips.
const FIRST_PAGE = 500;
const PAGE = 5000;
const MAX_SHOWN = 50000; // events on the map at most: past it the status says so
const DAY = 86400000;
const FILTERS = ["event_type", "actor", "country", "outlet", "min_confidence"];
const TYPE_COLOURS = {
  "Battles": "#c0392b",
  "Explosions/Remote violence": "#e67e22",
  "Violence against civilians": "#8e44ad",
  "Protests": "#2980b9",
  "Riots": "#16a085",
  "Strategic developments": "#7f8c8d",
};
const HOLDER_COLOURS = ["#d35400", "#27ae60", "#2c3e50", "#f1c40f", "#9b59b6", "#1abc9c", "#e84393", "#6d4c41"];

const state = readState();
let map, events, control, slider, extent, playing = null, generation = 0;

document.addEventListener("DOMContentLoaded", start);

async function start() {
  map = L.map("map", { minZoom: 2, maxZoom: 14, worldCopyJump: true });
  map.attributionControl.addAttribution("Natural Earth (world-atlas)");
  const view = state.view;
  if (view) map.setView([view[0], view[1]], view[2]); else map.setView([34.8, 38.5], 6);
  await drawBasemap();
  events = L.markerClusterGroup({ iconCreateFunction: clusterIcon, showCoverageOnHover: false, disableClusteringAtZoom: 11 });
  // Above the events' pane: a ring is hit by its stroke only, so the events inside stay clickable.
  map.createPane("control").style.zIndex = 450;
  control = L.layerGroup();
  events.addTo(map);
  if (state.control) control.addTo(map);
  extent = await collectionExtent();
  setUpForm();
  setUpSlider();
  map.on("moveend", () => { state.view = [round(map.getCenter().lat, 4), round(map.getCenter().lng, 4), map.getZoom()]; writeState(); updateDownloads(); });
  document.getElementById("close-panel").addEventListener("click", () => { state.event = null; writeState(); showPanel(false); });
  document.getElementById("play").addEventListener("click", togglePlay);
  document.getElementById("speed").value = String(state.speed);
  document.getElementById("speed").addEventListener("change", (e) => { state.speed = Number(e.target.value); writeState(); });
  await reload();
  if (state.event) showEvent(state.event);
}

// -- state in the URL ------------------------------------------------------------------------

function readState() {
  const params = new URLSearchParams(location.search);
  const view = (params.get("view") || "").split(",").map(Number);
  const found = {
    start: validDate(params.get("start")),
    end: validDate(params.get("end")),
    speed: [1, 7, 30].includes(Number(params.get("speed"))) ? Number(params.get("speed")) : 7,
    control: params.get("control") !== "0",
    event: params.get("event"),
    view: view.length === 3 && view.every(Number.isFinite) ? view : null,
  };
  for (const name of FILTERS) found[name] = params.get(name) || "";
  return found;
}

function writeState() {
  const params = new URLSearchParams();
  if (state.start) params.set("start", state.start);
  if (state.end) params.set("end", state.end);
  for (const name of FILTERS) if (state[name]) params.set(name, state[name]);
  if (!state.control) params.set("control", "0");
  if (state.speed !== 7) params.set("speed", String(state.speed));
  if (state.view) params.set("view", state.view.join(","));
  if (state.event) params.set("event", state.event);
  history.replaceState(null, "", `${location.pathname}?${params}`);
}

function validDate(text) {
  return text && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text)) ? text : null;
}

// The API's query for what the map shows: the filters and the window.
function query(extra) {
  const params = new URLSearchParams();
  for (const name of FILTERS) if (state[name]) params.set(name, state[name]);
  params.set("datetime", `${state.start || ".."}/${state.end || ".."}`);
  for (const [key, value] of Object.entries(extra || {})) params.set(key, value);
  return params;
}

// -- basemap, slider, form -------------------------------------------------------------------

async function drawBasemap() {
  const atlas = await getJSON("/static/vendor/world-atlas/countries-50m.json");
  const countries = topojson.feature(atlas, atlas.objects.countries);
  L.geoJSON(countries, { style: { color: "#888", weight: 0.8, fillColor: "#f2efe6", fillOpacity: 1 }, interactive: false }).addTo(map);
}

async function collectionExtent() {
  const collection = await getJSON("/collections/events");
  const [first, last] = collection.extent.temporal.interval[0];
  const today = new Date().toISOString().slice(0, 10);
  return { first: first || today, last: last || today };
}

function setUpSlider() {
  const min = dayNumber(extent.first), max = Math.max(dayNumber(extent.last), min + 1);
  const start = clamp(state.start ? dayNumber(state.start) : min, min, max);
  const end = clamp(state.end ? dayNumber(state.end) : max, min, max);
  state.start = isoDay(start);
  state.end = isoDay(end);
  slider = document.getElementById("slider");
  noUiSlider.create(slider, { start: [start, end], connect: true, step: 1, range: { min, max }, behaviour: "drag-tap" });
  showWindow();
  slider.noUiSlider.on("slide", () => { readSlider(); showWindow(); });
  slider.noUiSlider.on("change", () => { readSlider(); writeState(); reload(); });
}

function readSlider() {
  const [start, end] = slider.noUiSlider.get(true).map(Math.round);
  state.start = isoDay(start);
  state.end = isoDay(end);
}

function showWindow() {
  document.getElementById("start-label").textContent = state.start;
  document.getElementById("end-label").textContent = state.end;
}

function setUpForm() {
  const form = document.getElementById("filters");
  for (const name of FILTERS) form.elements[name].value = state[name];
  form.elements.control.checked = state.control;
  form.addEventListener("change", () => {
    for (const name of FILTERS) state[name] = form.elements[name].value.trim();
    state.control = form.elements.control.checked;
    if (state.control) control.addTo(map); else control.remove();
    writeState();
    reload();
  });
  form.addEventListener("submit", (e) => e.preventDefault());
}

function togglePlay() {
  const button = document.getElementById("play");
  if (playing) {
    clearInterval(playing);
    playing = null;
    button.textContent = "▶";
    button.setAttribute("aria-label", "play");
    return;
  }
  button.textContent = "⏸";
  button.setAttribute("aria-label", "pause");
  playing = setInterval(async () => {
    const max = slider.noUiSlider.options.range.max;
    let [start, end] = slider.noUiSlider.get(true).map(Math.round);
    const step = Math.min(state.speed, max - end);
    if (step <= 0) { togglePlay(); return; }
    slider.noUiSlider.set([start + step, end + step]);
    readSlider();
    showWindow();
    writeState();
    await reload();
  }, 900);
}

// -- events and control ----------------------------------------------------------------------

async function reload() {
  const mine = ++generation;
  document.body.dataset.state = "loading";
  updateDownloads();
  await Promise.all([loadEvents(mine), loadControl(mine)]);
  if (mine === generation) document.body.dataset.state = "ready";
}

async function loadEvents(mine) {
  const status = document.getElementById("status");
  const markers = [];
  let url = `${ITEMS}?${query({ limit: String(FIRST_PAGE) })}`, matched = 0;
  events.clearLayers();
  while (url && markers.length < MAX_SHOWN) {
    const page = await getJSON(url);
    if (mine !== generation) return;
    matched = page.numberMatched;
    const added = page.features.filter((f) => f.geometry).map(eventMarker);
    markers.push(...added);
    events.addLayers(added);
    const next = page.links.find((link) => link.rel === "next");
    url = next && markers.length < MAX_SHOWN ? withLimit(sameOrigin(next.href), Math.min(PAGE, MAX_SHOWN - markers.length)) : null;
  }
  status.dataset.count = String(markers.length);
  status.textContent = markers.length < matched
    ? `${markers.length} of ${matched} events shown (${matched - markers.length} without a place or past ${MAX_SHOWN})`
    : `${markers.length} event${markers.length === 1 ? "" : "s"}, ${state.start} to ${state.end}`;
  drawLegend();
}

function eventMarker(feature) {
  const p = feature.properties;
  const [lon, lat] = feature.geometry.coordinates;
  const colour = TYPE_COLOURS[p.event_type] || "#555";
  const claimOnly = p.corroboration && p.corroboration.claim_only;
  const marker = L.circleMarker([lat, lon], {
    radius: Math.min(5 + 2.2 * Math.sqrt(p.fatalities || 0), 22),
    color: colour,
    weight: 2,
    fillColor: colour,
    fillOpacity: claimOnly ? 0 : 0.7, // hollow: only a party to the fight claims it
    className: `event-marker${claimOnly ? " claim-only" : ""}`,
  });
  marker.feature = feature;
  marker.bindTooltip(textNode(`${p.event_date || "undated"} · ${p.sub_event_type} · ${p.location || ""}`));
  marker.on("click", () => { state.event = feature.id; writeState(); showEvent(feature.id); });
  return marker;
}

function clusterIcon(cluster) {
  const count = cluster.getChildCount();
  const size = count < 10 ? 30 : count < 100 ? 38 : 46;
  const label = document.createElement("span");
  label.textContent = String(count);
  return L.divIcon({ html: label, className: "event-cluster", iconSize: [size, size] });
}

async function loadControl(mine) {
  if (!state.control) { control.clearLayers(); document.getElementById("control-legend").replaceChildren(); return; }
  const [atEnd, atStart] = await Promise.all([
    allPages(`${CONTROL}?datetime=${state.end}`),
    allPages(`${CONTROL}?datetime=${state.start}`),
  ]);
  if (mine !== generation) return;
  control.clearLayers();
  const holders = new Set(atEnd.features.map((f) => f.properties.holder));
  const legend = document.getElementById("control-legend");
  legend.replaceChildren();
  for (const holder of holders) {
    const item = legendItem("swatch ring", `held by ${holder || "unknown"}`);
    item.firstChild.style.borderColor = holderColour(holder);
    legend.append(item);
  }
  if (holders.size) legend.append(document.createTextNode("(dashed: contested; thick: changed hands in the window)"));
  const before = new Map(atStart.features.map((f) => [f.id, f.properties.holder]));
  for (const place of atEnd.features) {
    if (!place.geometry) continue;
    const p = place.properties;
    const [lon, lat] = place.geometry.coordinates;
    const previous = before.has(place.id) ? before.get(place.id) : null;
    const changed = previous !== null && previous !== p.holder;
    const ring = L.circleMarker([lat, lon], {
      pane: "control",
      radius: changed ? 22 : 18,
      color: holderColour(p.holder),
      weight: changed ? 5 : 3,
      dashArray: p.contested ? "5 4" : null,
      fill: false,
      className: `control-place${p.contested ? " contested" : ""}${changed ? " changed" : ""}`,
      interactive: true,
    });
    const lines = [`${p.location}: held by ${p.holder || "unknown"} since ${p.since || "before the first report"}`];
    if (p.contested) lines.push("contested: another side's change within days");
    if (p.claimed) lines.push("only claimed by a party to the fight");
    if (changed) lines.push(`changed hands since ${state.start}: from ${previous || "unknown"}`);
    ring.bindTooltip(textBlock(lines), { className: "control-tooltip" });
    control.addLayer(ring);
  }
}

function holderColour(holder) {
  if (!holder) return "#999";
  let hash = 0;
  for (const ch of holder) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return HOLDER_COLOURS[hash % HOLDER_COLOURS.length];
}

function drawLegend() {
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  for (const type of Object.keys(TYPE_COLOURS)) {
    legend.append(legendItem(`swatch ${slug(type)}`, type));
  }
  legend.append(legendItem("swatch hollow", "claimed by a party only"));
}

function legendItem(swatchClass, text) {
  const item = document.createElement("span");
  item.className = "legend-item";
  const swatch = document.createElement("span");
  swatch.className = swatchClass;
  item.append(swatch, document.createTextNode(text));
  return item;
}

function updateDownloads() {
  const bounds = map.getBounds();
  const box = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
    .map((n, i) => round(clamp(n, i % 2 ? -90 : -180, i % 2 ? 90 : 180), 5)).join(",");
  document.getElementById("download-csv").href = `${ITEMS}?${query({ bbox: box, f: "csv" })}`;
  document.getElementById("download-geojson").href = `${ITEMS}?${query({ bbox: box, limit: "10000", f: "json" })}`;
}

// -- the evidence panel ----------------------------------------------------------------------

async function showEvent(id) {
  const panel = document.getElementById("evidence");
  panel.replaceChildren(element("p", "Loading…"));
  showPanel(true);
  let feature;
  try {
    feature = await getJSON(`${ITEMS}/${encodeURIComponent(id)}`);
  } catch (error) {
    panel.replaceChildren(element("p", `This event could not be read: ${error.message}`));
    return;
  }
  const p = feature.properties;
  const c = p.corroboration || {};
  const parts = [
    element("h2", `${p.sub_event_type} · ${p.location || p.country || "unknown place"}`),
    element("p", `${p.event_date || "undated"} · ${p.actor1 || "unidentified actor"}${p.actor2 ? ` vs ${p.actor2}` : ""} · ${p.fatalities} killed`),
    element("p", p.notes),
    element("h3", "Corroboration"),
    element("p", `${c.outlets} independent outlet(s): ${(c.names || []).join(", ")}` +
      `${c.sides && c.sides.length ? `; sides: ${c.sides.join(", ")}` : ""}` +
      `${c.across_sides ? " (reported across sides)" : ""}` +
      `${c.claim_only ? " — only claimed by a party to the fight" : ""}`),
    element("p", `Claimed by: ${(p.claimed_by || []).join(", ") || "no party"} · confidence ${p.confidence}`),
    element("h3", "Why"),
    definitions(p.why || {}),
    element("h3", `Reports (${p.reports.length})`),
  ];
  const reports = p.reports.map(reportBlock);
  panel.replaceChildren(...parts, ...reports.map((r) => r.block));
  await Promise.all(reports.map((r) => r.fill()));
}

function reportBlock(report) {
  const block = document.createElement("div");
  block.className = "report";
  const head = document.createElement("p");
  head.append(element("strong", report.outlet || "unknown outlet"));
  head.append(document.createTextNode(` (${report.alignment || "alignment unknown"}) · ${report.published || "undated"}`));
  const link = safeLink(report.url);
  if (link) { head.append(document.createTextNode(" · ")); head.append(link); }
  block.append(head);
  const facts = [`${report.fatalities} killed as reported`];
  if (report.claimed_by && report.claimed_by.length) facts.push(`claimed by ${report.claimed_by.join(", ")}`);
  if (report.claim) facts.push("a party's own account");
  if (report.copy_of) facts.push("a syndicated copy");
  block.append(element("p", facts.join(" · ")));
  const paragraph = document.createElement("p");
  paragraph.className = "paragraph";
  paragraph.append(element("mark", report.evidence.text));
  block.append(paragraph);
  const fill = async () => {
    if (!report.document_id) return;
    let page;
    try {
      page = await getJSON(`/documents/${encodeURIComponent(report.document_id)}`);
    } catch (error) {
      return; // the sentence alone stays shown
    }
    const { before, sentence, after } = inParagraph(page.body || "", report.evidence);
    paragraph.replaceChildren(document.createTextNode(before), element("mark", sentence), document.createTextNode(after));
    const title = element("p", `“${page.title || "untitled page"}”`);
    title.className = "page-title";
    block.insertBefore(title, paragraph);
    if (page.comments && page.comments.length) {
      const comments = document.createElement("details");
      comments.append(element("summary", `${page.comments.length} comment(s) under the page`));
      for (const comment of page.comments) comments.append(element("p", `${comment.author || "anonymous"}: ${comment.text}`));
      block.append(comments);
    }
  };
  return { block, fill };
}

// The paragraph of `body` (paragraphs are split by a blank line) around the evidence offsets.
function inParagraph(body, evidence) {
  const start = body.lastIndexOf("\n\n", evidence.start);
  const from = start < 0 ? 0 : start + 2;
  const stop = body.indexOf("\n\n", evidence.end);
  const to = stop < 0 ? body.length : stop;
  return { before: body.slice(from, evidence.start), sentence: body.slice(evidence.start, evidence.end), after: body.slice(evidence.end, to) };
}

function definitions(why) {
  const list = document.createElement("dl");
  for (const [key, text] of Object.entries(why)) list.append(element("dt", key.replace(/_/g, " ")), element("dd", String(text)));
  return list;
}

function showPanel(open) {
  document.getElementById("panel").hidden = !open;
  map.invalidateSize();
}

// -- helpers ---------------------------------------------------------------------------------

async function getJSON(url) {
  const answer = await fetch(url, { headers: { accept: "application/json" } });
  if (!answer.ok) {
    let detail = answer.statusText;
    try { detail = (await answer.json()).detail || detail; } catch (_) { /* not a problem+json */ }
    throw new Error(detail);
  }
  return answer.json();
}

// A `next` link from this service, kept on this page's origin whatever host name it was built with.
function sameOrigin(href) {
  const url = new URL(href, location.href);
  return `${url.pathname}${url.search}`;
}

// Every feature of a collection, following its `next` links (control comes in pages of places).
async function allPages(url) {
  const features = [];
  while (url) {
    const page = await getJSON(url);
    features.push(...page.features);
    const next = page.links.find((link) => link.rel === "next");
    url = next ? sameOrigin(next.href) : null;
  }
  return { features };
}

function withLimit(path, limit) {
  const url = new URL(path, location.href);
  url.searchParams.set("limit", String(limit));
  return `${url.pathname}${url.search}`;
}

function element(tag, text) {
  const node = document.createElement(tag);
  node.textContent = text == null ? "" : String(text);
  return node;
}

function textNode(text) {
  return element("span", text);
}

function textBlock(lines) {
  const block = document.createElement("div");
  for (const line of lines) block.append(element("div", line));
  return block;
}

// A link only for http(s) addresses: a stored "javascript:" URL must not become one.
function safeLink(href) {
  let url;
  try { url = new URL(href); } catch (_) { return null; }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const link = element("a", url.hostname);
  link.href = url.href;
  link.rel = "noreferrer noopener nofollow";
  link.target = "_blank";
  return link;
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z]+/g, "-").replace(/^-|-$/g, "");
}

function dayNumber(iso) { return Math.floor(Date.parse(iso) / DAY); }
function isoDay(n) { return new Date(n * DAY).toISOString().slice(0, 10); }
function clamp(n, low, high) { return Math.min(Math.max(n, low), high); }
function round(n, digits) { const f = 10 ** digits; return Math.round(n * f) / f; }
