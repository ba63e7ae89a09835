import Foundation

/// The small map on a source's page: the point over its grid and town, drawn by the Leaflet the
/// server ships (no tiles, nothing from another site), from the API's own GeoJSON.
enum SourcePageMap {
    /// What the page's `<head>` needs for the map.
    static let head = #"<link rel="stylesheet" href="/assets/leaflet/leaflet.css"><script src="/assets/leaflet/leaflet.js"></script>"#

    static func html(lon: Double, lat: Double, grid: String?, town: String?) -> String {
        // Area codes go into the script as JSON strings; numbers as numbers.
        func json(_ text: String?) -> String {
            guard let text, let data = try? JSONSerialization.data(withJSONObject: [text]), let array = String(data: data, encoding: .utf8) else {
                return "null"
            }
            return String(array.dropFirst().dropLast())
        }
        return """
            <h2>Map</h2>
            <div id="source-map" style="height:320px;max-width:640px;border:1px solid #ccc"></div>
            <script>
            (function () {
              const map = L.map('source-map', { preferCanvas: true }).setView([\(lat), \(lon)], 15);
              const point = L.circleMarker([\(lat), \(lon)], { radius: 7, color: '#c00', fillOpacity: 0.8 }).addTo(map);
              const areas = [['towns', \(json(town)), '#888'], ['grids', \(json(grid)), '#0b5394']];
              for (const [collection, code, colour] of areas) {
                if (code === null) continue;
                fetch(`/collections/${collection}/items/${encodeURIComponent(code)}?f=json`)
                  .then(r => r.ok ? r.json() : null)
                  .then(f => { if (f) L.geoJSON(f, { style: { color: colour, weight: 2, fillOpacity: 0.05 } }).addTo(map).bringToBack(); });
              }
              point.bringToFront();
            })();
            </script>
            """
    }
}
