// medkg's page: plain JavaScript, no build step. It talks only to the server that served it.
"use strict";

const $ = (id) => document.getElementById(id);
const KIND_COLOURS = {
  organization: "#4e79a7", person: "#f28e2b", place: "#59a14f",
  event: "#b07aa1", article: "#9c755f", other: "#bab0ac", membership: "#bab0ac",
};
// The drawing's fonts and sizes: the server measured the labels with these (cmd/layout.go).
const DRAW_FONT = '"DejaVu Sans", Verdana, "Liberation Sans", Arial, sans-serif';
const NODE_FONT = 11, EDGE_FONT = 9;

// el builds an element; text is always set as text, never as HTML.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null) continue;
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c == null) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

async function api(path, opts) {
  const res = await fetch("api/" + path, opts);
  let body;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) throw new Error((body && body.error) || res.status + " " + res.statusText);
  return body;
}

function showError(err) {
  const p = $("error");
  if (!err) { p.hidden = true; return; }
  p.textContent = String(err.message || err);
  p.hidden = false;
}

function entityHref(id) { return "#/entity/" + encodeURIComponent(id); }
function articleHref(id) { return "#/article/" + encodeURIComponent(id); }
function exportHref(graph, format) {
  return "api/export?format=" + format + (graph ? "&graph=" + encodeURIComponent(graph) : "");
}

// A date as people write it: 2021-01-08 → 8 Jan 2021 (a year or a month stays as it is).
function niceDate(d) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || "");
  if (!m) return d || "";
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return Number(m[3]) + " " + months[Number(m[2]) - 1] + " " + m[1];
}

// An article's title: its headline, or, where none was printed, its publisher and date.
function articleTitle(a) {
  if (a.headline) return a.headline;
  return "Untitled article" + (a.publisher ? " from " + (a.publisher.name || a.publisher) : "");
}

