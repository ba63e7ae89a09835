import GeoKit

/// The choropleth of the weekly report as inline SVG: one `<path>` per grid (its class the
/// unlicensed-count band, hot spots outlined), drawn in the store's metric CRS so shapes are true,
/// simplified with Douglas–Peucker to about a drawing unit and written with rounded relative
/// coordinates: the province's 15,999 grids stay a few megabytes.
struct ReportMapSVG {
    /// Upper bounds of the colour bands (unlicensed sources); the last band is open.
    static let bands = [0, 1, 3, 7, 15]
    static let colours = ["#f7f7f7", "#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"]
    let width = 2000.0
    /// The system the outlines are drawn in: the dataset's, so the map is as true as its distances.
    let metricCRS: MetricCRS

    static func band(of count: Int) -> Int { bands.firstIndex { count <= $0 } ?? bands.count }

    func render(rows: [WeeklyReportRow], outlines: [MultiPolygon]) -> String {
        let projected = outlines.map { multi in
            multi.polygons.map { $0.rings.map { ring in ring.map { metricCRS.forward($0) } } }
        }
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for polygons in projected { for rings in polygons { for c in rings.first ?? [] {
            minX = min(minX, c.x); maxX = max(maxX, c.x); minY = min(minY, c.y); maxY = max(maxY, c.y)
        } } }
        guard minX.isFinite, maxX > minX, maxY > minY else { return "<p>No grid outlines to draw.</p>" }
        let scale = width / (maxX - minX)
        let height = ((maxY - minY) * scale).rounded(.up)
        var svg = "<svg class=\"map\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Unlicensed sources by grid\">\n"
        svg.reserveCapacity(rows.count * 200)
        for (i, row) in rows.enumerated() {
            var d = ""
            for rings in projected[i] {
                for ring in rings {
                    let simplified = DouglasPeucker.simplify(ring, tolerance: 0.8 / scale)
                    var previous: (Int, Int)?
                    for c in simplified.dropLast() {
                        let p = (Int(((c.x - minX) * scale).rounded()), Int(((maxY - c.y) * scale).rounded()))
                        if let q = previous {
                            guard p != q else { continue }
                            d += "\(d.last == "l" ? "" : " ")\(p.0 - q.0) \(p.1 - q.1)"
                        } else {
                            d += "M\(p.0) \(p.1)l"
                        }
                        previous = p
                    }
                    if d.last == "l" { d.removeLast() }
                    d += "z"
                }
            }
            let hot = (row.hotspotBin ?? 0) > 0 ? " h" : ""
            let label = (row.name.isEmpty ? row.code : row.name) + " \(row.figures.unlicensed)"
            svg += "<path class=\"c\(Self.band(of: row.figures.unlicensed))\(hot)\" data-code=\"\(MarkupText.escape(row.code))\" d=\"\(d)\"><title>\(MarkupText.escape(label))</title></path>\n"
        }
        return svg + "</svg>"
    }
}
