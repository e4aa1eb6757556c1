// Draws the report's charts from the JSON in #report-data. Everything is built with
// createElement/textContent (never innerHTML), so run ids, model names and reasons stay text.
// Each drawn chart gets data-drawn="true" and the body data-report-ready="true": the browser test reads both.
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var COLORS = ['#0969da', '#1a7f37', '#bc4c00', '#8250df', '#cf222e', '#1b7c83', '#9a6700', '#57606a'];
  var data = JSON.parse(document.getElementById('report-data').textContent);

  function svgEl(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function svgText(attrs, text, parent) { var e = svgEl('text', attrs, parent); e.textContent = text; return e; }
  function htmlEl(tag, text, parent, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function fmt(v, digits) { return v === null || v === undefined ? '\u2013' : Number(v).toFixed(digits === undefined ? 3 : digits); }
  function day(iso) { return iso ? iso.substring(0, 16).replace('T', ' ') : ''; }
  function newSvg(hostId, w, h) {
    return svgEl('svg', { viewBox: '0 0 ' + w + ' ' + h, width: '100%', role: 'img', 'data-chart': hostId },
        document.getElementById(hostId));
  }
  function empty(hostId, message) {
    var host = document.getElementById(hostId);
    host.setAttribute('data-empty', 'true');
    htmlEl('p', message, host, 'empty');
  }
  function legend(hostId, names) {
    var box = htmlEl('div', null, document.getElementById(hostId), 'legend');
    names.forEach(function (n, i) {
      var s = htmlEl('span', null, box);
      htmlEl('i', null, s).style.background = COLORS[i % COLORS.length];
      s.appendChild(document.createTextNode(n));
    });
  }
  function categoriesOf(runs) {
    var set = {};
    runs.forEach(function (r) { Object.keys(r.categories).forEach(function (c) { set[c] = true; }); });
    return Object.keys(set).sort();
  }
  function scale(d0, d1, r0, r1) { return function (v) { return d1 === d0 ? (r0 + r1) / 2 : r0 + (v - d0) * (r1 - r0) / (d1 - d0); }; }

  function cards() {
    var runs = data.runs;
    var prod = runs.filter(function (r) { return r.env === 'production'; }).pop();
    var latest = runs[runs.length - 1];
    var decision = data.decisions[0];
    var host = document.getElementById('cards');
    [['Latest production overall', prod ? fmt(prod.overall) : 'none promoted', null],
     ['Total runs', String(runs.length), null],
     ['Current model version', prod ? prod.model : (latest ? latest.model : '\u2013'), null],
     ['Latest gate status', decision ? decision.decision.toUpperCase() : 'no decision recorded', decision ? decision.decision : null]
    ].forEach(function (c) {
      var card = htmlEl('div', null, host, 'card');
      htmlEl('div', c[0], card, 'label');
      htmlEl('div', c[1], card, 'value' + (c[2] ? ' ' + c[2] : ''));
    });
  }

  // Score over time: one line per category plus overall, threshold lines, and a marker wherever the
  // model or prompt-template version changed from the previous run.
  function scoreChart() {
    var runs = data.runs;
    if (runs.length === 0) { empty('score-chart', 'No runs recorded yet.'); return; }
    var cats = categoriesOf(runs);
    var W = 960, H = 340, L = 48, R = 150, T = 16, B = 44;
    var svg = newSvg('score-chart', W, H);
    var values = [data.thresholds.overall_min, data.thresholds.per_category_min];
    runs.forEach(function (r) {
      if (r.overall !== null) { values.push(r.overall); }
      cats.forEach(function (c) { if (r.categories[c] !== null && r.categories[c] !== undefined) { values.push(r.categories[c]); } });
    });
    var lo = Math.max(0, Math.floor(Math.min.apply(null, values) * 10) / 10), hi = 1;
    var x = scale(0, Math.max(1, runs.length - 1), L, W - R), y = scale(lo, hi, H - B, T);
    for (var g = lo; g <= hi + 1e-9; g += 0.1) {
      svgEl('line', { x1: L, x2: W - R, y1: y(g), y2: y(g), 'class': 'grid' }, svg);
      svgText({ x: L - 6, y: y(g) + 4, 'text-anchor': 'end' }, g.toFixed(1), svg);
    }
    svgEl('line', { x1: L, x2: L, y1: T, y2: H - B, 'class': 'axis' }, svg);
    svgEl('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, 'class': 'axis' }, svg);
    [['overall min', data.thresholds.overall_min, '#cf222e'], ['category min', data.thresholds.per_category_min, '#bc4c00']]
      .forEach(function (t) {
        svgEl('line', { x1: L, x2: W - R, y1: y(t[1]), y2: y(t[1]), stroke: t[2], 'class': 'threshold' }, svg);
        svgText({ x: W - R + 4, y: y(t[1]) + 4, fill: t[2] }, t[0] + ' ' + fmt(t[1], 2), svg);
      });
    runs.forEach(function (r, i) {
      if (i > 0 && (r.model !== runs[i - 1].model || r.prompt_template_version !== runs[i - 1].prompt_template_version)) {
        svgEl('line', { x1: x(i), x2: x(i), y1: T, y2: H - B, 'class': 'marker' }, svg);
        var what = r.model !== runs[i - 1].model ? r.model : 'prompt ' + (r.prompt_template_version || '?');
        svgText({ x: x(i) + 3, y: T + 10, fill: '#8250df' }, what, svg);
      }
    });
    var step = Math.max(1, Math.ceil(runs.length / 8));
    runs.forEach(function (r, i) {
      if (i % step === 0 && (runs.length - 1 - i >= step / 2 || i === runs.length - 1) || (i === runs.length - 1 && i % step >= step / 2)) {
        svgText({ x: x(i), y: H - B + 16, 'text-anchor': 'middle' }, day(r.started_at), svg);
      }
    });
    var series = cats.map(function (c) { return { name: c, get: function (r) { return r.categories[c]; }, width: 1.5 }; });
    series.push({ name: 'overall', get: function (r) { return r.overall; }, width: 3 });
    series.forEach(function (s, si) {
      var color = COLORS[si % COLORS.length], d = '', pen = 'M';
      runs.forEach(function (r, i) {
        var v = s.get(r);
        if (v === null || v === undefined) { pen = 'M'; return; }
        d += pen + x(i).toFixed(1) + ' ' + y(v).toFixed(1) + ' ';
        pen = 'L';
        var dot = svgEl('circle', { cx: x(i), cy: y(v), r: 2.5, fill: color }, svg);
        svgText({}, s.name + ' ' + fmt(v) + ' \u2013 ' + r.run_id + ' (' + r.model + ')', svgEl('title', {}, dot));
      });
      if (d) { svgEl('path', { d: d, fill: 'none', stroke: color, 'stroke-width': s.width, 'class': 'series' }, svg); }
    });
    svg.setAttribute('data-drawn', 'true');
    legend('score-chart', series.map(function (s) { return s.name; }));
  }

  // Category x model version: the mean category composite over that model's runs.
  function heatmap() {
    var runs = data.runs;
    if (runs.length === 0) { empty('heatmap', 'No runs recorded yet.'); return; }
    var cats = categoriesOf(runs), models = [];
    runs.forEach(function (r) { if (models.indexOf(r.model) < 0) { models.push(r.model); } });
    var cellW = 120, cellH = 28, L = 160, T = 36;
    var svg = newSvg('heatmap', L + cellW * models.length + 8, T + cellH * cats.length + 8);
    models.forEach(function (m, j) { svgText({ x: L + cellW * j + cellW / 2, y: T - 10, 'text-anchor': 'middle' }, m, svg); });
    cats.forEach(function (c, i) {
      svgText({ x: L - 8, y: T + cellH * i + cellH / 2 + 4, 'text-anchor': 'end' }, c, svg);
      models.forEach(function (m, j) {
        var vals = runs.filter(function (r) { return r.model === m && r.categories[c] !== null && r.categories[c] !== undefined; })
          .map(function (r) { return r.categories[c]; });
        var mean = vals.length ? vals.reduce(function (a, b) { return a + b; }, 0) / vals.length : null;
        var hue = mean === null ? 0 : Math.max(0, Math.min(120, (mean - 0.5) / 0.5 * 120));
        var rect = svgEl('rect', { x: L + cellW * j, y: T + cellH * i, width: cellW - 2, height: cellH - 2,
          fill: mean === null ? '#eceef2' : 'hsl(' + hue.toFixed(0) + ',65%,60%)', 'class': 'cell' }, svg);
        svgText({}, c + ' / ' + m + ': ' + fmt(mean) + ' over ' + vals.length + ' runs', svgEl('title', {}, rect));
        svgText({ x: L + cellW * j + cellW / 2, y: T + cellH * i + cellH / 2 + 4, 'text-anchor': 'middle' }, fmt(mean), svg);
      });
    });
    svg.setAttribute('data-drawn', 'true');
  }

  function costChart() {
    var runs = data.runs;
    if (runs.length === 0) { empty('cost-chart', 'No runs recorded yet.'); return; }
    var W = 480, H = 220, L = 56, B = 24, T = 10;
    var svg = newSvg('cost-chart', W, H);
    var max = Math.max.apply(null, runs.map(function (r) { return r.cost_usd; }).concat([0.0001]));
    var y = scale(0, max, H - B, T), bw = Math.max(2, (W - L) / runs.length - 4);
    svgEl('line', { x1: L, x2: W, y1: H - B, y2: H - B, 'class': 'axis' }, svg);
    svgText({ x: L - 6, y: T + 8, 'text-anchor': 'end' }, '$' + fmt(max, 4), svg);
    svgText({ x: L - 6, y: H - B, 'text-anchor': 'end' }, '$0', svg);
    runs.forEach(function (r, i) {
      var bx = L + i * (W - L) / runs.length + 2;
      var bar = svgEl('rect', { x: bx, y: y(r.cost_usd), width: bw, height: Math.max(1, H - B - y(r.cost_usd)),
        fill: COLORS[0], 'class': 'bar' }, svg);
      svgText({}, r.run_id + ': $' + fmt(r.cost_usd, 4), svgEl('title', {}, bar));
    });
    svg.setAttribute('data-drawn', 'true');
  }

  function table(hostId, headers, rows, emptyMessage) {
    var host = document.getElementById(hostId);
    if (rows.length === 0) { empty(hostId, emptyMessage); return; }
    var t = htmlEl('table', null, host), tr = htmlEl('tr', null, htmlEl('thead', null, t));
    headers.forEach(function (h) { htmlEl('th', h, tr); });
    var body = htmlEl('tbody', null, t);
    rows.forEach(function (row) {
      var r = htmlEl('tr', null, body);
      row.forEach(function (cell) {
        var numeric = typeof cell === 'number';
        htmlEl('td', numeric ? fmt(cell) : cell, r, numeric ? 'num' : null);
      });
    });
    host.setAttribute('data-rows', String(rows.length));
  }

  function runsTable() {
    table('runs-table', ['run', 'started', 'model', 'prompt template', 'env', 'status', 'overall', 'cost (USD)'],
      data.runs.slice().reverse().slice(0, 20).map(function (r) {
        return [r.run_id, day(r.started_at), r.model, r.prompt_template_version || '', r.env || '', r.status,
          r.overall === null ? '\u2013' : r.overall, '$' + fmt(r.cost_usd, 4)];
      }), 'No runs recorded yet.');
  }

  function decisionsTable() {
    table('decisions-table', ['at', 'run', 'baseline', 'decision', 'reasons'],
      data.decisions.slice(0, 20).map(function (d) {
        return [day(d.at), d.run_id, d.baseline_run_id || 'none (absolute thresholds)', d.decision.toUpperCase(),
          d.reasons.join('; ')];
      }), 'No gate decisions recorded (run `driftgate gate`).');
  }

  // Shadow traffic: production against shadow mean per category (grouped bars), then the delta percentiles.
  function shadow() {
    var rows = data.shadow;
    if (rows.length === 0) { empty('shadow-chart', 'No shadow traffic recorded.'); return; }
    var W = 960, H = 240, L = 48, B = 40, T = 10, groupW = (W - L) / rows.length;
    var svg = newSvg('shadow-chart', W, H), y = scale(0, 1, H - B, T);
    svgEl('line', { x1: L, x2: W, y1: H - B, y2: H - B, 'class': 'axis' }, svg);
    [0, 0.5, 1].forEach(function (g) { svgText({ x: L - 6, y: y(g) + 4, 'text-anchor': 'end' }, g.toFixed(1), svg); });
    rows.forEach(function (s, i) {
      var gx = L + i * groupW, bw = Math.min(40, groupW / 3);
      [['production', s.mean_prod, COLORS[0]], ['shadow', s.mean_shadow, COLORS[1]]].forEach(function (b, k) {
        var v = b[1] === null ? 0 : b[1];
        var bar = svgEl('rect', { x: gx + groupW / 2 - bw + k * bw, y: y(v), width: bw - 2, height: H - B - y(v), fill: b[2], 'class': 'bar' }, svg);
        svgText({}, s.category + ' ' + b[0] + ' (' + s.shadow_model + '): ' + fmt(b[1]), svgEl('title', {}, bar));
      });
      svgText({ x: gx + groupW / 2, y: H - B + 14, 'text-anchor': 'middle' }, s.category, svg);
      svgText({ x: gx + groupW / 2, y: H - B + 28, 'text-anchor': 'middle' }, s.shadow_model, svg);
    });
    svg.setAttribute('data-drawn', 'true');
    legend('shadow-chart', ['production', 'shadow']);
    table('shadow-table', ['category', 'shadow model', 'sampled', 'prod mean', 'shadow mean', 'delta p10', 'delta p50', 'delta p90', 'judge failure rate'],
      rows.map(function (s) {
        return [s.category, s.shadow_model, String(s.sampled), s.mean_prod, s.mean_shadow, s.p10_delta, s.p50_delta, s.p90_delta,
          s.judge_failure_rate];
      }), '');
  }

  cards();
  scoreChart();
  heatmap();
  costChart();
  runsTable();
  decisionsTable();
  shadow();
  document.body.setAttribute('data-report-ready', 'true');
}());