// A class as words: schema:ResearchOrganization → research organization.
function typeWords(types) {
  return (types || []).map((t) => t.replace(/^[a-z]+:/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()).join(", ");
}

function showView(name) {
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== name;
  for (const [nav, views] of [["nav-home", ["home"]], ["nav-queries", ["queries"]]]) {
    $(nav).classList.toggle("current", views.includes(name));
  }
}

for (const ul of document.querySelectorAll(".legend")) {
  ul.replaceChildren(...["organization", "person", "place", "event", "article"].map((k) =>
    el("li", {}, el("i", { class: "k-" + k }), k)));
}

// ---- search box with suggestions ----
let suggestTimer = null, suggestSeq = 0, active = -1;

function suggestions() { return Array.from($("suggestions").children); }

function setActive(i) {
  const items = suggestions();
  active = items.length ? (i + items.length) % items.length : -1;
  items.forEach((li, k) => li.classList.toggle("active", k === active));
}

async function suggest() {
  const text = $("q").value.trim();
  const ul = $("suggestions");
  if (!text) { ul.hidden = true; return; }
  const seq = ++suggestSeq;
  let hits;
  try { hits = await api("search?limit=12&q=" + encodeURIComponent(text)); }
  catch (e) { showError(e); return; }
  if (seq !== suggestSeq) return; // a newer keystroke won
  ul.replaceChildren(...hits.map((h) => {
    const li = el("li", { role: "option", "data-id": h.id }, h.name,
      el("span", { class: "meta" }, typeWords(h.types) + (h.matched ? " · “" + h.matched + "”" : "")));
    li.addEventListener("mousedown", (ev) => { ev.preventDefault(); go(h.id); });
    return li;
  }));
  if (!hits.length) ul.append(el("li", { class: "meta" }, "no entity matches"));
  ul.hidden = false;
  setActive(hits.length ? 0 : -1);
}

function go(id) {
  $("suggestions").hidden = true;
  $("q").blur();
  location.hash = entityHref(id);
}

$("q").addEventListener("input", () => { clearTimeout(suggestTimer); suggestTimer = setTimeout(suggest, 120); });
$("q").addEventListener("keydown", (ev) => {
  const items = suggestions().filter((li) => li.dataset.id);
  if (ev.key === "ArrowDown") { setActive(active + 1); ev.preventDefault(); }
  else if (ev.key === "ArrowUp") { setActive(active - 1); ev.preventDefault(); }
  else if (ev.key === "Escape") { $("suggestions").hidden = true; }
  else if (ev.key === "Enter") {
    ev.preventDefault();
    const li = items[Math.max(active, 0)];
    if (li) go(li.dataset.id);
  }
});
$("q").addEventListener("blur", () => setTimeout(() => { $("suggestions").hidden = true; }, 150));

// ---- drawing a neighbourhood ----
// The server lays the graph out (cmd/layout.go: no two labels overlap); cytoscape draws
// it where the layout says, and pans and zooms. An edge's label is a small node of its own
// at the place the layout found for it; a label that found no room shows on hover.
function drawHood(container, h, onNode, info) {
  const L = h.layout;
  const elements = [];
  h.nodes.forEach((n, i) => {
    const b = L.nodes[i];
    elements.push({ group: "nodes", data: { id: n.id, name: n.name, kind: n.kind, depth: n.depth, types: n.types,
      text: b.lines.join("\n"), w: b.w, h: b.h }, position: { x: b.x, y: b.y } });
  });
  h.edges.forEach((e, i) => {
    const b = L.edges[i];
    elements.push({ group: "edges", data: { id: "e" + i, source: e.source, target: e.target, label: e.label, predicate: e.predicate, shown: b.shown } });
    if (b.shown) {
      elements.push({ group: "nodes", classes: "elabel", data: { id: "l" + i, text: e.label, w: b.w, h: b.h }, position: { x: b.x, y: b.y } });
    }
  });
  const cy = cytoscape({
    container, elements, wheelSensitivity: 0.3, autoungrabify: true, boxSelectionEnabled: false,
    layout: { name: "preset", fit: true, padding: 12 },
    style: [
      { selector: "node", style: {
        "shape": "round-rectangle", "width": "data(w)", "height": "data(h)",
        "background-color": (n) => KIND_COLOURS[n.data("kind")] || KIND_COLOURS.other,
        "label": "data(text)", "text-wrap": "wrap", "text-max-width": 2000, "text-valign": "center", "text-halign": "center",
        "font-family": DRAW_FONT, "font-size": NODE_FONT, "line-height": 1.3, "color": "#fff" } },
      { selector: "node[depth = 0]", style: { "border-width": 2, "border-color": "#111" } },
      { selector: "node.elabel", style: {
        "shape": "rectangle", "background-color": "#fff", "background-opacity": 0.85, "color": "#444",
        "font-size": EDGE_FONT, "events": "no" } },
      { selector: "edge", style: {
        "width": 1.2, "line-color": "#9aa3ad", "target-arrow-color": "#9aa3ad", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8, "curve-style": "straight" } },
      { selector: "edge.hover", style: { "line-color": "#2f3e4e", "target-arrow-color": "#2f3e4e", "width": 2 } },
    ],
  });
  cy.on("tap", "node", (ev) => { if (!ev.target.hasClass("elabel")) onNode(ev.target.data()); });
  if (info) {
    cy.on("mouseover", "edge", (ev) => {
      const e = ev.target;
      e.addClass("hover");
      info.textContent = e.source().data("name") + " — " + e.data("label") + " → " + e.target().data("name");
    });
    cy.on("mouseout", "edge", (ev) => { ev.target.removeClass("hover"); });
  }
  return cy;
}

// labelOverlaps lists the pairs of drawn boxes (nodes with their names, edge labels) that
// meet on screen, as the browser rendered them: for tests and the curious.
function labelOverlaps(cy) {
  const boxes = cy.nodes().map((n) => ({ id: n.id(), b: n.boundingBox({ includeLabels: true, includeOverlays: false }) }));
  const out = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].b, b = boxes[j].b;
      if (a.x1 < b.x2 - 0.5 && b.x1 < a.x2 - 0.5 && a.y1 < b.y2 - 0.5 && b.y1 < a.y2 - 0.5) out.push([boxes[i].id, boxes[j].id]);
    }
  }
  return out;
}
window.medkgLabelOverlaps = labelOverlaps;

