/* chaingraph view: builds the vis network from the page's JSON data block.
   All article text reaches the DOM through textContent only (never innerHTML). */
(function () {
  "use strict";
  var t0 = performance.now();
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  var nodeInfo = data.details.nodes, edgeInfo = data.details.edges;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function field(dl, name, value) {
    if (value === undefined || value === null || value === "" ||
        (Array.isArray(value) && value.length === 0)) { return; }
    dl.appendChild(el("dt", null, name));
    if (Array.isArray(value)) {
      var dd = el("dd"), ul = el("ul");
      value.forEach(function (v) { ul.appendChild(el("li", null, v)); });
      dd.appendChild(ul);
      dl.appendChild(dd);
    } else {
      dl.appendChild(el("dd", null, value));
    }
  }
  function more(list, extra) {
    return extra ? list.concat(["… +" + extra]) : list;
  }
  var articleInfo = data.articles || {};
  function articleName(id) {
    var a = articleInfo[id];
    if (!a) { return id; }
    return a.date ? a.title + " (" + a.date + ")" : a.title;
  }
  function sources(ids, extra) {
    return more(ids.map(articleName), extra).join("; ");
  }
  function articleField(dl, ids, extra) {
    if (!ids.length) { return; }
    dl.appendChild(el("dt", null, "来源文章 articles"));
    var dd = el("dd"), ul = el("ul", "cg-articles");
    ids.forEach(function (id) {
      var li = el("li"), a = articleInfo[id] || {}, name = articleName(id);
      if (a.url && /^https?:\/\//i.test(a.url)) {
        var link = el("a", null, name);
        link.setAttribute("href", a.url);
        link.setAttribute("target", "_blank");
        link.setAttribute("rel", "noopener noreferrer");
        li.appendChild(link);
      } else {
        li.appendChild(el("span", null, name));
      }
      if (name !== id) { li.appendChild(el("small", "cg-article-id", " " + id)); }
      ul.appendChild(li);
    });
    if (extra) { ul.appendChild(el("li", null, "… +" + extra)); }
    dd.appendChild(ul);
    dl.appendChild(dd);
  }
  function nodeTip(id) {
    var d = nodeInfo[id], box = el("div");
    box.appendChild(el("div", "cg-tip-title", d.name));
    box.appendChild(el("div", null, d.typeLabel + (d.kind ? " · " + d.kind : "") + (d.region ? " · " + d.region : "")));
    if (d.aliases.length) { box.appendChild(el("div", null, "别名: " + d.aliases.join("; "))); }
    if (d.articles.length) { box.appendChild(el("div", "cg-tip-src", "来源: " + sources(d.articles, d.moreArticles))); }
    return box;
  }
  function edgeTip(id) {
    var d = edgeInfo[id], box = el("div");
    box.appendChild(el("div", "cg-tip-title", d.from + " → " + d.to));
    box.appendChild(el("div", null, d.type + " · " + d.typeLabel + (d.region ? " · " + d.region : "")));
    d.evidences.slice(0, 2).forEach(function (ev) { box.appendChild(el("div", "cg-tip-ev", ev)); });
    if (d.articles.length) { box.appendChild(el("div", "cg-tip-src", "来源: " + sources(d.articles, d.moreArticles))); }
    return box;
  }
  window.chaingraphTip = function (kind, id) {  /* what the tooltip of a node or edge shows, as text */
    return (kind === "edge" ? edgeTip(id) : nodeTip(id)).textContent;
  };

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return Object.assign({}, n, { title: nodeTip(n.id) });
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return Object.assign({}, e, { title: edgeTip(e.id) });
  }));
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.network = network;
  window.nodes = nodes;
  window.edges = edges;
  window.chaingraphTimes = { created: performance.now() - t0 };

  var loading = document.getElementById("cg-loading");
  var loadingText = document.getElementById("cg-loading-text");
  function settled() {
    network.setOptions({ physics: { enabled: false } });
    readableLabels();
    network.on("zoom", readableLabels);
    if (data.focus && nodeInfo[data.focus]) { network.selectNodes([data.focus]); showNode(data.focus); }
    showFromHash();
    window.addEventListener("hashchange", showFromHash);
    loading.className = "cg-done";
    window.chaingraphTimes.stable = performance.now() - t0;
    window.chaingraphStable = true;
    document.body.setAttribute("data-stable", "1");
  }
  /* the most connected nodes keep a readable label however far the view is zoomed out */
  var labelled = data.labelTop || [], labelSize = {};
  function readableLabels() {
    var scale = network.getScale() || 1, size = Math.min(200, Math.max(14, Math.ceil(13 / scale)));
    var changes = labelled.filter(function (id) { return labelSize[id] !== size; }).map(function (id) {
      labelSize[id] = size;
      return { id: id, font: { size: size }, scaling: { label: { enabled: false } } };
    });
    if (changes.length) { nodes.update(changes); }
  }
  window.chaingraphLabelled = labelled;

  /* details panel */
  var details = document.getElementById("cg-details");
  function showNode(id) {
    var d = nodeInfo[id];
    details.textContent = "";
    details.appendChild(el("h3", null, d.name));
    var dl = el("dl");
    field(dl, "类型 type", d.typeLabel + " (" + d.type + ")");
    field(dl, "细类 kind", d.kind);
    field(dl, "地区 region", d.regionPath || d.region);
    field(dl, "别名 aliases", d.aliases);
    field(dl, "提及 mentions", d.mentions);
    field(dl, "连接 degree", d.degree);
    articleField(dl, d.articles, d.moreArticles);
    field(dl, "id", id);
    details.appendChild(dl);
  }
  function showEdge(id) {
    var d = edgeInfo[id];
    details.textContent = "";
    details.appendChild(el("h3", null, d.from + " → " + d.to));
    var dl = el("dl");
    field(dl, "关系 type", d.typeLabel + " (" + d.type + ")");
    field(dl, "地区 region", d.regionPath || d.region);
    field(dl, "证据 evidence", more(d.evidences, d.moreEvidences));
    articleField(dl, d.articles, d.moreArticles);
    field(dl, "规则 rule", d.rule);
    field(dl, "置信度 confidence", d.confidence);
    details.appendChild(dl);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  /* #node=<id> in the address (links from the report) selects and shows that node */
  function showFromHash() {
    var h = window.location.hash;
    if (h.indexOf("#node=") !== 0) { return; }
    var id = decodeURIComponent(h.slice(6));
    if (!nodeInfo[id]) { return; }
    nodes.update({ id: id, hidden: false });
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showNode(id);
  }

  /* search */
  var input = document.getElementById("cg-search");
  var msg = document.getElementById("cg-search-msg");
  var list = document.getElementById("cg-names");
  var names = Object.keys(nodeInfo).map(function (id) { return [nodeInfo[id].name, id]; });
  names.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
  names.forEach(function (p) { var o = el("option"); o.value = p[0]; list.appendChild(o); });
  function norm(s) { return String(s).normalize("NFKC").toLowerCase().replace(/\s+/g, ""); }
  function search() {
    var q = norm(input.value), exact = null, partial = null;
    if (!q) { return; }
    for (var i = 0; i < names.length && !exact; i++) {
      var id = names[i][1], d = nodeInfo[id];
      var labels = [d.name].concat(d.aliases).map(norm);
      if (labels.indexOf(q) >= 0) { exact = id; }
      else if (!partial && labels.some(function (l) { return l.indexOf(q) >= 0; })) { partial = id; }
    }
    var hit = exact || partial;
    if (!hit) { msg.textContent = "未找到 not found: " + input.value; return; }
    msg.textContent = "";
    nodes.update({ id: hit, hidden: false });
    network.selectNodes([hit]);
    network.focus(hit, { scale: 1.2, animation: false });
    showNode(hit);
  }
  input.addEventListener("change", search);
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { search(); } });
  document.getElementById("cg-search-go").addEventListener("click", search);

  /* type filters */
  function applyFilters() {
    var hiddenNodeTypes = {}, hiddenEdgeTypes = {};
    document.querySelectorAll("input[data-node-type]").forEach(function (c) {
      if (!c.checked) { hiddenNodeTypes[c.getAttribute("data-node-type")] = true; }
    });
    document.querySelectorAll("input[data-edge-type]").forEach(function (c) {
      if (!c.checked) { hiddenEdgeTypes[c.getAttribute("data-edge-type")] = true; }
    });
    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !!hiddenNodeTypes[n.group] }; }));
    edges.update(data.edges.map(function (e) { return { id: e.id, hidden: !!hiddenEdgeTypes[e.type] }; }));
    var shownNodes = data.nodes.filter(function (n) { return !hiddenNodeTypes[n.group]; });
    var shownIds = {};
    shownNodes.forEach(function (n) { shownIds[n.id] = true; });
    var shownEdges = data.edges.filter(function (e) {
      return !hiddenEdgeTypes[e.type] && shownIds[e.from] && shownIds[e.to];
    });
    var filtered = shownNodes.length < data.nodes.length || shownEdges.length < data.edges.length;
    note.textContent = filtered
      ? "showing " + shownNodes.length + " of " + data.total.nodes + " nodes, " + shownEdges.length + " of " +
        data.total.edges + " edges (type filters on)"
      : noteText;
  }
  var note = document.getElementById("cg-note"), noteText = note.textContent;
  document.querySelectorAll("input[data-node-type], input[data-edge-type]").forEach(function (c) {
    c.addEventListener("change", applyFilters);
  });
  /* start: everything above is defined before the first settled() */
  if (data.nodes.length === 0 || !data.options.physics.enabled) {
    settled();
  } else {
    network.on("stabilizationProgress", function (p) {
      loadingText.textContent = "布局中 laying out… " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", settled);
  }
})();
