// PTCE maps with the vendored Leaflet (static/vendor/leaflet), no tile server needed: the base
// layer is the bundled outline of the régions (national) or of the région's départements.
// Two kinds, chosen by the element's data-map attribute:
//  - "ptce": one focusable marker per PTCE of the list's GeoJSON (same filters), each opening
//    a popup that links to the PTCE's record;
//  - "regions": each région shaded by its answer rate, with its PTCE count and rate in a tooltip.
// Overseas régions are drawn as insets beside mainland France on national maps. The list or
// the table next to each map stays the accessible alternative.
(function () {
  "use strict";

  // Overseas régions (INSEE code) -> [centre lon, centre lat, scale, inset lon, inset lat].
  var INSETS = {
    "01": [-61.45, 16.15, 1.8, -8.2, 49.9],   // Guadeloupe
    "02": [-61.02, 14.65, 2.4, -8.2, 48.4],   // Martinique
    "03": [-53.1, 3.95, 0.45, -8.2, 46.6],    // Guyane
    "04": [55.53, -21.13, 2.2, -8.2, 44.6],   // La Réunion
    "06": [45.15, -12.82, 3.5, -8.2, 43.0]    // Mayotte
  };
  var FRANCE = [[41.2, -9.4], [51.2, 9.7]];

  function placer(inset) {
    // Moves an overseas point into its inset (national maps only).
    return function (region) {
      var t = inset && INSETS[region];
      return function (coords) {
        if (!t) return L.latLng(coords[1], coords[0]);
        return L.latLng(t[4] + (coords[1] - t[1]) * t[2], t[3] + (coords[0] - t[0]) * t[2]);
      };
    };
  }

  function getJSON(url) {
    return fetch(url, {credentials: "same-origin"}).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  function baseMap(el) {
    var map = L.map(el, {zoomSnap: 0.25, scrollWheelZoom: false, zoomControl: false,
                         attributionControl: !!el.dataset.tiles});
    // Top right: the insets of the overseas régions sit on the left.
    L.control.zoom({position: "topright", zoomInTitle: el.dataset.zoomIn, zoomOutTitle: el.dataset.zoomOut}).addTo(map);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, {attribution: el.dataset.attribution || ""}).addTo(map);
    }
    return map;
  }

  function drawn(map, features, place, style) {
    // One GeoJSON layer per feature, so each can use its own région's inset transform.
    var group = L.featureGroup();
    features.forEach(function (f) {
      L.geoJSON(f, {style: style, interactive: false, coordsToLatLng: place(f.properties.region)}).addTo(group);
    });
    return group.addTo(map);
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  function ptceMap(el) {
    var region = el.dataset.region || "";
    var place = placer(!region);
    var map = baseMap(el);
    var base = region ? el.dataset.departements : el.dataset.regions;
    Promise.all([getJSON(base), getJSON(el.dataset.ptce)]).then(function (got) {
      var land = drawn(map, got[0].features.filter(function (f) {
        return !region || f.properties.region === region;
      }), place, {className: "map-land", weight: 1});
      var markers = L.featureGroup();
      var missing = 0;
      got[1].features.forEach(function (f) {
        if (!f.geometry) { missing += 1; return; }
        var p = f.properties;
        var icon = L.divIcon({className: "map-marker", iconSize: [18, 18], html: ""});
        var marker = L.marker(place(p.region)(f.geometry.coordinates),
                              {icon: icon, title: p.name, alt: p.name, keyboard: true, riseOnHover: true});
        marker.bindPopup('<a href="' + escapeHtml(p.url) + '">' + escapeHtml(p.name) + "</a><br>" +
                         escapeHtml(p.region_name));
        marker.on("add", function () {
          marker.getElement().setAttribute("aria-label", p.name);
        });
        // Keyboard path: Enter on a marker opens its popup and moves to its link; closing the
        // popup (Escape, or its × button) brings the focus back to the marker.
        marker.on("popupopen", function (e) {
          var link = e.popup.getElement().querySelector("a[href]:not(.leaflet-popup-close-button)");
          if (link) link.focus();
          e.popup.getElement().addEventListener("keydown", function (event) {
            if (event.key === "Escape") map.closePopup();
          });
        });
        marker.on("popupclose", function (e) {
          // The popup's link goes with it: the focus would fall to the page's start.
          var node = marker.getElement();
          var box = e.popup.getElement();
          var active = document.activeElement;
          if (node && (!active || active === document.body || (box && box.contains(active)))) node.focus();
        });
        markers.addLayer(marker);
      });
      markers.addTo(map);
      if (region) {
        map.fitBounds(land.getBounds(), {padding: [8, 8]});
      } else {
        map.fitBounds(FRANCE);
      }
      var note = document.getElementById(el.id + "-etat");
      if (note) {
        note.textContent = el.dataset.shown.replace("{n}", String(markers.getLayers().length)) +
          (missing ? " " + el.dataset.missing.replace("{n}", String(missing)) : "");
      }
      el.classList.add("map-ready");
    }).catch(function () {
      el.closest(".map-section").hidden = true;  // the list below says it all
    });
  }

  function regionsMap(el) {
    var place = placer(true);
    var map = baseMap(el);
    var rows = JSON.parse(el.dataset.values);
    var byCode = {};
    rows.forEach(function (r) { byCode[r.code] = r; });
    getJSON(el.dataset.regions).then(function (data) {
      var group = L.featureGroup();
      data.features.forEach(function (f) {
        var r = byCode[f.properties.region];
        var rate = r && r.ptce ? r.answered / r.ptce : null;
        var step = rate === null ? "none" : String(Math.min(4, Math.floor(rate * 5)));
        var layer = L.geoJSON(f, {coordsToLatLng: place(f.properties.region),
                                  style: {className: "map-rate map-rate-" + step, weight: 1}});
        if (r) layer.bindTooltip(escapeHtml(r.name) + " : " + escapeHtml(r.text), {sticky: true});
        layer.addTo(group);
        if (r && r.ptce) {
          var centre = layer.getBounds().getCenter();
          L.marker(centre, {interactive: false, keyboard: false, icon: L.divIcon({
            className: "map-count", iconSize: [28, 20], html: String(r.ptce)})}).addTo(group);
        }
      });
      group.addTo(map);
      map.fitBounds(FRANCE);
      el.classList.add("map-ready");
    }).catch(function () {
      el.closest(".map-section").hidden = true;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") return;
    document.querySelectorAll("[data-map]").forEach(function (el) {
      el.closest(".map-section").hidden = false;
      if (el.dataset.map === "ptce") ptceMap(el); else regionsMap(el);
    });
  });
})();