function openNode(n) {
  if (n.kind === "article") location.hash = articleHref(n.id);
  else if (n.id !== current) location.hash = entityHref(n.id);
}

// ---- home page ----
let overview = null, homeCy = null;

async function showHome() {
  showView("home");
  document.title = "medkg · China's medical-device innovation ecosystem";
  if (!overview) {
    try { overview = await api("overview"); } catch (err) { showError(err); return; }
  }
  const v = overview;
  $("counts").replaceChildren(...v.counts.map((c) => el("li", {}, el("b", {}, c.n.toLocaleString("en")), c.what)));
  $("articles").replaceChildren(...v.articles.map((a) => el("li", {},
    el("a", { href: articleHref(a.id), class: "headline" }, articleTitle(a)),
    el("div", { class: "meta" }, [a.publisher, niceDate(a.date)].filter(Boolean).join(" · ")),
    el("div", { class: "meta small" }, a.quotes + " quoted facts · " + a.entities + " entities"))));
  const most = v.organizations.length ? v.organizations[0].links : 1;
  $("top-orgs").tBodies[0].replaceChildren(...v.organizations.map((o) => el("tr", {},
    el("td", {}, el("a", { href: entityHref(o.id) }, o.name), el("div", { class: "meta small" }, typeWords(o.types))),
    el("td", { class: "bar-cell", title: o.links + " entities linked" },
      el("span", { class: "bar", style: null, "data-w": Math.round(100 * o.links / most) }), el("span", { class: "n" }, o.links)))));
  for (const bar of document.querySelectorAll("#top-orgs .bar")) bar.style.width = bar.dataset.w + "%";
  if (!v.start) { $("home-start").textContent = "nothing loaded yet: medkg load"; return; }
  const start = v.organizations[0];
  $("home-start").replaceChildren("Start here: ", el("a", { href: entityHref(start.id) }, start.name),
    " and what it is linked to. Click a box to go there.");
  let h;
  try { h = await api("neighbourhood?depth=1&max=60&id=" + encodeURIComponent(v.start)); }
  catch (err) { showError(err); return; }
  if (homeCy) homeCy.destroy();
  homeCy = drawHood($("home-cy"), h, openNode, $("home-start"));
  window.medkgHomeGraph = homeCy;
}

// ---- entity page ----
let cy = null, current = null;

// credit names a quote's article by headline, publisher and date, linking to its page.
function credit(ev) {
  const src = ev.source || {};
  if (src.name === "background") return el("span", { class: "src" }, "— curated background");
  const title = ev.headline || (ev.publisher ? "article from " + ev.publisher : src.name);
  return el("span", { class: "src" }, "— ", el("a", { href: articleHref(src.name) }, title),
    ev.date ? ", " + niceDate(ev.date) : "");
}

