/// The map page, its script and its style, compiled into the binary so the page works from
/// any install (no resource bundle to lose) and offline (no CDN).
enum MapAssets {
    static let html = #"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>permitwatch · map</title>
        <link rel="stylesheet" href="/assets/leaflet/leaflet.css">
        <link rel="stylesheet" href="/map/map.css">
        </head>
        <body>
        <div id="panel">
          <strong><a href="/">permitwatch</a></strong>
          <label>Status <select id="status">
            <option value="">all</option><option value="unlicensed" selected>unlicensed</option><option value="rectifying">rectifying</option>
            <option value="registered">registered</option><option value="permitted">permitted</option><option value="special">special</option>
          </select></label>
          <label>Prefecture <select id="prefecture"><option value="">all</option></select></label>
          <span id="summary">loading…</span>
          <span id="legend"></span>
        </div>
        <div id="map"></div>
        <script src="/assets/leaflet/leaflet.js"></script>
        <script src="/map/map.js"></script>
        </body>
        </html>
        """#

    static let css = #"""
        html, body { height: 100%; margin: 0; }
        body { display: flex; flex-direction: column;
               font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", system-ui, sans-serif; }
        #panel { padding: 6px 10px; background: #f7f7f7; border-bottom: 1px solid #ccc; display: flex; gap: 14px;
                 align-items: center; flex-wrap: wrap; font-size: 14px; }
        #map { flex: 1; background: #dde8f0; }
        #legend span { display: inline-block; margin-right: 8px; }
        #legend i { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 3px; }
        .history { max-height: 180px; overflow: auto; font-size: 12px; }
        .history td, .props td { padding: 0 4px; }
        """#

    static let script = #"""
        'use strict';
        // permitwatch map: prefectures always, towns and grids by box as you zoom in, sources
        // by box at town zoom and as a density of squares at province zoom. Nothing loads the
        // whole province's sources at once.
        (function () {
          const colors = { permitted: '#1a9850', registered: '#66bd63', rectifying: '#fdae61', special: '#8073ac', unlicensed: '#d73027' };
          const stats = { prefectures: 0, areas: 0, sources: 0, density: 0, clusters: 0, hotspots: 0, routes: 0, errors: 0 };
          const binColors = { 3: '#d7191c', 2: '#fdae61', 1: '#fee08b', '-1': '#d1e5f0', '-2': '#67a9cf', '-3': '#2166ac' };
          const report = () => { for (const k in stats) document.body.dataset[k] = stats[k]; };
          window.addEventListener('error', () => { stats.errors++; report(); });

          const map = L.map('map', { preferCanvas: true, minZoom: 6 }).setView([23.1, 113.4], 7);
          const renderer = L.canvas({ padding: 0.3 });
          const prefectures = L.geoJSON(null, { style: { color: '#444', weight: 1.2, fillColor: '#fff', fillOpacity: 0.55 } }).addTo(map);
          const areas = L.geoJSON(null, { style: { color: '#777', weight: 0.6, fill: false, dashArray: '2 2' } }).addTo(map);
          const hotspots = L.geoJSON(null, {
            style: (f) => ({ color: binColors[f.properties.bin], weight: 1, fillColor: binColors[f.properties.bin], fillOpacity: 0.45 }),
            onEachFeature: (f, layer) => layer.bindTooltip(`cell ${f.properties.cell}: value ${f.properties.value}, z ${Number(f.properties.z).toFixed(2)}, bin ${f.properties.bin}`),
          }).addTo(map);
          const clusters = L.geoJSON(null, {
            style: (f) => ({ color: '#6a3d9a', weight: 1.5, fillColor: '#6a3d9a', fillOpacity: Math.min(0.6, 0.1 + f.properties.risk / 150) }),
            onEachFeature: (f, layer) => layer.bindPopup(
              `<b>cluster ${f.properties.cluster}</b>: ${f.properties.members} sources, risk ${f.properties.risk}<br>` +
              `towns ${escape((f.properties.towns || []).join(' '))}<br>by status ${escape(Object.entries(f.properties.by_status || {}).map(([k, v]) => `${k}:${v}`).join(' '))}`),
          }).addTo(map);
          // The latest stored route plan's teams (permitwatch route plan, POST /analytics/routes).
          const teamColors = ['#e41a1c', '#377eb8', '#4daf4a', '#984ea3', '#ff7f00', '#a65628'];
          const routes = L.geoJSON(null, {
            style: (f) => ({ color: teamColors[(f.properties.team - 1) % teamColors.length], weight: 3, opacity: 0.85 }),
            onEachFeature: (f, layer) => layer.bindPopup(
              `<b>plan ${f.properties.plan_id}, team ${f.properties.team}</b> from ${escape(f.properties.depot)}: ` +
              `${f.properties.stops} stops, ${Number(f.properties.distance_km).toFixed(1)} km, ` +
              `${Number(f.properties.duration_h).toFixed(1)} h, priority ${f.properties.prize}`),
          }).addTo(map);
          const sources = L.layerGroup().addTo(map);
          const density = L.layerGroup().addTo(map);
          // The weekly report's grids (last complete week; the selected prefecture, else the
          // province), loaded only when the layer is switched on.
          const reportColors = ['#f7f7f7', '#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'];
          const reportBand = (n) => [0, 1, 3, 7, 15].findIndex((top) => n <= top);
          const weekly = L.geoJSON(null, {
            style: (f) => {
              const band = reportBand(f.properties.unlicensed);
              const hot = (f.properties.hotspot_bin || 0) > 0;
              return { color: hot ? '#000' : '#999', weight: hot ? 2 : 0.4, fillColor: reportColors[band < 0 ? 5 : band], fillOpacity: 0.7 };
            },
            onEachFeature: (f, layer) => layer.bindTooltip(
              `${escape(f.properties.grid_name || f.properties.grid_code)} (${escape(f.properties.week)}): ${f.properties.unlicensed} unlicensed, ` +
              `change ${f.properties.net_change}, found ${f.properties.found}, resolved ${f.properties.resolved}, overdue ${f.properties.overdue}`),
          });
          // A layer loaded whole when it is switched on (and again on each switch), counted in `stats[key]`.
          async function loadWhole(layer, url, key) {
            try {
              const fc = await getJSON(url);
              layer.clearLayers();
              layer.addData(fc);
              stats[key] = fc.features.length;
              report();
            } catch (error) {
              fail(error);
            }
          }
          function loadWeekly() {
            // The whole province's report needs a reader's token, which this page has not.
            if (!prefectureSelect.value) {
              weekly.clearLayers();
              summary.textContent = 'weekly report: choose a prefecture (the whole province\'s needs a reader\'s token)';
              return Promise.resolve();
            }
            const q = new URLSearchParams({ f: 'geojson' });
            if (prefectureSelect.value) q.set('area', prefectureSelect.value);
            return loadWhole(weekly, `/reports/weekly?${q}`, 'report');
          }
          // Sources placed outside the area their register declares (likely geocoding errors),
          // loaded only when the layer is switched on: few enough to load whole.
          const mismatches = L.geoJSON(null, {
            pointToLayer: (f, latlng) => L.circleMarker(latlng, { renderer, radius: 7, weight: 2.5, color: '#000', fillColor: '#ffff33', fillOpacity: 0.9 }),
            onEachFeature: (f, layer) => layer.bindPopup(
              `<b>${escape(f.properties.source_id)}</b> ${escape(f.properties.name)}<br>` +
              `declared in ${escape(f.properties.declared_area_code)}, placed in ` +
              `${escape(f.properties.town_code || f.properties.county_code || f.properties.prefecture_code || 'no area')}<br>` +
              `<a href="/queries/location-mismatches?f=csv">all sources outside their declared area (CSV)</a>`),
          });
          function loadMismatches() {
            const q = new URLSearchParams({ location_mismatch: '1', limit: '10000' });
            if (prefectureSelect.value) q.set('prefecture_code', prefectureSelect.value);
            return loadWhole(mismatches, `/collections/sources/items?${q}`, 'mismatches');
          }
          map.on('overlayadd', (e) => { if (e.layer === weekly) loadWeekly(); if (e.layer === mismatches) loadMismatches(); });
          L.control.layers(null, {
            'Clusters (latest run)': clusters, 'Hot spots (latest run)': hotspots, 'Routes (latest plan)': routes,
            'Sources': sources, 'Density': density,
            'Weekly report (last complete week)': weekly,
            'Outside their declared area': mismatches,
          }).addTo(map);
          const statusSelect = document.getElementById('status');
          const prefectureSelect = document.getElementById('prefecture');
          const summary = document.getElementById('summary');
          document.getElementById('legend').innerHTML = Object.entries(colors)
            .map(([s, c]) => `<span><i style="background:${c}"></i>${s}</span>`).join('');

          const escape = (t) => String(t ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
          const bboxOf = (b) => [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6)).join(',');
          const getJSON = async (url, signal) => {
            const response = await fetch(url, { signal, headers: { Accept: 'application/geo+json, application/json' } });
            if (!response.ok) throw new Error(`${url}: ${response.status}`);
            return response.json();
          };
          const filters = () => {
            const q = new URLSearchParams();
            if (statusSelect.value) q.set('status', statusSelect.value);
            if (prefectureSelect.value) q.set('prefecture_code', prefectureSelect.value);
            return q;
          };

          getJSON('/collections/prefectures/items?limit=100').then((fc) => {
            prefectures.addData(fc);
            stats.prefectures = fc.features.length;
            for (const f of fc.features.sort((a, b) => a.properties.code.localeCompare(b.properties.code))) {
              const option = document.createElement('option');
              option.value = f.properties.code;
              option.textContent = `${f.properties.code} ${f.properties.name}`;
              prefectureSelect.appendChild(option);
            }
            if (fc.features.length) map.fitBounds(prefectures.getBounds());
            report();
            refresh();
          }).catch(fail);

          function fail(error) {
            if (error && error.name === 'AbortError') return;
            summary.textContent = `error: ${error.message || error}`;
            stats.errors++;
            report();
          }

          let controller = null;
          let timer = null;
          function refresh() {
            clearTimeout(timer);
            timer = setTimeout(load, 150);
          }

          async function load() {
            if (controller) controller.abort();
            controller = new AbortController();
            const signal = controller.signal;
            const zoom = map.getZoom();
            const bbox = bboxOf(map.getBounds());
            try {
              const level = zoom >= 13 ? 'grids' : zoom >= 10 ? 'towns' : null;
              const areaRequest = level ? getJSON(`/collections/${level}/items?bbox=${bbox}&limit=3000`, signal) : null;
              const analytics = loadAnalytics(bbox, signal);
              if (zoom >= 11) {
                const q = filters();
                q.set('bbox', bbox);
                q.set('limit', '5000');
                const fc = await getJSON(`/collections/sources/items?${q}`, signal);
                drawSources(fc);
                summary.textContent = `${fc.numberMatched.toLocaleString()} sources in view` +
                  (fc.numberMatched > fc.numberReturned ? ` (showing ${fc.numberReturned.toLocaleString()}; zoom in for all)` : '');
              } else {
                const q = new URLSearchParams({ f: 'geojson', cell_km: zoom >= 9 ? '2' : zoom >= 8 ? '5' : '10' });
                if (statusSelect.value) q.set('status', statusSelect.value);
                if (prefectureSelect.value) q.set('prefecture', prefectureSelect.value);
                const fc = await getJSON(`/queries/source-density?${q}`, signal);
                drawDensity(fc);
                const total = fc.features.reduce((n, f) => n + f.properties.sources, 0);
                summary.textContent = `${total.toLocaleString()} sources (squares of ${q.get('cell_km')} km; zoom in for single sources)`;
              }
              await analytics;
              areas.clearLayers();
              stats.areas = 0;
              if (areaRequest) {
                const fc = await areaRequest;
                areas.addData(fc);
                stats.areas = fc.features.length;
              }
              report();
            } catch (error) {
              fail(error);
            }
          }

          // The latest stored clusters, hot spots and route plan, by box.
          async function loadAnalytics(bbox, signal) {
            const clusterPage = await getJSON(`/collections/clusters/items?bbox=${bbox}&limit=2000`, signal);
            const bins = await Promise.all(['3', '2', '1', '-1', '-2', '-3'].map((bin) =>
              getJSON(`/collections/hotspots/items?bbox=${bbox}&bin=${bin}&limit=5000`, signal)));
            clusters.clearLayers();
            clusters.addData(clusterPage);
            hotspots.clearLayers();
            for (const page of bins) hotspots.addData(page);
            stats.clusters = clusterPage.features.length;
            stats.hotspots = bins.reduce((n, page) => n + page.features.length, 0);
            const routePage = await getJSON(`/collections/routes/items?bbox=${bbox}&limit=1000`, signal);
            const latest = Math.max(0, ...routePage.features.map((f) => f.properties.plan_id));
            const latestTeams = routePage.features.filter((f) => f.properties.plan_id === latest);
            routes.clearLayers();
            routes.addData({ type: 'FeatureCollection', features: latestTeams });
            stats.routes = latestTeams.length;
          }

          function drawSources(fc) {
            density.clearLayers();
            sources.clearLayers();
            for (const f of fc.features) {
              const [lon, lat] = f.geometry.coordinates;
              const marker = L.circleMarker([lat, lon], {
                renderer, radius: 4, weight: 1, color: '#333', fillColor: colors[f.properties.status] || '#999', fillOpacity: 0.9,
              });
              marker.on('click', () => showSource(marker, f));
              sources.addLayer(marker);
            }
            stats.sources = fc.features.length;
            stats.density = 0;
          }

          function drawDensity(fc) {
            sources.clearLayers();
            density.clearLayers();
            const max = Math.max(1, ...fc.features.map((f) => f.properties.sources));
            for (const f of fc.features) {
              const [lon, lat] = f.geometry.coordinates;
              const p = f.properties;
              const share = p.unlicensed / p.sources;
              L.circleMarker([lat, lon], {
                renderer, radius: 3 + 14 * Math.sqrt(p.sources / max), stroke: false,
                fillColor: share > 0.2 ? colors.unlicensed : share > 0.05 ? colors.rectifying : colors.registered, fillOpacity: 0.6,
              }).bindTooltip(`${p.sources} sources, ${p.unlicensed} unlicensed`).addTo(density);
            }
            stats.density = fc.features.length;
            stats.sources = 0;
          }

          async function showSource(marker, feature) {
            const p = feature.properties;
            const shown = (v) => (v && typeof v === 'object' ? JSON.stringify(v) : v);
            const rows = Object.entries(p).map(([k, v]) => `<tr><td>${escape(k)}</td><td>${escape(shown(v))}</td></tr>`).join('');
            marker.bindPopup(`<table class="props">${rows}</table><div class="history">loading history…</div>`, { maxWidth: 420 }).openPopup();
            try {
              const events = await getJSON(`/queries/source-history?source_id=${encodeURIComponent(p.source_id)}&f=json`);
              const history = events.map((e) => `<tr><td>${escape(e.date)}</td><td>${escape(e.kind)}</td><td>${escape(e.status_after ?? e.status ?? '')}</td></tr>`).join('');
              const popup = marker.getPopup();
              popup.setContent(`<table class="props">${rows}</table><div class="history"><table>${history || '<tr><td>no events</td></tr>'}</table></div>`);
            } catch (error) {
              fail(error);
            }
          }

          map.on('moveend', refresh);
          statusSelect.addEventListener('change', refresh);
          prefectureSelect.addEventListener('change', () => {
            const code = prefectureSelect.value;
            if (code) {
              const layer = prefectures.getLayers().find((l) => l.feature.properties.code === code);
              if (layer) map.fitBounds(layer.getBounds());
            }
            refresh();
            if (map.hasLayer(weekly)) loadWeekly();
            if (map.hasLayer(mismatches)) loadMismatches();
          });
        })();
        """#
}
