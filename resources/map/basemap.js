/* IOC Wall base map: the province an operator recognises (outline, neighbours, rivers,
 * towns, wards), drawn under the live layers from one local file built at build time
 * (scripts/build_basemap.py → resources/map/basemap/phu_tho.json), fetched through the
 * ioc:// scheme like every other asset: nothing leaves the machine.
 *
 * Every name is put into the DOM with textContent, never as HTML. Nothing here takes the
 * mouse (interactive: false, panes with pointer-events: none), so the live markers above
 * keep every click. Labels come and go with the zoom, so the wall shows the province's
 * towns at province scale and ward names only when there is room for them.
 *
 * The page reads it back with iocBaseMap.state(): what was drawn, per layer, and how long
 * fetching, parsing and drawing took (a test and a bench read it). */
(function () {
  "use strict";
  var state = {status: "off", counts: {}, labels: 0, ms: {}, error: null};
  var map = null;
  var zoomed = [];  /* [{marker, group, min, max}]: shown only between two zooms */
  var settle = null;

  /* [min, max] zoom of a label, by kind (and rank for towns and rivers) */
  function zoomRange(p) {
    switch (p.kind) {
      case "label_focus": return [7, 9];
      case "label": return [7, 10];
      case "label_former": return [9, 10];
      case "river_label": return [9, 18];
      case "town": return p.rank === 1 ? [7, 18] : p.rank === 2 ? [10, 18] : [11, 18];
      case "ward": return [12, 18];
      case "ward_cell": return [10, 18];
      default: return [0, 18];
    }
  }

  var STYLES = {
    focus: {color: "#8fa3b8", weight: 2.5, fillColor: "#13202c", fillOpacity: 0.6},
    border: {color: "#4d5d6e", weight: 1.2, fill: false},
    former: {color: "#3f5163", weight: 1, dashArray: "6 5", fill: false},
    river1: {color: "#3d7fc0", weight: 3, opacity: 0.9},
    river2: {color: "#36709f", weight: 2, opacity: 0.85},
    river3: {color: "#2b5878", weight: 1, opacity: 0.8},
    ward_cell: {color: "#243648", weight: 0.8, fill: false}
  };

  function labelElement(text, cls) {
    var el = document.createElement("span");
    el.className = cls;
    el.textContent = String(text);
    return el;
  }

  /* a town's size shows in its label's weight (rank), not in a tooltip: nothing here
     takes the mouse */
  function labelMarker(opts, lat, lon, text, cls) {
    var el = labelElement(text, "ioc-base-text");
    return L.marker([lat, lon], {
      pane: opts.pane("baseLabels"), interactive: false, keyboard: false,
      icon: L.divIcon({html: el, className: "ioc-base-label " + cls, iconSize: null})
    });
  }

  function pointOf(f) {
    var c = f && f.geometry && f.geometry.type === "Point" && f.geometry.coordinates;
    return (c && isFinite(c[0]) && isFinite(c[1])) ? {lat: c[1], lon: c[0]} : null;
  }

  /* which label keeps its place when two would overlap: the province, then the large
     towns, the neighbours, the rivers, the smaller towns, the wards */
  function priority(p) {
    switch (p.kind) {
      case "label_focus": return 0;
      case "town": return p.rank === 1 ? 1 : p.rank === 2 ? 5 : 6;
      case "label": return 2;
      case "river_label": return 3;
      case "label_former": return 4;
      default: return 7;
    }
  }

  function addLabel(group, marker, p) {
    var r = zoomRange(p);
    zoomed.push({marker: marker, group: group, min: r[0], max: r[1], prio: priority(p),
                 order: zoomed.length, label: p.kind !== "ward_cell"});
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  /* a label that would cover one placed before it waits for a closer zoom. Every rectangle
     is read first, then every class written: one layout, not one per label (a hidden label
     keeps its box, visibility does not move anything) */
  function declutter() {
    var box = map.getContainer().getBoundingClientRect();
    var items = [];
    zoomed.forEach(function (it) {
      if (!it.label || !it.group.hasLayer(it.marker)) { return; }
      var el = it.marker.getElement();
      if (el && el.firstChild) {
        items.push({it: it, el: el, r: el.firstChild.getBoundingClientRect()});
      }
    });
    items.sort(function (a, b) { return (a.it.prio - b.it.prio) || (a.it.order - b.it.order); });
    var placed = [];
    items.forEach(function (x) {
      var r = x.r;
      var off = r.right < box.left || r.left > box.right || r.bottom < box.top ||
        r.top > box.bottom;
      var hit = !off && placed.some(function (q) { return overlaps(q, r); });
      if (!off && !hit) { placed.push(r); }
      x.hide = hit;
    });
    items.forEach(function (x) {
      if (x.el.classList.contains("ioc-base-hidden") !== x.hide) {
        x.el.classList.toggle("ioc-base-hidden", x.hide);
      }
    });
  }

  function showForZoom() {
    if (!map) { return; }
    var z = map.getZoom();
    zoomed.forEach(function (it) {
      var on = z >= it.min && z <= it.max;
      if (on && !it.group.hasLayer(it.marker)) { it.group.addLayer(it.marker); }
      if (!on && it.group.hasLayer(it.marker)) { it.group.removeLayer(it.marker); }
    });
    declutter();
    /* markers may still be gliding to their places (Leaflet's 0.25 s zoom transition):
       measure again once they have arrived */
    clearTimeout(settle);
    settle = setTimeout(declutter, 350);
  }

  function vector(opts, f, style, paneName, renderer) {
    return L.geoJSON(f, {pane: opts.pane(paneName), renderer: renderer, interactive: false,
                         style: style});
  }

  /* every line of a feature (rings of a polygon included) as Leaflet [lat, lon] arrays */
  function linesOf(g) {
    var t = g && g.type;
    var c = g && g.coordinates;
    var parts = t === "LineString" ? [c] : (t === "MultiLineString" || t === "Polygon") ? c
      : t === "MultiPolygon" ? [].concat.apply([], c) : [];
    return parts.map(function (line) {
      return line.filter(function (p) { return isFinite(p[0]) && isFinite(p[1]); })
        .map(function (p) { return [p[1], p[0]]; });
    });
  }

  /* the lines of one style become one path: a few SVG elements to redraw on a zoom, not
     hundreds (234 border pieces, 148 cells) */
  function Bucket() { this.lines = []; }
  Bucket.prototype.add = function (f) {
    this.lines.push.apply(this.lines, linesOf(f.geometry));
  };
  Bucket.prototype.layer = function (opts, style, renderer, paneName) {
    if (!this.lines.length) { return null; }
    var o = {pane: opts.pane(paneName || "baseLines"), renderer: renderer, interactive: false};
    Object.keys(style).forEach(function (k) { o[k] = style[k]; });
    return L.polyline(this.lines, o);
  };

  function draw(data, opts) {
    var L1 = data && data.layers;
    if (!L1) { throw new Error("no layers"); }
    var fill = L.svg({pane: opts.pane("baseFill"), padding: 0.5});
    var lines = L.svg({pane: opts.pane("baseLines"), padding: 0.5});
    var words = opts.labels || {};
    var groups = {
      provinces: L.layerGroup(), rivers: L.layerGroup(), towns: L.layerGroup(),
      wards: L.layerGroup()
    };
    var counts = {provinces: 0, borders: 0, former: 0, rivers: 0, named_rivers: 0,
                  towns: 0, wards: 0, ward_cells: 0};
    var buckets = {border: new Bucket(), former: new Bucket(), river1: new Bucket(),
                   river2: new Bucket(), river3: new Bucket(), ward_cell: new Bucket()};
    (L1.provinces.features || []).forEach(function (f) {
      var p = f.properties || {};
      if (p.kind === "focus") {
        var style = STYLES.focus;
        if (opts.tiles) {  /* a site's own tiles show through: outline only */
          style = {color: style.color, weight: style.weight, fill: false};
        }
        vector(opts, f, style, "baseFill", fill).addTo(groups.provinces);
        counts.provinces += 1;
      } else if (p.kind === "border" || p.kind === "former") {
        buckets[p.kind].add(f);
        counts[p.kind === "border" ? "borders" : "former"] += 1;
      } else {
        var at = pointOf(f);
        if (!at) { return; }
        var text = p.kind === "label_former"
          ? (words.former_province || "{name} (cũ)").replace("{name}", p.name) : p.name;
        var cls = {label: "ioc-base-prov", label_focus: "ioc-base-prov ioc-base-focus",
                   label_former: "ioc-base-prov ioc-base-former"}[p.kind] || "ioc-base-prov";
        var m = labelMarker(opts, at.lat, at.lon, text, cls);
        addLabel(groups.provinces, m, p);
      }
    });
    (L1.rivers.features || []).forEach(function (f) {
      var p = f.properties || {};
      if (p.kind === "river") {
        (buckets["river" + p.rank] || buckets.river3).add(f);
        counts.rivers += 1;
        if (p.name) { counts.named_rivers += 1; }
      } else if (p.kind === "river_label") {
        var at = pointOf(f);
        if (at) {
          addLabel(groups.rivers, labelMarker(opts, at.lat, at.lon, p.name, "ioc-base-river"), p);
        }
      }
    });
    (L1.towns.features || []).forEach(function (f) {
      var p = f.properties || {};
      var at = pointOf(f);
      if (!at) { return; }
      var m = labelMarker(opts, at.lat, at.lon, p.name, "ioc-base-town ioc-rank-" + p.rank);
      addLabel(groups.towns, m, p);
      counts.towns += 1;
    });
    (L1.wards.features || []).forEach(function (f) {
      var p = f.properties || {};
      if (p.kind === "ward_cell") {
        buckets.ward_cell.add(f);
        counts.ward_cells += 1;
      } else if (p.kind === "ward") {
        var at = pointOf(f);
        if (!at) { return; }
        var m = labelMarker(opts, at.lat, at.lon, p.short,
                            "ioc-base-ward" + (p.type === "Phường" ? " ioc-urban" : ""));
        addLabel(groups.wards, m, p);
        counts.wards += 1;
      }
    });
    ["border", "former"].forEach(function (k) {
      var layer = buckets[k].layer(opts, STYLES[k], lines);
      if (layer) { layer.addTo(groups.provinces); }
    });
    ["river3", "river2", "river1"].forEach(function (k) {  /* the main rivers on top */
      var layer = buckets[k].layer(opts, STYLES[k], lines);
      if (layer) { layer.addTo(groups.rivers); }
    });
    /* under the borders and rivers; once the province is large enough to tell them apart */
    var cells = buckets.ward_cell.layer(opts, STYLES.ward_cell, fill, "baseFill");
    if (cells) {
      addLabel(groups.wards, cells, {kind: "ward_cell"});
    }
    var names = {provinces: words.base_provinces || "Nền: ranh giới tỉnh",
                 rivers: words.base_rivers || "Nền: sông",
                 towns: words.base_towns || "Nền: đô thị",
                 wards: words.base_wards || "Nền: phường, xã (sơ đồ)"};
    Object.keys(groups).forEach(function (k) {
      /* over a site's own tiles the rivers are already drawn: offered, not shown */
      if (!(opts.tiles && k === "rivers")) { groups[k].addTo(map); }
      if (opts.control) { opts.control.addOverlay(groups[k], names[k]); }
    });
    map.on("zoomend", showForZoom);
    map.on("moveend overlayadd", declutter);  /* labels that came into view, a layer back */
    showForZoom();
    state.labels = zoomed.length;
    return counts;
  }

  window.iocBaseMap = {
    /* map and opts null: draw another file on the same map (a test's hostile names) */
    load: function (leafletMap, url, opts) {
      map = leafletMap || map;
      opts = opts || state.opts;
      state.opts = opts;
      state.status = "loading";
      var t0 = performance.now();
      /* XHR, not fetch: a custom scheme's answer reaches XHR in every QtWebEngine */
      var xhr = new XMLHttpRequest();
      xhr.open("GET", url);
      xhr.responseType = "text";
      xhr.onload = function () {
        var t1 = performance.now();
        try {
          if (xhr.status !== 0 && xhr.status !== 200) { throw new Error("HTTP " + xhr.status); }
          var data = JSON.parse(xhr.responseText);
          var t2 = performance.now();
          state.counts = draw(data, opts);
          state.sources = Object.keys(data.sources || {});
          var t3 = performance.now();
          state.ms = {fetch: t1 - t0, parse: t2 - t1, draw: t3 - t2, total: t3 - t0};
          state.status = "drawn";
        } catch (e) {
          state.status = "failed";
          state.error = String(e);
          console.warn("base map not drawn: " + e);
        }
      };
      xhr.onerror = function () {
        state.status = "failed";
        state.error = "not loaded";
        console.warn("base map not loaded: " + url);
      };
      xhr.send();
    },
    state: function () {
      return {status: state.status, counts: state.counts, labels: state.labels, ms: state.ms,
              error: state.error, sources: state.sources};
    }
  };
})();