async function showEntity(id) {
  showView("entity");
  current = id;
  $("entity-name").textContent = "…";
  $("entity-facts").replaceChildren();
  $("node-info").textContent = "";
  let e;
  try { e = await api("entity?id=" + encodeURIComponent(id)); }
  catch (err) { $("entity-name").textContent = ""; showError(err); return; }
  if (current !== id) return;
  document.title = e.name + " · medkg";
  $("entity-name").textContent = e.name;
  const meta = [typeWords(e.types)];
  if (e.aliases.length) meta.push("also " + e.aliases.join("; "));
  $("entity-meta").replaceChildren(meta.join(" · "));
  if (e.mentionedIn.length) {
    const ul = el("ul", { class: "mentioned" });
    for (const a of e.mentionedIn) {
      ul.append(el("li", {}, el("a", { href: articleHref(a.name) }, articleTitle(a)),
        el("span", { class: "meta" }, " " + [a.publisher, niceDate(a.date)].filter(Boolean).join(", "))));
    }
    $("entity-meta").append(el("div", { class: "label" }, "Mentioned in"), ul);
  }
  // Facts grouped under their heading in words, each with its articles and quotes.
  const groups = new Map();
  for (const f of e.facts) {
    const key = f.heading || f.predicate;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(f);
  }
  const box = $("entity-facts");
  for (const [heading, facts] of groups) {
    box.append(el("h2", { title: [...new Set(facts.map((f) => f.predicate))].join(", ") }, heading));
    for (const f of facts) {
      const v = f.predicate !== "figure" && f.value && typeof f.value === "object" && f.value.id
        ? el("a", { href: entityHref(f.value.id) }, f.text)
        : el("span", { class: "value" }, f.text);
      const div = el("div", { class: "fact" }, v);
      for (const ev of f.evidence) {
        div.append(el("blockquote", {}, ev.quote ? "“" + ev.quote + "”" : ev.reason, " ", credit(ev)));
      }
      box.append(div);
    }
  }
  drawGraph(id);
}

async function drawGraph(id) {
  const depth = $("depth").value;
  $("graph-info").textContent = "drawing…";
  let h;
  try { h = await api("neighbourhood?max=150&depth=" + depth + "&id=" + encodeURIComponent(id)); }
  catch (err) { showError(err); return; }
  if (current !== id) return;
  if (cy) cy.destroy();
  cy = drawHood($("cy"), h, openNode, $("node-info"));
  window.medkgGraph = cy; // for tests and the curious
  window.medkgGraphCentre = id;
  const hidden = h.layout.edges.filter((b) => !b.shown).length;
  $("graph-info").textContent = h.nodes.length + " entities and articles, " + h.edges.length + " links" +
    (hidden ? " (" + hidden + " labels on hover)" : "") + (h.truncated ? " — capped: not every neighbour is drawn" : "");
}

$("depth").addEventListener("change", () => { if (current) drawGraph(current); });

// ---- article page ----
async function showArticle(id) {
  showView("article");
  current = null;
  $("article-headline").textContent = "…";
  $("article-facts").replaceChildren();
  $("article-mentions").replaceChildren();
  let a;
  try { a = await api("article?id=" + encodeURIComponent(id)); }
  catch (err) { $("article-headline").textContent = ""; showError(err); return; }
  document.title = articleTitle(a) + " · medkg";
  $("article-headline").textContent = articleTitle(a);
  const meta = $("article-meta");
  meta.replaceChildren();
  if (a.publisher) meta.append(el("a", { href: entityHref(a.publisher.id) }, a.publisher.name));
  if (a.date) meta.append(" · ", niceDate(a.date));
  if (a.authors.length) {
    meta.append(" · by ");
    a.authors.forEach((p, i) => { if (i) meta.append(", "); meta.append(el("a", { href: entityHref(p.id) }, p.name)); });
  }
  meta.append(el("br"), el("span", { class: "small" }, "id " + a.id + " · this article's graph: "),
    el("a", { href: exportHref(a.id, "nquads"), download: a.id + ".nq" }, "N-Quads"), " ",
    el("a", { href: exportHref(a.id, "jsonld"), download: a.id + ".jsonld" }, "JSON-LD"));
  // Facts by subject, each in words; facts a sentence states together share its quote.
  const bySubject = new Map();
  for (const f of a.facts) {
    const sid = f.subject && f.subject.id ? f.subject.id : String(f.subject);
    if (!bySubject.has(sid)) bySubject.set(sid, { subject: f.subject, quotes: new Map() });
    const q = f.quote || f.reason;
    const quotes = bySubject.get(sid).quotes;
    if (!quotes.has(q)) quotes.set(q, []);
    quotes.get(q).push(f);
  }
  for (const { subject, quotes } of bySubject.values()) {
    $("article-facts").append(el("h3", {}, subject && subject.id
      ? el("a", { href: entityHref(subject.id) }, subject.name) : String(subject)));
    const list = el("div", { class: "fact-list" });
    for (const [q, facts] of quotes) {
      const div = el("div", { class: "fact" });
      facts.forEach((f, i) => {
        if (i) div.append(el("span", { class: "sep" }, " · "));
        const value = f.object && f.object.id && f.predicate !== "figure"
          ? el("a", { href: entityHref(f.object.id) }, f.text) : el("span", { class: "value" }, f.text);
        div.append(el("span", { class: "rel" }, f.heading), " ", value);
      });
      div.append(el("blockquote", {}, facts[0].quote ? "“" + q + "”" : q));
      list.append(div);
    }
    $("article-facts").append(list);
  }
  if (!a.facts.length) $("article-facts").append(el("p", { class: "meta" }, "no facts"));
  $("article-mentions").replaceChildren(...a.mentions.map((m) => el("li", {},
    el("i", { class: "k-" + m.kind }), el("a", { href: entityHref(m.id) }, m.name))));
}

