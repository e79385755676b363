/* circuitlens report page: draws every chart from the JSON in #circuitlens-data with ECharts (inlined above).
 * window.circuitlens exposes the chart instances by element id and a ready flag, for tests and for the curious. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('circuitlens-data').textContent);
  var app = document.getElementById('app');
  var charts = {};
  var RDBU = ['#67001f', '#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#f7f7f7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061'];
  var BLUES = ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'];
  var FONT = '"Liberation Sans", Arial, Helvetica, sans-serif';

  function el(tag, attrs, parent) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    if (parent) parent.appendChild(e);
    return e;
  }
  function num(v) {
    if (v === null || v === undefined || isNaN(v)) return '–';
    if (v === 0) return '0';
    var a = Math.abs(v);
    return a >= 1e-3 && a < 1e5 ? String(+v.toPrecision(4)) : v.toExponential(3);
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]; });
  }
  function maxAbs(arrays) {
    var m = 0;
    arrays.forEach(function (a) { a.forEach(function (v) { if (v !== null && isFinite(v)) m = Math.max(m, Math.abs(v)); }); });
    return m > 0 ? m : 1;
  }
  function range(n) { var r = []; for (var i = 0; i < n; i++) r.push(String(i)); return r; }
  function headLabel(i, width) { return Math.floor(i / width) + '.' + (i % width); }
  function neuronLabel(i, width) { return 'm' + Math.floor(i / width) + '.' + (i % width); }
  /** rank[i] = 1 + number of entries with larger |value| (ties: lower index first), as the static plots rank */
  function ranks(v) {
    var idx = v.map(function (_, i) { return i; });
    idx.sort(function (a, b) { return Math.abs(v[b]) - Math.abs(v[a]) || a - b; });
    var r = new Array(v.length);
    idx.forEach(function (i, k) { r[i] = k + 1; });
    return r;
  }
  function chart(parent, id, cls, option) {
    var div = el('div', {id: id, 'class': 'chart' + (cls ? ' ' + cls : '')}, parent);
    var c = echarts.init(div, null, {renderer: 'canvas'});
    option.textStyle = {fontFamily: FONT};
    option.animation = false;
    c.setOption(option);
    charts[id] = c;
    return c;
  }
  function card(parent, title, wide) {
    var c = el('div', {'class': 'card' + (wide ? ' wide' : '')}, parent);
    if (title) el('h3', {text: title}, c);
    return c;
  }
  function section(title, sub) {
    el('h2', {text: title}, app);
    if (sub) el('p', {'class': 'sub', text: sub}, app);
    return el('div', {'class': 'cards'}, app);
  }

  /* ---------- header and run records ---------- */
  el('h1', {text: data.title}, app);
  el('p', {'class': 'sub', text: data.runs.length + ' result' + (data.runs.length === 1 ? '' : 's') + ' · generated ' + data.generated + ' by ' + data.tool}, app);
  (function runs() {
    var grid = section('Runs', 'What each result file records about how it was made (its run metadata).');
    var c = card(grid, null, true);
    var t = el('table', {}, c);
    var h = el('tr', {}, el('thead', {}, t));
    ['file', 'command', 'what', 'data', 'pairs', 'model', 'details'].forEach(function (s) { el('th', {text: s}, h); });
    var body = el('tbody', {}, t);
    data.runs.forEach(function (r) {
      var tr = el('tr', {}, body);
      el('td', {}, tr).appendChild(el('code', {text: r.name}));
      el('td', {text: r.kind}, tr);
      el('td', {text: r.describe}, tr);
      el('td', {text: r.fields.data || r.fields.task || '–'}, tr);
      el('td', {'class': 'num', text: r.fields.pairs || '–'}, tr);
      el('td', {text: r.fields.model || '–'}, tr);
      var d = el('details', {}, el('td', {}, tr));
      el('summary', {text: 'run record'}, d);
      var inner = el('table', {}, d);
      Object.keys(r.fields).forEach(function (k) {
        var row = el('tr', {}, inner);
        el('td', {}, row).appendChild(el('code', {text: k}));
        el('td', {text: r.fields[k]}, row);
      });
    });
    if (data.notes.length) {
      var ul = el('ul', {'class': 'notes'}, c);
      data.notes.forEach(function (n) { el('li', {text: n}, ul); });
    }
  })();

  /* ---------- per-result score heatmaps ---------- */
  var A = data.attributions;
  /** The ranks of every result's prompt-averaged heads, for "rank in the other method" tooltips */
  var headRanks = A.map(function (a) { return a.heads ? ranks(a.heads.mean) : null; });

  function headTooltip(ai, values, prompt) {
    var a = A[ai];
    var here = ranks(values);
    return function (p) {
      var i = p.data[1] * a.heads.width + p.data[0];
      var lines = ['<span class="cl-tip"><b>head ' + headLabel(i, a.heads.width) + '</b> (L' + p.data[1] + 'H' + p.data[0] + ')',
        'score ' + num(values[i]) + (prompt < 0 ? ' ± ' + num(a.heads.std[i]) + ' (std)' : ''),
        'rank ' + here[i] + ' of ' + values.length + ' in ' + esc(a.label)];
      A.forEach(function (o, oi) {
        if (oi === ai || !o.heads || o.heads.width !== a.heads.width || o.heads.layers !== a.heads.layers) return;
        lines.push('rank ' + headRanks[oi][i] + ' in ' + esc(o.label) + ' <i>(' + esc(o.name) + ')</i>');
      });
      lines.push('prompt: ' + (prompt < 0 ? 'mean over ' + a.heads.prompts : prompt));
      return lines.join('<br>') + '</span>';
    };
  }

  function heatmapOption(rows, cols, values, limit, tooltip, xName, yName, palette, min) {
    var cells = [];
    for (var r = 0; r < rows.length; r++) {
      for (var k = 0; k < cols.length; k++) {
        var v = values[r * cols.length + k];
        if (v !== null && v !== undefined) cells.push([k, r, v]);
      }
    }
    return {
      tooltip: {formatter: tooltip, confine: true},
      grid: {left: 70, right: 110, top: 16, bottom: 58},
      xAxis: {type: 'category', data: cols, name: xName, nameLocation: 'middle', nameGap: 34, splitArea: {show: false},
        axisLabel: {interval: 'auto', rotate: cols.length > 24 && cols[0].length > 2 ? 50 : 0}},
      yAxis: {type: 'category', data: rows, name: yName, nameLocation: 'middle', nameGap: 46, inverse: true},
      visualMap: {min: min === undefined ? -limit : min, max: limit, calculable: true, orient: 'vertical', right: 8, top: 'middle',
        itemHeight: 180, inRange: {color: palette || RDBU}, formatter: function (v) { return num(v); }},
      series: [{type: 'heatmap', data: cells, progressive: 0, emphasis: {itemStyle: {borderColor: '#000', borderWidth: 1.5}},
        itemStyle: {borderColor: '#fff', borderWidth: cols.length <= 48 ? 1 : 0}}]
    };
  }

  if (A.length) {
    var grid = section('Component scores', 'Layer × head heatmaps (red negative, blue positive, centred on 0) and each layer\'s neurons in bins. ' +
      'A positive score means moving the component raised the metric. Hover a cell for its component, score and rank in every method.');
    A.forEach(function (a, ai) {
      if (a.heads) {
        var c = card(grid, 'Heads · ' + a.label + ' · ' + a.name);
        var controls = el('div', {'class': 'controls'}, c);
        el('span', {text: a.describe}, controls);
        var chartId = 'heads-' + ai;
        var sel = null;
        if (a.heads.perPrompt) {
          el('label', {text: 'prompt', 'for': chartId + '-prompt'}, controls);
          sel = el('select', {id: chartId + '-prompt'}, controls);
          el('option', {value: '-1', text: 'mean over ' + a.heads.prompts}, sel);
          for (var p = 0; p < a.heads.prompts; p++) el('option', {value: String(p), text: String(p)}, sel);
        }
        var draw = function (prompt) {
          var v = prompt < 0 ? a.heads.mean : a.heads.perPrompt[prompt];
          return heatmapOption(range(a.heads.layers), range(a.heads.width), v, maxAbs([v]), headTooltip(ai, v, prompt), 'head', 'layer');
        };
        var ch = chart(c, chartId, a.heads.layers > 16 ? 'tall' : '', draw(-1));
        if (sel) sel.addEventListener('change', function () { ch.setOption(draw(+sel.value), true); });
      }
      if (a.neurons) {
        var n = a.neurons;
        var cn = card(grid, 'Neurons · ' + a.label + ' · ' + a.name);
        el('div', {'class': 'controls', text: n.bins.title + '; ' + n.layers + ' layers × ' + n.width + ' neurons'}, cn);
        chart(cn, 'neurons-' + ai, '', heatmapOption(range(n.layers), n.bins.cols, n.bins.values, maxAbs([n.bins.values]), function (p) {
          return '<span class="cl-tip">' + esc(n.bins.tips[p.data[1] * n.bins.cols.length + p.data[0]]) + '</span>';
        }, 'neuron', 'layer'));
      }
    });
  }

  /* ---------- comparisons ---------- */
  function oriented(a, kind, negate) {
    return a[kind].mean.map(function (v) { return negate ? -v : v; });
  }
  if (data.comparisons.length) {
    section('Comparing methods', 'Every pair of results: the two heatmaps on one colour scale, one score against the other ' +
      '(dashed: y = x), correlations over components, overlap of the top-k sets and the components they disagree on most ' +
      '(each method scaled by its Σ|score|). When the directions differ the noising scores are negated.');
    data.comparisons.forEach(function (cmp, ci) {
      var a = A[cmp.a], b = A[cmp.b], kind = cmp.kind;
      var va = oriented(a, kind, cmp.negateA), vb = oriented(b, kind, cmp.negateB);
      el('h3', {'class': 'pair', text: a.label + ' (' + a.name + ') vs ' + b.label + ' (' + b.name + ') · ' + kind}, app);
      var cg = el('div', {'class': 'cards'}, app);
      var width = a[kind].width, layers = a[kind].layers;
      var label = kind === 'heads' ? headLabel : neuronLabel;
      if (kind === 'heads') {
        var side = card(cg, 'Side by side, one colour scale', true);
        var limit = maxAbs([va, vb]);
        var holder = el('div', {'class': 'side'}, side);
        [[a, va, cmp.negateA, cmp.a], [b, vb, cmp.negateB, cmp.b]].forEach(function (x, k) {
          var box = el('div', {}, holder);
          el('div', {'class': 'controls', text: x[0].label + (x[2] ? ' (negated)' : '') + ' · ' + x[0].name}, box);
          chart(box, 'compare-' + ci + '-' + k, 'short', heatmapOption(range(layers), range(width), x[1], limit, headTooltip(x[3], x[1], -1), 'head', 'layer'));
        });
      }
      var sc = card(cg, 'Scatter');
      var pts = va.map(function (v, i) { return [v, vb[i], label(i, width)]; });
      var lo = Math.min.apply(null, va.concat(vb)), hi = Math.max.apply(null, va.concat(vb));
      var pad = (hi - lo) * 0.05 || 1;
      var pearson = cmp.correlations[0].averaged, spearman = cmp.correlations[1].averaged;
      chart(sc, 'scatter-' + ci, '', {
        title: {text: 'Pearson r = ' + num(pearson) + ', Spearman ρ = ' + num(spearman), left: 'center', textStyle: {fontSize: 13}},
        tooltip: {formatter: function (p) { return '<span class="cl-tip"><b>' + esc(p.data[2]) + '</b><br>' + esc(a.label) + ': ' + num(p.data[0]) +
          '<br>' + esc(b.label) + ': ' + num(p.data[1]) + '</span>'; }},
        grid: {left: 70, right: 30, top: 40, bottom: 50},
        xAxis: {type: 'value', min: lo - pad, max: hi + pad, name: a.label, nameLocation: 'middle', nameGap: 30, axisLabel: {formatter: num, showMinLabel: false, showMaxLabel: false}},
        yAxis: {type: 'value', min: lo - pad, max: hi + pad, name: b.label, nameLocation: 'middle', nameGap: 50, axisLabel: {formatter: num, showMinLabel: false, showMaxLabel: false}},
        series: [{type: 'scatter', data: pts, symbolSize: pts.length > 300 ? 4 : 8, itemStyle: {color: '#2166ac', opacity: 0.7},
          markLine: {silent: true, symbol: 'none', lineStyle: {type: 'dashed', color: '#777'}, label: {formatter: 'y = x'},
            data: [[{coord: [lo - pad, lo - pad]}, {coord: [hi + pad, hi + pad]}]]}}]
      });
      var oc = card(cg, 'Largest disagreements');
      chart(oc, 'outliers-' + ci, '', {
        tooltip: {trigger: 'axis', valueFormatter: num},
        legend: {top: 0},
        grid: {left: 70, right: 20, top: 30, bottom: 60},
        xAxis: {type: 'category', data: cmp.outliers.map(function (o) { return o.component; }), axisLabel: {rotate: 40}},
        yAxis: {type: 'value', name: 'score / Σ|score|', nameLocation: 'middle', nameGap: 52, axisLabel: {formatter: num}},
        series: [{name: a.label, type: 'bar', data: cmp.outliers.map(function (o) { return o.scaledA; })},
          {name: b.label, type: 'bar', data: cmp.outliers.map(function (o) { return o.scaledB; })}]
      });
      var st = card(cg, 'Agreement', true);
      var tables = el('div', {'class': 'side'}, st);
      var t = el('table', {}, tables);
      var hr = el('tr', {}, el('thead', {}, t));
      ['correlation', 'prompt-averaged', 'per prompt: mean', '± std', 'prompts'].forEach(function (s, i) { el('th', {text: s, 'class': i ? 'num' : ''}, hr); });
      var tb = el('tbody', {}, t);
      cmp.correlations.forEach(function (c) {
        var tr = el('tr', {}, tb);
        el('td', {text: c.name}, tr);
        [c.averaged, c.mean, c.std, c.prompts].forEach(function (v) { el('td', {'class': 'num', text: num(v)}, tr); });
      });
      var t2 = el('table', {}, tables);
      var hr2 = el('tr', {}, el('thead', {}, t2));
      ['top-k by |score|', 'Jaccard', 'shared'].forEach(function (s, i) { el('th', {text: s, 'class': i ? 'num' : ''}, hr2); });
      var tb2 = el('tbody', {}, t2);
      cmp.topk.forEach(function (k) {
        var tr = el('tr', {}, tb2);
        el('td', {text: String(k.k)}, tr);
        el('td', {'class': 'num', text: num(k.jaccard)}, tr);
        el('td', {'class': 'num', text: k.shared + '/' + k.k}, tr);
      });
      if (cmp.notes.length) {
        var ul = el('ul', {'class': 'notes'}, st);
        cmp.notes.forEach(function (n) { el('li', {text: n}, ul); });
      }
    });
  }

  /* ---------- latent components ---------- */
  if (data.latent.length) {
    var lg = section('Latent components', 'Noising (clean→corrupted) measures what the clean behaviour needs; denoising (corrupted→clean) ' +
      'what suffices to restore it. Asymmetry = |noising fraction| − |denoising fraction| of the full effect: positive = needed but not ' +
      'sufficient; negative = sufficient but compensated when removed (like backup heads).');
    data.latent.forEach(function (l, li) {
      var c = card(lg, 'Asymmetry · ' + l.kind + ' · noising ' + l.noising + ', denoising ' + l.denoising, l.kind === 'heads');
      var label = l.kind === 'heads' ? headLabel : neuronLabel;
      var rows = range(l.layers), cols = range(l.width);
      if (l.kind === 'heads') {
        chart(c, 'latent-' + li, 'short', heatmapOption(rows, cols, l.asymmetry, maxAbs([l.asymmetry]), function (p) {
          var i = p.data[1] * l.width + p.data[0];
          return '<span class="cl-tip"><b>' + label(i, l.width) + '</b><br>asymmetry ' + num(l.asymmetry[i]) + '<br>noising fraction ' +
            num(l.noisingFraction[i]) + '<br>denoising fraction ' + num(l.denoisingFraction[i]) + '</span>';
        }, l.kind === 'heads' ? 'head' : 'neuron', 'layer'));
      }
      var p = el('p', {}, c);
      p.appendChild(document.createTextNode('Full effect: noising ' + num(l.noisingFull) + ', denoising ' + num(l.denoisingFull) + '. '));
      p.appendChild(document.createTextNode('Noising only: ' + (l.noisingOnly.join(', ') || 'none') + '. Denoising only: ' + (l.denoisingOnly.join(', ') || 'none') + '.'));
      if (l.notes.length) {
        var ul = el('ul', {'class': 'notes'}, c);
        l.notes.forEach(function (n) { el('li', {text: n}, ul); });
      }
    });
  }

  /* ---------- sortable table of top components ---------- */
  if (A.length) {
    var tg = section('Top components', 'Every head and each result\'s strongest neurons; click a column to sort it (numbers largest first, text A to Z; click again to reverse).');
    var tc = card(tg, null, true);
    var rows = {};
    A.forEach(function (a, ai) {
      ['heads', 'neurons'].forEach(function (kind) {
        var s = a[kind];
        if (!s) return;
        var rk = ranks(s.mean);
        var keep = kind === 'heads' ? null : rk.map(function (r, i) { return r <= 30 ? i : -1; }).filter(function (i) { return i >= 0; });
        (keep || s.mean.map(function (_, i) { return i; })).forEach(function (i) {
          var name = kind === 'heads' ? headLabel(i, s.width) : neuronLabel(i, s.width);
          var row = rows[name] || (rows[name] = {component: name, kind: kind === 'heads' ? 'head' : 'neuron', layer: Math.floor(i / s.width), values: {}});
          row.values[ai] = {score: s.mean[i], std: s.std[i], rank: rk[i]};
        });
      });
    });
    var list = Object.keys(rows).map(function (k) { return rows[k]; });
    var cols = [{key: 'component', title: 'component', get: function (r) { return r.component; }},
      {key: 'kind', title: 'kind', get: function (r) { return r.kind; }},
      {key: 'layer', title: 'layer', num: true, get: function (r) { return r.layer; }}];
    A.forEach(function (a, ai) {
      cols.push({title: a.label + ' score', num: true, get: function (r) { return r.values[ai] ? r.values[ai].score : null; }});
      cols.push({title: '± std', num: true, get: function (r) { return r.values[ai] ? r.values[ai].std : null; }});
      cols.push({title: 'rank', num: true, get: function (r) { return r.values[ai] ? r.values[ai].rank : null; }});
    });
    var wrap = el('div', {'class': 'scroll'}, tc);
    var table = el('table', {id: 'components-table'}, wrap);
    var head = el('tr', {}, el('thead', {}, table));
    var body = el('tbody', {}, table);
    var sortCol = 5 < cols.length ? 5 : 0, asc = true;
    function fill() {
      var c = cols[sortCol];
      list.sort(function (x, y) {
        var a = c.get(x), b = c.get(y);
        if (a === null || a === undefined) return 1;
        if (b === null || b === undefined) return -1;
        var d = c.num ? a - b : String(a).localeCompare(String(b), undefined, {numeric: true});
        return asc ? d : -d;
      });
      body.textContent = '';
      list.forEach(function (r) {
        var tr = el('tr', {}, body);
        cols.forEach(function (c) {
          var v = c.get(r);
          el('td', {'class': c.num ? 'num' : '', text: c.num ? num(v) : v}, tr);
        });
      });
      Array.prototype.forEach.call(head.children, function (th, i) {
        th.className = 'sortable' + (cols[i].num ? ' num' : '') + (i === sortCol ? (asc ? ' sorted-asc' : ' sorted-desc') : '');
      });
    }
    cols.forEach(function (c, i) {
      var th = el('th', {text: c.title}, head);
      th.addEventListener('click', function () { asc = sortCol === i ? !asc : !c.num; sortCol = i; fill(); });
    });
    fill();
  }

  /* ---------- curves ---------- */
  /** A line of means with a shaded mean ± std band. The band is one polygon drawn by a custom series (stacking a
   *  lower line and a width would go wrong where mean − std < 0, since ECharts stacks negative and positive values
   *  apart); its data are the band's corners, so the axes also make room for it. */
  function bandSeries(name, x, mean, std, color) {
    var upper = x.map(function (v, i) { return [v, mean[i] + std[i]]; });
    var lower = x.map(function (v, i) { return [v, mean[i] - std[i]]; });
    return [
      {name: name, type: 'line', data: x.map(function (v, i) { return [v, mean[i]]; }), color: color, symbolSize: 5, z: 3},
      {type: 'custom', name: name + ' ± std', data: upper.concat(lower), silent: true, z: 1, tooltip: {show: false}, color: color,
        renderItem: function (params, api) {
          if (params.dataIndex !== 0) return null;
          var pts = upper.map(function (p) { return api.coord(p); }).concat(lower.slice().reverse().map(function (p) { return api.coord(p); }));
          return {type: 'polygon', shape: {points: pts}, style: {fill: color, opacity: 0.18}};
        }}
    ];
  }
  var COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  if (data.curves.length || data.faithfulness.length || data.ablations.length) {
    var ag = section('Ablations and circuits', 'Mean over prompts; bands are ± one standard deviation over prompts.');
    data.curves.forEach(function (c, ci) {
      var cc = card(ag, (c.kind === 'prune' ? 'Greedy pruning' : 'Cumulative ablation') + ' · ' + c.name);
      el('div', {'class': 'controls', text: c.describe}, cc);
      chart(cc, 'curve-' + ci, '', {
        tooltip: {trigger: 'axis', formatter: function (ps) {
          var p = ps[0], step = p.data[0];
          return '<span class="cl-tip">after ' + step + ' component' + (step === 1 ? '' : 's') + (step > 0 && c.order[step - 1] ? ' (last: <b>' + esc(c.order[step - 1]) + '</b>)' : '') +
            '<br>mean ' + num(p.data[1]) + ' ± ' + num(c.std[p.dataIndex]) + '</span>';
        }},
        grid: {left: 70, right: 20, top: 20, bottom: 50},
        xAxis: {type: 'value', name: c.kind === 'prune' ? 'components removed' : 'components ablated', nameLocation: 'middle', nameGap: 30},
        yAxis: {type: 'value', name: 'metric' + (c.metric ? ' (' + c.metric + ')' : ''), nameLocation: 'middle', nameGap: 50, scale: true, axisLabel: {formatter: num}},
        series: bandSeries('mean', c.x, c.mean, c.std, COLORS[0])
      });
    });
    data.faithfulness.forEach(function (f, fi) {
      var fc = card(ag, 'Faithfulness · ' + f.name);
      el('div', {'class': 'controls', text: 'CPR ' + num(f.cpr) + ' (area under f, signed ranking; higher is better) · CMD ' + num(f.cmd) +
        ' (area under |1 − f|, absolute ranking; lower is better)'}, fc);
      var keep = f.k.map(function (k, i) { return k > 0 ? i : -1; }).filter(function (i) { return i >= 0; });
      function pick(a) { return keep.map(function (i) { return a[i]; }); }
      var kx = pick(f.k);
      chart(fc, 'faithfulness-' + fi, '', {
        tooltip: {trigger: 'axis', valueFormatter: num},
        legend: {top: 0, data: ['signed ranking (CPR ' + num(f.cpr) + ')', 'absolute ranking (CMD ' + num(f.cmd) + ')']},
        grid: {left: 70, right: 20, top: 34, bottom: 50},
        xAxis: {type: 'log', name: 'circuit size k (% of components)', nameLocation: 'middle', nameGap: 30, min: Math.min.apply(null, kx), max: 100},
        yAxis: {type: 'value', name: 'f(k)', nameLocation: 'middle', nameGap: 50, scale: true, axisLabel: {formatter: num}},
        series: bandSeries('signed ranking (CPR ' + num(f.cpr) + ')', kx, pick(f.fSigned), pick(f.stdSigned), COLORS[0])
          .concat(bandSeries('absolute ranking (CMD ' + num(f.cmd) + ')', kx, pick(f.fAbs), pick(f.stdAbs), COLORS[1]))
          .concat([{type: 'line', data: [], markLine: {silent: true, symbol: 'none', lineStyle: {type: 'dashed', color: '#777'},
            label: {formatter: 'f = 1'}, data: [{yAxis: 1}]}}])
      });
    });
    data.ablations.forEach(function (b, bi) {
      var bc = card(ag, 'Ablation · ' + b.name);
      el('div', {'class': 'controls', text: b.describe + (b.ablated ? ' · ablated: ' + b.ablated : '')}, bc);
      chart(bc, 'ablation-' + bi, 'short', {
        tooltip: {trigger: 'axis', formatter: function (ps) {
          var r = b.rows[ps[0].dataIndex];
          return '<span class="cl-tip"><b>' + esc(r.run) + '</b><br>' + num(r.mean) + ' ± ' + num(r.std) + '</span>';
        }},
        grid: {left: 70, right: 20, top: 20, bottom: 40},
        xAxis: {type: 'category', data: b.rows.map(function (r) { return r.run; })},
        yAxis: {type: 'value', name: 'metric', nameLocation: 'middle', nameGap: 50, axisLabel: {formatter: num}},
        series: [{type: 'bar', data: b.rows.map(function (r) { return r.mean; }), itemStyle: {color: '#2166ac'}, barMaxWidth: 60}]
      });
    });
  }

  /* ---------- IG paths ---------- */
  var withPaths = A.filter(function (a) { return a.paths.length; });
  if (withPaths.length) {
    var pg = section('Integrated gradients along the path', 'The metric at each quadrature node α as one layer\'s hook moves from the base run ' +
      '(α = 0) to the source (α = 1), mean over prompts. A curve that flattens early is saturated; dashed lines mark where Split IG cut each layer\'s path.');
    withPaths.forEach(function (a) {
      a.paths.forEach(function (p) {
        var ai = A.indexOf(a);
        var pc = card(pg, 'Path · ' + (p.kind === 'heads' ? 'attn.hook_z (heads)' : 'mlp.hook_post (neurons)') + ' · ' + a.label + ' · ' + a.name);
        var n = p.layers.length;
        var series = p.layers.map(function (ys, l) {
          var color = n <= 10 ? COLORS[l] : echarts.color.lerp(l / (n - 1), ['#440154', '#3b528b', '#21918c', '#5ec962', '#c8d81a']);
          var s = {name: 'layer ' + l, type: 'line', data: p.alphas.map(function (x, k) { return [x, ys[k]]; }), color: color, symbolSize: 4};
          if (p.split[l] !== null && p.split[l] < 1) {
            s.markLine = {silent: true, symbol: 'none', lineStyle: {type: 'dashed', color: color}, label: {show: false}, data: [{xAxis: p.split[l]}]};
          }
          return s;
        });
        chart(pc, 'path-' + ai + '-' + p.kind, '', {
          tooltip: {trigger: 'axis', valueFormatter: num},
          legend: {type: 'scroll', top: 0},
          grid: {left: 70, right: 20, top: 34, bottom: 50},
          xAxis: {type: 'value', min: 0, max: 1, name: 'α', nameLocation: 'middle', nameGap: 28},
          yAxis: {type: 'value', name: 'metric' + (a.metric ? ' (' + a.metric + ')' : ''), nameLocation: 'middle', nameGap: 50, scale: true, axisLabel: {formatter: num}},
          series: series
        });
        if (p.splitRatio) el('div', {'class': 'controls', text: 'Split IG: ratio ' + p.splitRatio + ', rule ' + p.splitRule}, pc);
      });
    });
  }

  /* ---------- attention patterns ---------- */
  if (data.patterns) {
    var P = data.patterns;
    var ag2 = section('Attention patterns', 'On "' + P.text + '": each query token (row) attends to earlier key tokens (columns); ' +
      'leading spaces are shown as ·.');
    P.heads.forEach(function (h, hi) {
      var c = card(ag2, 'Head ' + h.label);
      var t = P.tokens.length;
      var values = h.pattern.map(function (v, i) { return (i % t) > Math.floor(i / t) ? null : v; });
      var opt = heatmapOption(P.tokens, P.tokens, values, 1, function (p) {
        return '<span class="cl-tip"><b>head ' + h.label + '</b><br>query ' + p.data[1] + ' ' + esc(P.tokens[p.data[1]]) + ' → key ' + p.data[0] + ' ' +
          esc(P.tokens[p.data[0]]) + '<br>attention ' + num(p.data[2]) + '</span>';
      }, 'key token', 'query token', BLUES, 0);
      opt.xAxis.axisLabel = {rotate: 60, interval: 0, fontSize: t > 30 ? 9 : 11};
      opt.yAxis.axisLabel = {interval: 0, fontSize: t > 30 ? 9 : 11};
      opt.grid.left = 110;
      opt.grid.bottom = 90;
      chart(c, 'pattern-' + hi, 'tall', opt);
    });
  }

  // charts were sized while the page was still being laid out (a card spans the row until its neighbour arrives):
  // size them to their final boxes now, and again whenever a box changes
  Object.keys(charts).forEach(function (k) {
    charts[k].resize();
    if (window.ResizeObserver) new ResizeObserver(function () { charts[k].resize(); }).observe(charts[k].getDom());
  });
  window.circuitlens = {charts: charts, data: data, ready: true};
})();
