// medkg's page: plain JavaScript, no build step. It talks only to the server that served it.
"use strict";

const $ = (id) => document.getElementById(id);
const KIND_COLOURS = {
  organization: "#4e79a7", person: "#f28e2b", place: "#59a14f",
  event: "#b07aa1", article: "#9c755f", other: "#bab0ac", membership: "#bab0ac",
};

// el builds an element; text is always set as text, never as HTML.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
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
function articleId(node) { return node.name; } // an article reads as its id

function showView(name) {
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== name;
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
      el("span", { class: "meta" }, (h.types || []).join(", ") + (h.matched ? " · “" + h.matched + "”" : "")));
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

// ---- entity page ----
let cy = null, current = null;

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
  const meta = [(e.types || []).join(", ")];
  if (e.aliases.length) meta.push("also " + e.aliases.join("; "));
  $("entity-meta").replaceChildren(meta.join(" · "));
  if (e.mentionedIn.length) {
    $("entity-meta").append(el("br"), "mentioned in ");
    e.mentionedIn.forEach((a, i) => {
      if (i) $("entity-meta").append(", ");
      $("entity-meta").append(el("a", { href: "api/export?graph=" + encodeURIComponent(a.name), download: a.name + ".nq", title: "this article's graph as N-Quads" }, a.name));
    });
  }
  // Facts grouped by predicate, each with its articles and quotes.
  const groups = new Map();
  for (const f of e.facts) {
    if (!groups.has(f.predicate)) groups.set(f.predicate, []);
    groups.get(f.predicate).push(f);
  }
  const box = $("entity-facts");
  for (const [pred, facts] of groups) {
    box.append(el("h2", {}, pred));
    for (const f of facts) {
      const v = f.predicate !== "figure" && f.value && typeof f.value === "object" && f.value.id
        ? el("a", { href: entityHref(f.value.id) }, f.text)
        : el("span", { class: "value" }, f.text);
      const div = el("div", { class: "fact" }, v);
      for (const ev of f.evidence) {
        const src = ev.source && ev.source.name ? ev.source.name : "";
        div.append(el("blockquote", {},
          ev.quote ? "“" + ev.quote + "”" : ev.reason,
          " ", el("span", { class: "src" }, "— " + src)));
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
  const elements = [];
  for (const n of h.nodes) {
    elements.push({ data: { id: n.id, name: n.name, kind: n.kind, depth: n.depth, types: n.types } });
  }
  h.edges.forEach((e, i) => elements.push({ data: { id: "e" + i, source: e.source, target: e.target, label: e.label, predicate: e.predicate } }));
  if (cy) cy.destroy();
  cy = cytoscape({
    container: $("cy"),
    elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
        "background-color": (n) => KIND_COLOURS[n.data("kind")] || KIND_COLOURS.other,
        "label": "data(name)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 120,
        "text-valign": "bottom", "text-margin-y": 3, "width": 22, "height": 22, "color": "#222" } },
      { selector: "node[depth = 0]", style: { "width": 36, "height": 36, "border-width": 3, "border-color": "#111", "font-weight": "bold" } },
      { selector: "node[kind = 'article']", style: { "shape": "round-rectangle" } },
      { selector: "edge", style: {
        "width": 1.3, "line-color": "#aaa", "target-arrow-color": "#aaa", "target-arrow-shape": "triangle",
        "curve-style": "bezier", "label": "data(label)", "font-size": 8, "color": "#555",
        "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
    ],
    layout: {
      name: "concentric", concentric: (n) => 10 - n.data("depth"), levelWidth: () => 1,
      minNodeSpacing: 30, animate: false,
    },
  });
  window.medkgGraph = cy; // for tests and the curious
  window.medkgGraphCentre = id;
  cy.on("tap", "node", (ev) => {
    const n = ev.target.data();
    if (n.kind === "article") {
      $("node-info").replaceChildren("article " + n.name + ": ",
        el("a", { href: "api/export?graph=" + encodeURIComponent(articleId(n)), download: n.name + ".nq" }, "download its graph as N-Quads"));
      return;
    }
    if (n.id !== current) location.hash = entityHref(n.id);
  });
  $("graph-info").textContent = h.nodes.length + " nodes, " + h.edges.length + " edges" +
    (h.truncated ? " (capped: not every neighbour is drawn)" : "");
}

$("depth").addEventListener("change", () => { if (current) drawGraph(current); });

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
    return v.id.includes("/article/") ? el("span", {}, v.name) : el("a", { href: entityHref(v.id) }, v.name);
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
  else if ((m = h.match(/^#\/queries(?:\/(.+))?$/))) showQueries(m[1] && decodeURIComponent(m[1]));
  else { current = null; showView("home"); document.title = "medkg"; }
}
window.addEventListener("hashchange", route);
route();