// ---- stored queries ----
let catalog = null;

async function showQueries(name) {
  showView("queries");
  document.title = "Queries · medkg";
  if (!catalog) {
    try { catalog = await api("queries"); } catch (err) { showError(err); return; }
    $("query-name").replaceChildren(...catalog.map((q) => el("option", { value: q.name }, q.name)));
  }
  if (name) $("query-name").value = name;
  queryForm();
}

function queryForm() {
  const q = catalog.find((x) => x.name === $("query-name").value) || catalog[0];
  $("query-doc").textContent = q.description;
  $("query-params").replaceChildren(...q.params.map((p) => el("label", {},
    p.name + (p.required ? " (required) " : " "),
    el("input", { name: p.name, value: p.default || "", placeholder: p.doc, title: p.doc }))));
  $("query-result").replaceChildren();
}

$("query-name").addEventListener("change", () => { location.hash = "#/queries/" + encodeURIComponent($("query-name").value); });

function cell(v) {
  if (v == null) return "";
  if (Array.isArray(v)) {
    const span = el("span");
    v.forEach((x, i) => { if (i) span.append(", "); span.append(cell(x)); });
    return span;
  }
  if (typeof v === "object" && v.id) {
    return v.id.includes("/article/") ? el("a", { href: articleHref(v.name) }, v.name) : el("a", { href: entityHref(v.id) }, v.name);
  }
  return String(v);
}

$("query-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const name = $("query-name").value;
  const params = new URLSearchParams();
  for (const input of $("query-params").querySelectorAll("input")) {
    if (input.value.trim()) params.set(input.name, input.value.trim());
  }
  $("query-result").replaceChildren(el("p", { class: "meta" }, "running…"));
  let rows;
  try { rows = await api("queries/" + encodeURIComponent(name) + "?" + params); }
  catch (err) { $("query-result").replaceChildren(); showError(err); return; }
  if (!rows.length) { $("query-result").replaceChildren(el("p", { class: "meta" }, "no rows")); return; }
  const cols = Object.keys(rows[0]);
  const table = el("table", {}, el("thead", {}, el("tr", {}, ...cols.map((c) => el("th", {}, c)))));
  const tbody = el("tbody");
  for (const r of rows) tbody.append(el("tr", {}, ...cols.map((c) => el("td", {}, cell(r[c])))));
  table.append(tbody);
  $("query-result").replaceChildren(el("p", { class: "meta" }, rows.length + " rows"), table);
});

// ---- routing ----
function route() {
  showError(null);
  const h = location.hash;
  let m;
  if ((m = h.match(/^#\/entity\/(.+)$/))) showEntity(decodeURIComponent(m[1]));
  else if ((m = h.match(/^#\/article\/(.+)$/))) showArticle(decodeURIComponent(m[1]));
  else if ((m = h.match(/^#\/queries(?:\/(.+))?$/))) showQueries(m[1] && decodeURIComponent(m[1]));
  else { current = null; showHome(); }
  window.scrollTo(0, 0);
}
window.addEventListener("hashchange", route);
route();
