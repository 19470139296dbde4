/* IOC Wall map page. Python sends each layer through QWebChannel as JSON text (parsed with
 * JSON.parse, never evaluated); this file never builds HTML from data: every label is a DOM
 * node whose text is set with textContent, so a citizen report that contains markup shows as
 * text and runs nothing. Clicks go back through the bridge's three calls, with an id only.
 *
 * Layers sit in their own Leaflet panes, bottom to top: ward shapes, citizen reports, air
 * quality, cameras, incidents (an incident is never hidden under a camera). Vector layers
 * are SVG in their pane: a canvas fills its whole pane and swallows the mouse for every pane
 * below it, so a camera under an incidents canvas could not be clicked. Cameras are small
 * DOM markers with a glyph from the app's icon font, updated in place by id (a status
 * change repaints one element instead of rebuilding 2,000). */
(function () {
  "use strict";
  var map = null;
  var bridge = null;
  var layers = {};
  var labels = {};  /* the page's words, in the UI's language, from Python */
  var counts = {areas: 0, cameras: 0, incidents: 0, reports: 0, aq: 0};
  var rejected = {areas: 0, cameras: 0, incidents: 0, reports: 0, aq: 0};
  var CAMERA_COLORS = {online: "#30d158", offline: "#ff453a", maintenance: "#8e8e93"};  /* until attach() */
  var SEVERITY_COLORS = {critical: "#ff2d55", high: "#ff7e00", medium: "#ffd60a",
                         low: "#64d2ff", informational: "#8e8e93"};
  var CAMERA_GLYPHS = {};  /* status → one character of the icon font (from Python) */
  var UNKNOWN_COLOR = "#95a5a6";

  /* bottom to top; Leaflet's own panes: tiles 200, overlays 400, markers 600, tooltips 650.
     The base map (basemap.js: province, rivers, towns, wards) lies under every live layer;
     only its labels sit above the ward shapes, and none of it takes the mouse */
  var PANES = {baseFill: 300, baseLines: 320, areas: 410, baseLabels: 415, reports: 420,
               aq: 430, aqLabels: 435, cameras: 440, incidents: 450};
  function pane(name) { return "ioc-" + name; }
  var renderers = {};
  function svgIn(name) {
    renderers[name] = renderers[name] || L.svg({pane: pane(name), padding: 0.5});
    return renderers[name];
  }

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  /* a backend that answers wrongly must not take a layer down: Leaflet throws on
     "Invalid LatLng object: (NaN, 105.44)" and the rest of the layer would be lost */
  function onGlobe(lat, lon) {
    return typeof lat === "number" && typeof lon === "number" && isFinite(lat) &&
      isFinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
  }

  function label(lines) {
    var box = document.createElement("div");
    box.className = "ioc-label";
    lines.filter(function (line) { return line !== "" && line !== undefined && line !== null; })
      .forEach(function (line, i) {
        var el = document.createElement(i === 0 ? "strong" : "div");
        el.textContent = String(line);
        box.appendChild(el);
      });
    return box;
  }

  var CLUSTERED = {reports: function () { return reportClusters(); },
                   cameras: function () { return cameraClusters(); }};

  function layer(name) {
    if (!layers[name]) {
      var make = L.markerClusterGroup && CLUSTERED[name];
      layers[name] = (make ? make() : L.layerGroup()).addTo(map);
    }
    return layers[name];
  }

  /* add and remove many markers at once (a cluster group takes them in bulk) */
  function addMany(group, list) {
    if (!list.length) { return; }
    if (group.addLayers) { group.addLayers(list); } else { list.forEach(function (m) { group.addLayer(m); }); }
  }

  function removeMany(group, list) {
    if (!list.length) { return; }
    if (group.removeLayers) { group.removeLayers(list); } else { list.forEach(function (m) { group.removeLayer(m); }); }
  }

  function clusterIcon(cls, n, alert) {
    var el = document.createElement("div");
    el.textContent = String(n);
    if (alert) {  /* how many of them are in trouble, in the trouble's colour */
      var badge = document.createElement("span");
      badge.className = "ioc-cluster-alert";
      badge.textContent = String(alert);
      el.appendChild(badge);
    }
    return L.divIcon({html: el, className: cls,
                      iconSize: n < 100 ? [32, 32] : (n < 1000 ? [40, 40] : [48, 48])});
  }

  /* ---- cameras at province scale (issue #19: 1,200): clustered below street zoom, each
     cluster with its count and how many of its cameras are lost; from zoom 12 every camera
     is its own glyph (only those in view are in the DOM) ---- */
  function cameraClusters() {
    return L.markerClusterGroup({
      clusterPane: pane("cameras"), chunkedLoading: true, showCoverageOnHover: false,
      maxClusterRadius: 40, disableClusteringAtZoom: 12, spiderfyOnMaxZoom: false,
      animate: false,
      iconCreateFunction: function (cluster) {
        var lost = 0;
        cluster.getAllChildMarkers().forEach(function (m) {
          if (m.ioc && cameraStatus(m.ioc.status) === "offline") { lost += 1; }
        });
        return clusterIcon("ioc-camera-cluster", cluster.getChildCount(), lost);
      }
    });
  }

  /* ---- citizen reports: thousands (issue #19: 5,000 open in the province), so they are
     clustered (a count per cluster until zoomed in) and kept by id: an update adds and
     removes only the reports that came, went or changed, instead of rebuilding 5,000 ---- */
  function reportClusters() {
    return L.markerClusterGroup({
      clusterPane: pane("reports"), chunkedLoading: true, showCoverageOnHover: false,
      maxClusterRadius: 50, disableClusteringAtZoom: 16, spiderfyOnMaxZoom: false,
      animate: false,  /* its animations move icons: a report is an SVG dot, not an icon */
      iconCreateFunction: function (cluster) {
        return clusterIcon("ioc-report-cluster", cluster.getChildCount(), 0);
      }
    });
  }

  var reportMarkers = new Map();

  function reportKey(r) {
    return [r.lat, r.lon, r.service_name, r.description, r.time].join("\u0000");
  }

  function makeReport(r) {
    var m = dot("reports", r.lat, r.lon, "#bf5af2", 6, "ioc-report");
    if (!m) { return null; }
    m.bindTooltip(label([r.service_name, r.description, r.time]));
    return m;
  }

  function setReports(items) {
    var t0 = performance.now();
    var group = layer("reports");
    var seen = new Set();
    var add = [];
    var drop = [];
    var bad = 0;
    (Array.isArray(items) ? items : []).forEach(function (r) {
      if (!r || r.id === undefined || r.id === null) { bad += 1; return; }
      var id = String(r.id);
      if (seen.has(id)) { return; }  /* the same report twice: the first one stands */
      var key = reportKey(r);
      var old = reportMarkers.get(id);
      if (old && old.iocKey === key) { seen.add(id); return; }
      var m = null;
      try { m = makeReport(r); } catch (e) { m = null; }
      if (!m) { bad += 1; return; }
      seen.add(id);
      m.iocKey = key;
      if (old) { drop.push(old); }
      reportMarkers.set(id, m);
      add.push(m);
    });
    reportMarkers.forEach(function (m, id) {
      if (!seen.has(id)) { drop.push(m); reportMarkers.delete(id); }
    });
    removeMany(group, drop);
    addMany(group, add);
    counts.reports = reportMarkers.size;
    rejected.reports = bad;
    timings.reports = performance.now() - t0;
  }

  var timings = {};  /* ms the page spent on each layer's last update (a bench reads it) */

  /* rebuild a small layer; an item that cannot be drawn is skipped and counted */
  function replace(name, items, make) {
    var t0 = performance.now();
    var group = layer(name);
    group.clearLayers();
    var n = 0;
    var bad = 0;
    (Array.isArray(items) ? items : []).forEach(function (item) {
      var m = null;
      try {
        m = item && make(item);
      } catch (e) {
        m = null;
      }
      if (m) { m.addTo(group); n += 1; } else { bad += 1; }
    });
    counts[name] = n;
    rejected[name] = bad;
    timings[name] = performance.now() - t0;
  }

  function dot(name, lat, lon, color, radius, cls) {
    if (!onGlobe(lat, lon)) { return null; }
    return L.circleMarker([lat, lon], {radius: radius, color: "#111", weight: 2,
      fillColor: color, fillOpacity: 0.95, className: cls || "", pane: pane(name),
      renderer: svgIn(name)});
  }

  /* ---- cameras: a glyph in the status colour, one DOM element each, kept by id ---- */
  function cameraStatus(status) {
    return has(CAMERA_COLORS, status) ? status : "unknown";
  }

  function paintCamera(el, state) {
    var status = cameraStatus(state.status);
    el.textContent = CAMERA_GLYPHS[status] || CAMERA_GLYPHS.online || "";
    el.style.color = CAMERA_COLORS[status] || UNKNOWN_COLOR;
    el.style.borderColor = el.style.color;
    el.setAttribute("data-status", status);
  }

  var CameraIcon = L.DivIcon.extend({
    options: {iconSize: [28, 28], iconAnchor: [14, 14], className: "ioc-camera"},
    createIcon: function (oldIcon) {
      var el = (oldIcon && oldIcon.tagName === "DIV") ? oldIcon : document.createElement("div");
      this._setIconStyles(el, "icon");
      paintCamera(el, this.options.camera);
      this.options.camera.el = el;
      return el;
    }
  });

  function cameraTooltip(marker) {
    var c = marker.ioc;
    var status = cameraStatus(c.status);
    return label([c.name, c.id + " · " + (labels["camera_" + status] || String(c.status)),
                  labels.camera_hint || ""]);
  }

  var cameraMarkers = new Map();

  function setCameras(cams) {
    var t0 = performance.now();
    var group = layer("cameras");
    var seen = new Set();
    var bad = 0;
    var moved = false;  /* a camera came, went or moved: the AQ labels may need other sides */
    var add = [];
    var shifted = [];  /* a clustered marker is moved by taking it out and putting it back */
    var repainted = [];  /* their clusters' counts of lost cameras may change */
    (Array.isArray(cams) ? cams : []).forEach(function (c) {
      if (!c || !onGlobe(c.lat, c.lon) || c.id === undefined || c.id === null) {
        bad += 1;
        return;
      }
      var id = String(c.id);
      if (seen.has(id)) { return; }  /* the same camera twice: the first one stands */
      seen.add(id);
      var m = cameraMarkers.get(id);
      if (!m) {
        var state = {id: id, name: c.name, status: c.status, el: null};
        m = L.marker([c.lat, c.lon], {icon: new CameraIcon({camera: state}),
                                      pane: pane("cameras"), keyboard: false});
        m.ioc = state;
        m.bindTooltip(cameraTooltip, {direction: "top", offset: [0, -13]});
        m.on("click", function () { if (bridge) { bridge.openCamera(state.id); } });
        cameraMarkers.set(id, m);
        add.push(m);
        moved = true;
        return;
      }
      var s = m.ioc;
      var ll = m.getLatLng();
      if (ll.lat !== c.lat || ll.lng !== c.lon) { shifted.push([m, c.lat, c.lon]); moved = true; }
      if (s.status !== c.status) {
        s.status = c.status;
        if (s.el) { paintCamera(s.el, s); }
        repainted.push(m);
      }
      s.name = c.name;
      if (m.isTooltipOpen()) { m.getTooltip().update(); }
    });
    var drop = shifted.map(function (x) { return x[0]; });
    cameraMarkers.forEach(function (m, id) {
      if (!seen.has(id)) { drop.push(m); cameraMarkers.delete(id); moved = true; }
    });
    removeMany(group, drop);
    shifted.forEach(function (x) { x[0].setLatLng([x[1], x[2]]); add.push(x[0]); });
    addMany(group, add);
    if (repainted.length && group.refreshClusters) { group.refreshClusters(repainted); }
    if (moved) { declutterAq(); }
    counts.cameras = cameraMarkers.size;
    rejected.cameras = bad;
    timings.cameras = performance.now() - t0;
  }

  /* ---- air quality labels: each label takes the side of its station (right, left, above,
     below, in that order of preference) that covers no label already placed and the least
     of the cameras, incidents and stations (they are drawn over it); a label with no side
     free of labels is hidden. The worse AQI is placed first, so the station an operator
     must see keeps its label ---- */
  var AQ_SIDES = {right: [10, 0], left: [-10, 0], top: [0, -10], bottom: [0, 10]};

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function aqLabelElement(m) {
    var t = m.getTooltip && m.getTooltip();
    return t ? t.getElement() : null;
  }

  function setSide(tooltip, side) {
    if (tooltip.options.direction !== side) {
      tooltip.options.direction = side;
      tooltip.options.offset = AQ_SIDES[side];
      tooltip.update();
    }
  }

  /* the markers a label should rather not cover, as screen rectangles (from their
     positions, without reading the DOM of 2,000 cameras) */
  function markerBoxes() {
    var out = [];
    var box = map.getContainer().getBoundingClientRect();
    var bounds = map.getBounds().pad(0.1);
    function add(ll, r, who) {
      if (!bounds.contains(ll)) { return; }
      var p = map.latLngToContainerPoint(ll);
      out.push({left: box.left + p.x - r, right: box.left + p.x + r,
                top: box.top + p.y - r, bottom: box.top + p.y + r, who: who});
    }
    if (layers.cameras && map.hasLayer(layers.cameras)) {
      cameraMarkers.forEach(function (m) { add(m.getLatLng(), 14, m); });
    }
    if (layers.incidents && map.hasLayer(layers.incidents)) {
      layers.incidents.eachLayer(function (m) { add(m.getLatLng(), 13, m); });
    }
    layers.aq.eachLayer(function (m) { add(m.getLatLng(), 10, m); });
    return out;
  }

  /* how much of the markers a label rectangle would lie on, in square pixels */
  function coveredArea(r, markers, self) {
    var total = 0;
    markers.forEach(function (k) {
      if (k.who === self) { return; }
      var w = Math.min(r.right, k.right) - Math.max(r.left, k.left);
      var h = Math.min(r.bottom, k.bottom) - Math.max(r.top, k.top);
      if (w > 0 && h > 0) { total += w * h; }
    });
    return total;
  }

  function declutterAq() {
    if (!map || !layers.aq || !map.hasLayer(layers.aq)) { return; }
    var items = [];
    layers.aq.eachLayer(function (m) {
      var el = aqLabelElement(m);
      if (el && m.ioc) { items.push({m: m, el: el, t: m.getTooltip()}); }
    });
    items.sort(function (a, b) {
      return (b.m.ioc.aqi - a.m.ioc.aqi) || (a.m.ioc.order - b.m.ioc.order);
    });
    var markers = markerBoxes();
    var placed = [];
    items.forEach(function (it) {
      if (it.m.ioc.hovered) { return; }  /* the one under the mouse shows whatever it covers */
      var chosen = null;
      Object.keys(AQ_SIDES).some(function (side) {
        setSide(it.t, side);
        var r = it.el.getBoundingClientRect();
        if (placed.some(function (p) { return overlaps(p, r); })) { return false; }
        var covered = coveredArea(r, markers, it.m);
        if (!chosen || covered < chosen.covered) {
          chosen = {side: side, rect: r, covered: covered};
        }
        return covered === 0;  /* a side that covers nothing: look no further */
      });
      setSide(it.t, chosen ? chosen.side : "right");
      it.el.classList.toggle("ioc-label-hidden", !chosen);
      if (chosen) { placed.push(chosen.rect); }
    });
  }

  function aqHover(m, on) {
    m.ioc.hovered = on;
    var el = aqLabelElement(m);
    if (el) {
      el.classList.toggle("ioc-hover", on);
      if (on) { el.classList.remove("ioc-label-hidden"); }
    }
    if (!on) { declutterAq(); }
  }

  function aqValue(aqi) {
    return typeof aqi === "number" && isFinite(aqi) ? aqi : -1;
  }

  /* ---- a system page's map (index.html?mode=wards): the wards coloured by one indicator.
     The shapes come once ("wardShapes"), the colours and values on every change
     ("choropleth": {values: {code: {color, text}}, legend: [{color, text}], title, selected});
     a change restyles the shapes in place. Names and values are text nodes; a click sends
     the ward's code back (the bridge checks it is a ward the app knows) ---- */
  var WARDS_MODE = /(^|[?&])mode=wards(&|$)/.test(window.location.search.slice(1));
  var wardShapes = new Map();  /* code → {layer, name} */
  var wardValues = {};
  var wardSelected = null;
  var legendBox = null;
  var NO_VALUE = "#3a4654";

  function wardStyle(code) {
    var v = has(wardValues, code) ? wardValues[code] : null;
    var selected = code === wardSelected;
    return {color: selected ? "#ffffff" : "#0b1118", weight: selected ? 3.5 : 1,
            fillColor: v && typeof v.color === "string" ? v.color : NO_VALUE,
            fillOpacity: v ? 0.8 : 0.35};
  }

  /* the whole province in view, again when the view is resized (a splitter moved), until
     the operator pans or zooms it */
  var wardBounds = null;
  var wardsMoved = false;
  function fitWards() {
    if (wardBounds && wardBounds.isValid()) { map.fitBounds(wardBounds, {padding: [8, 8]}); }
  }

  function followResize() {
    map.on("resize", function () { if (!wardsMoved) { fitWards(); } });
    map.on("dragstart", function () { wardsMoved = true; });
    map.getContainer().addEventListener("wheel", function () { wardsMoved = true; });
  }

  function setWardShapes(features) {
    var t0 = performance.now();
    var group = layer("wards");
    group.clearLayers();
    wardShapes.clear();
    var bounds = L.latLngBounds([]);
    var bad = 0;
    (Array.isArray(features) ? features : []).forEach(function (f) {
      var props = (f && f.properties) || {};
      var code = props.code === undefined || props.code === null ? null : String(props.code);
      if (code === null || wardShapes.has(code)) { bad += 1; return; }
      var g = null;
      try {
        g = L.geoJSON(f, {pane: pane("areas"), renderer: svgIn("areas"),
                          style: function () { return wardStyle(code); }});
      } catch (e) { g = null; }
      if (!g) { bad += 1; return; }
      var name = props.name === undefined || props.name === null ? code : String(props.name);
      g.bindTooltip(function () {
        var v = has(wardValues, code) ? wardValues[code] : null;
        return label([name, v ? v.text : (labels.no_value || "")]);
      }, {sticky: true});
      g.on("click", function () { if (bridge) { bridge.openArea(code); } });
      g.addTo(group);
      bounds.extend(g.getBounds());
      wardShapes.set(code, {layer: g, name: name});
    });
    counts.wards = wardShapes.size;
    rejected.wards = bad;
    wardBounds = bounds;
    if (wardShapes.size && !wardsMoved) { fitWards(); }
    timings.wards = performance.now() - t0;
  }

  function showLegend(title, entries) {
    if (!legendBox) {
      var control = L.control({position: "bottomright"});
      control.onAdd = function () {
        legendBox = L.DomUtil.create("div", "ioc-legend");
        return legendBox;
      };
      control.addTo(map);
    }
    while (legendBox.firstChild) { legendBox.removeChild(legendBox.firstChild); }
    if (title) {
      var head = document.createElement("strong");
      head.textContent = String(title);
      legendBox.appendChild(head);
    }
    (Array.isArray(entries) ? entries : []).forEach(function (e) {
      var row = document.createElement("div");
      var swatch = document.createElement("span");
      swatch.className = "ioc-swatch";
      swatch.style.background = typeof e.color === "string" ? e.color : NO_VALUE;
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(String(e.text)));
      legendBox.appendChild(row);
    });
    legendBox.style.display = legendBox.firstChild ? "" : "none";
  }

  function setChoropleth(data) {
    var t0 = performance.now();
    data = data || {};
    wardValues = (data.values && typeof data.values === "object") ? data.values : {};
    wardSelected = typeof data.selected === "string" ? data.selected : null;
    wardShapes.forEach(function (w, code) {
      w.layer.setStyle(wardStyle(code));
      if (code === wardSelected) { w.layer.bringToFront(); }
      if (w.layer.isTooltipOpen && w.layer.isTooltipOpen()) { w.layer.getTooltip().update(); }
    });
    showLegend(data.title, data.legend);
    counts.choropleth = Object.keys(wardValues).length;
    timings.choropleth = performance.now() - t0;
  }

  var SETTERS = {areas: "setAreas", cameras: "setCameras", incidents: "setIncidents",
                 reports: "setReports", aq: "setAirQuality", wardShapes: "setWardShapes",
                 choropleth: "setChoropleth"};

  function connectBridge() {
    if (typeof QWebChannel === "undefined" || !window.qt || !qt.webChannelTransport) {
      document.title = "ready";  /* no bridge (a plain browser): data can still be set */
      return;
    }
    new QWebChannel(qt.webChannelTransport, function (channel) {
      bridge = channel.objects.bridge;
      bridge.layerChanged.connect(function (name, text) {
        var fn = SETTERS[name];
        if (fn) { window.iocMapApi[fn](JSON.parse(text)); }
      });
      bridge.viewRequested.connect(function (lat, lon, zoom) {
        window.iocMapApi.setView(lat, lon, zoom);
      });
      document.title = "ready";
      bridge.pageReady();
      map.on("moveend", function () {
        var c = map.getCenter();
        bridge.viewChanged(c.lat, c.lng, map.getZoom());
      });
    });
  }

  function loadIconFont(url) {
    if (!url || typeof FontFace === "undefined") { return; }
    var face = new FontFace("IOC Icons", "url(" + JSON.stringify(url) + ")");
    document.fonts.add(face);
    face.load().then(declutterAq, function () {});
  }

  window.iocMapApi = {
    attach: function (leafletMap, options) {
      map = leafletMap;
      /* the report clusters need the map's own zoom range (without tiles it has none) */
      if (options && options.maxZoom && map.options.maxZoom === undefined) {
        map.setMaxZoom(options.maxZoom);
      }
      Object.keys(PANES).forEach(function (name) {
        var p = map.createPane(pane(name));
        p.style.zIndex = String(PANES[name]);
      });
      /* labels and the base map never take the mouse: the markers under them do */
      ["aqLabels", "baseFill", "baseLines", "baseLabels"].forEach(function (name) {
        map.getPane(pane(name)).style.pointerEvents = "none";
      });
      if (options && options.tileUrl) {
        L.tileLayer(options.tileUrl, {maxZoom: 18}).addTo(map);
      }
      labels = (options && options.labels) || {};
      /* the app's one palette: a status is the same colour here as on the tiles and lists */
      if (options && options.colors) {
        CAMERA_COLORS = options.colors.camera || CAMERA_COLORS;
        SEVERITY_COLORS = options.colors.severity || SEVERITY_COLORS;
      }
      CAMERA_GLYPHS = (options && options.icons && options.icons.camera) || {};
      loadIconFont(options && options.icons && options.icons.font);
      var overlays = {};
      /* a system page's map shows its wards only: no live layers to switch */
      (WARDS_MODE ? [] : ["areas", "cameras", "incidents", "reports", "aq"]).forEach(function (k) {
        overlays[labels[k] || k] = layer(k);
      });
      var control = L.control.layers(null, overlays, {collapsed: true}).addTo(map);
      if (options && options.baseMap && window.iocBaseMap) {
        window.iocBaseMap.load(map, options.baseMap, {
          pane: pane, labels: labels, control: control, tiles: !!options.tileUrl
        });
      }
      map.on("zoomend moveend overlayadd overlayremove", declutterAq);
      if (WARDS_MODE) {  /* the province fills its cell: quarter steps of zoom, not whole ones */
        map.options.zoomSnap = 0.25;
        followResize();
      }
      connectBridge();
    },
    setView: function (lat, lon, zoom) {
      if (map && onGlobe(lat, lon)) { map.setView([lat, lon], zoom); }
    },
    setAreas: function (features) {
      replace("areas", features, function (f) {
        var g = L.geoJSON(f, {pane: pane("areas"), renderer: svgIn("areas"),
          style: {color: "#5ac8fa", weight: 1.5, fillColor: "#1c3d5a", fillOpacity: 0.35,
                  dashArray: "4 3"}});
        var name = f.properties ? f.properties.name : "";
        g.bindTooltip(label([name, labels.area_hint || ""]), {sticky: true});
        return g;
      });
    },
    setCameras: setCameras,
    setIncidents: function (items) {
      replace("incidents", items, function (i) {
        var m = dot("incidents", i.lat, i.lon, SEVERITY_COLORS[i.severity] || "#ffd60a", 11,
                    i.fresh ? "ioc-incident ioc-pulse" : "ioc-incident");
        if (!m) { return null; }
        m.bindTooltip(label([i.title, i.severity_label + " · " + i.status_label, i.time]));
        m.on("click", function () { if (bridge) { bridge.openIncident(String(i.id)); } });
        return m;
      });
      declutterAq();
    },
    setReports: setReports,
    setAirQuality: function (items) {
      var order = 0;
      /* the worse AQI is drawn last: where dots pile up, the one that matters is on top */
      var sorted = (Array.isArray(items) ? items.slice() : []).sort(function (a, b) {
        return aqValue(a && a.aqi) - aqValue(b && b.aqi);
      });
      replace("aq", sorted, function (s) {
        var m = dot("aq", s.lat, s.lon, s.color, 9, "ioc-aq");
        if (!m) { return null; }
        m.ioc = {aqi: aqValue(s.aqi), order: order++, hovered: false};
        var text = label([s.name, "VN_AQI " + s.aqi + " · " + s.band]);
        text.style.borderLeftColor = s.color;  /* the label carries its dot's colour */
        m.bindTooltip(text, {permanent: true,
          direction: "right", offset: AQ_SIDES.right, className: "ioc-aq-tip",
          pane: pane("aqLabels")});
        m.on("mouseover", function () { aqHover(m, true); });
        m.on("mouseout", function () { aqHover(m, false); });
        return m;
      });
      declutterAq();
    },
    setWardShapes: setWardShapes,
    setChoropleth: setChoropleth,
    /* what a test reads back: each ward's fill as the SVG path has it, and the legend */
    wardFills: function () {
      var out = {};
      wardShapes.forEach(function (w, code) {
        w.layer.eachLayer(function (p) {
          if (p._path) { out[code] = p._path.getAttribute("fill"); }
        });
      });
      return out;
    },
    legendTexts: function () {
      if (!legendBox) { return []; }
      return Array.prototype.map.call(legendBox.childNodes, function (n) { return n.textContent; });
    },
    clickWard: function (code) {
      var w = wardShapes.get(String(code));
      if (w) { w.layer.fire("click"); }
      return !!w;
    },
    counts: function () { return counts; },
    rejected: function () { return rejected; },
    timings: function () { return timings; },
    view: function () {
      if (!map) { return null; }
      var c = map.getCenter();
      return {lat: c.lat, lon: c.lng, zoom: map.getZoom()};
    },
    /* where a place is drawn in the map's own pixels (a test samples the screen there) */
    pointOf: function (lat, lon) {
      var p = map.latLngToContainerPoint([lat, lon]);
      return {x: p.x, y: p.y};
    },
    /* a test's stand-in for a mouse click on the first marker of a layer */
    clickFirst: function (name) {
      var done = false;
      if (layers[name]) {
        layers[name].eachLayer(function (m) { if (!done) { m.fire("click"); done = true; } });
      }
      return done;
    },
    /* what a test reads back: label texts as rendered in the DOM (or as they would be) */
    labelTexts: function () {
      var out = [];
      Object.keys(layers).forEach(function (k) {
        layers[k].eachLayer(function (m) {
          var t = m.getTooltip && m.getTooltip();
          if (t) {
            var c = t.getContent();
            if (typeof c === "function") { c = c(m); }
            out.push(c.textContent || String(c));
          }
        });
      });
      return out;
    }
  };
})();
