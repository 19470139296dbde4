/* IOC Wall map page. Python sends each layer through QWebChannel as JSON text (parsed with
 * JSON.parse, never evaluated); this file never builds HTML from data: every label is a DOM
 * node whose text is set with textContent, so a citizen report that contains markup shows as
 * text and runs nothing. Clicks go back through the bridge's three calls, with an id only. */
(function () {
  "use strict";
  var map = null;
  var bridge = null;
  var layers = {};
  var labels = {};  /* the page's words, in the UI's language, from Python */
  var counts = {areas: 0, cameras: 0, incidents: 0, reports: 0, aq: 0};
  var CAMERA_COLORS = {online: "#30d158", offline: "#ff453a", maintenance: "#8e8e93"};  /* until attach() */
  var SEVERITY_COLORS = {critical: "#ff2d55", high: "#ff7e00", medium: "#ffd60a",
                         low: "#64d2ff", informational: "#8e8e93"};

  function label(lines) {
    var box = document.createElement("div");
    box.className = "ioc-label";
    lines.filter(function (line) { return line !== ""; }).forEach(function (line, i) {
      var el = document.createElement(i === 0 ? "strong" : "div");
      el.textContent = String(line);
      box.appendChild(el);
    });
    return box;
  }

  function layer(name) {
    if (!layers[name]) {
      layers[name] = L.layerGroup().addTo(map);
    }
    return layers[name];
  }

  var timings = {};  /* ms the page spent on each layer's last update (a bench reads it) */

  function replace(name, items, make) {
    var t0 = performance.now();
    var group = layer(name);
    group.clearLayers();
    var n = 0;
    items.forEach(function (item) {
      var m = make(item);
      if (m) { m.addTo(group); n += 1; }
    });
    counts[name] = n;
    timings[name] = performance.now() - t0;
  }

  /* the map draws on a canvas (thousands of markers stay fast), where CSS cannot animate a
     marker: the few that pulse (new incidents) are drawn as SVG paths instead */
  var svgRenderer = null;
  function dot(lat, lon, color, radius, cls, animated) {
    var options = {radius: radius, color: "#111", weight: 2, fillColor: color,
                   fillOpacity: 0.95, className: cls || ""};
    if (animated) {
      svgRenderer = svgRenderer || L.svg({padding: 0.5});
      options.renderer = svgRenderer;
    }
    return L.circleMarker([lat, lon], options);
  }

  var SETTERS = {areas: "setAreas", cameras: "setCameras", incidents: "setIncidents",
                 reports: "setReports", aq: "setAirQuality"};

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

  window.iocMapApi = {
    attach: function (leafletMap, options) {
      map = leafletMap;
      if (options && options.tileUrl) {
        L.tileLayer(options.tileUrl, {maxZoom: 18}).addTo(map);
      }
      labels = (options && options.labels) || {};
      /* the app's one palette: a status is the same colour here as on the tiles and lists */
      if (options && options.colors) {
        CAMERA_COLORS = options.colors.camera || CAMERA_COLORS;
        SEVERITY_COLORS = options.colors.severity || SEVERITY_COLORS;
      }
      var overlays = {};
      ["areas", "cameras", "incidents", "reports", "aq"].forEach(function (k) {
        overlays[labels[k] || k] = layer(k);
      });
      L.control.layers(null, overlays, {collapsed: true}).addTo(map);
      connectBridge();
    },
    setView: function (lat, lon, zoom) { if (map) { map.setView([lat, lon], zoom); } },
    setAreas: function (features) {
      replace("areas", features, function (f) {
        var g = L.geoJSON(f, {style: {color: "#5ac8fa", weight: 1.5, fillColor: "#1c3d5a",
                                      fillOpacity: 0.35, dashArray: "4 3"}});
        g.bindTooltip(label([f.properties.name, labels.area_hint || ""]), {sticky: true});
        return g;
      });
    },
    setCameras: function (cams) {
      replace("cameras", cams, function (c) {
        var m = dot(c.lat, c.lon, CAMERA_COLORS[c.status] || "#95a5a6", 7, "ioc-camera");
        m.bindTooltip(label([c.name, c.id + " · " + c.status, labels.camera_hint || ""]));
        m.on("click", function () { if (bridge) { bridge.openCamera(String(c.id)); } });
        return m;
      });
    },
    setIncidents: function (items) {
      replace("incidents", items, function (i) {
        var m = dot(i.lat, i.lon, SEVERITY_COLORS[i.severity] || "#ffd60a", 11,
                    i.fresh ? "ioc-incident ioc-pulse" : "ioc-incident", i.fresh);
        m.bindTooltip(label([i.title, i.severity_label + " · " + i.status_label, i.time]));
        m.on("click", function () { if (bridge) { bridge.openIncident(String(i.id)); } });
        return m;
      });
    },
    setReports: function (items) {
      replace("reports", items, function (r) {
        var m = dot(r.lat, r.lon, "#bf5af2", 6, "ioc-report");
        m.bindTooltip(label([r.service_name, r.description, r.time]));
        return m;
      });
    },
    setAirQuality: function (items) {
      replace("aq", items, function (s) {
        var m = dot(s.lat, s.lon, s.color, 9, "ioc-aq");
        m.bindTooltip(label([s.name, "VN_AQI " + s.aqi + " · " + s.band]), {permanent: true,
          direction: "right", className: "ioc-aq-tip"});
        return m;
      });
    },
    counts: function () { return counts; },
    timings: function () { return timings; },
    view: function () {
      if (!map) { return null; }
      var c = map.getCenter();
      return {lat: c.lat, lon: c.lng, zoom: map.getZoom()};
    },
    /* a test's stand-in for a mouse click on the first marker of a layer */
    /* where a place is drawn in the map's own pixels (a test samples the screen there) */
    pointOf: function (lat, lon) {
      var p = map.latLngToContainerPoint([lat, lon]);
      return {x: p.x, y: p.y};
    },
    clickFirst: function (name) {
      var done = false;
      if (layers[name]) {
        layers[name].eachLayer(function (m) { if (!done) { m.fire("click"); done = true; } });
      }
      return done;
    },
    /* what a test reads back: label texts as rendered in the DOM */
    labelTexts: function () {
      var out = [];
      Object.keys(layers).forEach(function (k) {
        layers[k].eachLayer(function (m) {
          var t = m.getTooltip && m.getTooltip();
          if (t) { var c = t.getContent(); out.push(c.textContent || String(c)); }
        });
      });
      return out;
    }
  };
})();
