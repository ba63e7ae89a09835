import Foundation
import GeoKit

/// A printable itinerary: per team a table of stops and times, with a small SVG map of all
/// routes (no tiles, no scripts, so it prints and works offline).
extension RoutePlan {
    public func html() -> String {
        let colours = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
        let drawn = teams.flatMap(\.path) + [depot] + unvisited.map(\.location)
        let minX = drawn.map(\.x).min() ?? 0, maxX = drawn.map(\.x).max() ?? 1
        let minY = drawn.map(\.y).min() ?? 0, maxY = drawn.map(\.y).max() ?? 1
        let scaleX = cos((minY + maxY) / 2 * .pi / 180)
        let width = 640.0, height = 420.0, margin = 12.0
        let scale = min((width - 2 * margin) / max(1e-9, (maxX - minX) * scaleX), (height - 2 * margin) / max(1e-9, maxY - minY))
        func xy(_ c: Coordinate) -> String {
            String(format: "%.1f,%.1f", margin + (c.x - minX) * scaleX * scale, height - margin - (c.y - minY) * scale)
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        for stop in unvisited { svg += "<circle cx=\"\(xy(stop.location).split(separator: ",")[0])\" cy=\"\(xy(stop.location).split(separator: ",")[1])\" r=\"1.5\" fill=\"#bbb\"/>\n" }
        for team in teams where !team.visits.isEmpty {
            let colour = colours[(team.number - 1) % colours.count]
            svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(team.path.map(xy).joined(separator: " "))\"/>\n"
            for visit in team.visits {
                let p = xy(visit.stop.location).split(separator: ",")
                svg += "<circle cx=\"\(p[0])\" cy=\"\(p[1])\" r=\"2.5\" fill=\"\(colour)\"/>\n"
            }
        }
        let d = xy(depot).split(separator: ",")
        svg += "<rect x=\"\((Double(d[0]) ?? 0) - 5)\" y=\"\((Double(d[1]) ?? 0) - 5)\" width=\"10\" height=\"10\" fill=\"black\"/>\n</svg>\n"

        var body = "<h1>Inspection plan</h1>\n<p>Depot \(MarkupText.escape(depotName)); \(teams.count) teams; "
            + String(format: "shift %g h, %g km/h, %g min a stop; ", request.shiftHours, request.speedKmh, request.serviceMinutes)
            + "prize \(Self.number(prize)), " + String(format: "%.1f km", metres / 1000) + "; travel: \(MarkupText.escape(travel)).</p>\n" + svg
        for team in teams {
            let colour = colours[(team.number - 1) % colours.count]
            body += "<h2 style=\"color:\(colour)\">Team \(team.number)</h2>\n<p>\(team.visits.count) stops, prize \(Self.number(team.prize)), "
                + String(format: "%.1f km", team.metres / 1000) + ", leave \(clock(0)), back \(clock(team.returnSeconds)).</p>\n"
            body += "<table><tr><th>#</th><th>source</th><th>priority</th><th>arrive</th><th>leave</th><th>leg km</th><th>done</th></tr>\n"
            for (order, visit) in team.visits.enumerated() {
                body += "<tr><td>\(order + 1)</td><td>\(MarkupText.escape(visit.stop.id))</td><td>\(Self.number(visit.stop.priority))</td><td>\(clock(visit.arrivalSeconds))</td><td>\(clock(visit.departureSeconds))</td><td>"
                    + String(format: "%.1f", visit.legMetres / 1000) + "</td><td>☐</td></tr>\n"
            }
            body += "</table>\n"
        }
        if !unvisited.isEmpty || !outOfReach.isEmpty || !unreachableByRoad.isEmpty {
            body += "<p>Left out: \(unvisited.count) unvisited, \(outOfReach.count) out of reach in a shift, \(unreachableByRoad.count) not connected by road.</p>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Inspection plan</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #999;padding:2px 8px}h2{page-break-before:auto}@media print{h2{page-break-before:always}}</style>
            </head><body>
            \(body)</body></html>

            """
    }
}
