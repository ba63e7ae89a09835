import Foundation
import GeoKit

/// A printable itinerary for the field: a first page with every team's route, then one A4 page
/// per team with its own map (numbered stops), and per stop the times, the source (name, id,
/// status), where it is (town, grid), whom to call (the grid officer), why it is on the list,
/// and columns to sign and note in. SVG maps, no tiles and no scripts: it prints and works
/// offline.
extension RoutePlan {
    static let teamColours = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

    public func html() -> String {
        let moving = teams.filter { !$0.visits.isEmpty }
        var body = "<section><h1>Inspection plan</h1>\n<p>Depot \(MarkupText.escape(depotName)); \(moving.count) of \(teams.count) teams out; "
            + String(format: "shift %g h, %g km/h, %g min a stop; ", request.shiftHours, request.speedKmh, request.serviceMinutes)
            + "prize \(Self.number(prize)), " + String(format: "%.1f km", metres / 1000) + "; travel: \(MarkupText.escape(travel)).</p>\n"
        body += svgMap(moving, numbered: false, others: unvisited.map(\.location))
        body += "<table><tr><th>team</th><th>stops</th><th>km</th><th>leave</th><th>back</th></tr>\n"
        for team in moving {
            body += "<tr><td style=\"color:\(colour(team))\">Team \(team.number)</td><td>\(team.visits.count)</td><td>"
                + String(format: "%.1f", team.metres / 1000) + "</td><td>\(clock(0))</td><td>\(clock(team.returnSeconds))</td></tr>\n"
        }
        body += "</table>\n"
        if !unvisited.isEmpty || !outOfReach.isEmpty || !unreachableByRoad.isEmpty {
            body += "<p>Left out: \(unvisited.count) unvisited, \(outOfReach.count) out of reach in a shift, \(unreachableByRoad.count) not connected by road.</p>\n"
        }
        body += "</section>\n"
        for team in moving {
            body += "<section class=\"team\"><h2 style=\"color:\(colour(team))\">Team \(team.number)</h2>\n<p>\(team.visits.count) stops, "
                + String(format: "%.1f km", team.metres / 1000) + ", leave \(MarkupText.escape(depotName)) at \(clock(0)), back at \(clock(team.returnSeconds)).</p>\n"
            body += svgMap([team], numbered: true, others: [])
            body += "<table><tr><th>#</th><th>arrive</th><th>leave</th><th>source</th><th>status</th><th>town · grid</th>"
                + "<th>grid officer</th><th>why</th><th class=\"sign\">inspector's signature</th><th class=\"note\">notes</th></tr>\n"
            for (order, visit) in team.visits.enumerated() {
                let stop = visit.stop, card = stop.card
                let source = card.map {
                    "<b>\(MarkupText.escape($0.name))</b><br>\(MarkupText.escape(stop.id))" + ($0.uscc.map { "<br>\(MarkupText.escape($0))" } ?? "")
                        + ($0.industry.map { "<br>industry \(MarkupText.escape($0))" } ?? "")
                } ?? MarkupText.escape(stop.id)
                let place = [card?.townName, card?.gridName].compactMap { $0 }.map(MarkupText.escape).joined(separator: "<br>")
                let officer = [card?.officer, card?.officerPhone].compactMap { $0 }.map(MarkupText.escape).joined(separator: "<br>")
                body += "<tr><td>\(order + 1)</td><td>\(clock(visit.arrivalSeconds))</td><td>\(clock(visit.departureSeconds))</td><td>\(source)</td>"
                    + "<td>\(MarkupText.escape(card?.status.rawValue ?? ""))</td><td>\(place)</td><td>\(officer)</td>"
                    + "<td>\(MarkupText.escape(stop.reason ?? ""))</td><td class=\"sign\"></td><td class=\"note\"></td></tr>\n"
            }
            body += "</table>\n<p class=\"signoff\">Team leader: ____________________ &nbsp; Date: ____________ &nbsp; Back at the depot at: ________</p></section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>Inspection plan</title>
            <style>
            body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:2em;font-size:10pt}
            table{border-collapse:collapse;margin-bottom:1em;width:100%}td,th{border:1px solid #999;padding:2px 6px;vertical-align:top;text-align:left}
            th.sign,td.sign{width:22mm}th.note,td.note{width:28mm}tr{break-inside:avoid}svg{max-width:100%;height:auto;display:block;margin:.5em 0}
            .signoff{margin-top:1.5em}
            @page{size:A4;margin:12mm}
            @media print{body{margin:0;font-size:9pt}section.team{break-before:page}}
            </style>
            </head><body>
            \(body)</body></html>

            """
    }

    private func colour(_ team: Team) -> String { Self.teamColours[(team.number - 1) % Self.teamColours.count] }

    /// An SVG map of `teams`' routes (lon/lat, squeezed by the cosine of the latitude), the
    /// depot as a black square; `numbered` labels each stop with its order.
    private func svgMap(_ teams: [Team], numbered: Bool, others: [Coordinate]) -> String {
        let drawn = teams.flatMap(\.path) + teams.flatMap { $0.visits.map(\.stop.location) } + [depot] + others
        let minX = drawn.map(\.x).min() ?? 0, maxX = drawn.map(\.x).max() ?? 1
        let minY = drawn.map(\.y).min() ?? 0, maxY = drawn.map(\.y).max() ?? 1
        let scaleX = cos((minY + maxY) / 2 * .pi / 180)
        let width = 640.0, height = numbered ? 360.0 : 420.0, margin = 14.0
        let scale = min((width - 2 * margin) / max(1e-9, (maxX - minX) * scaleX), (height - 2 * margin) / max(1e-9, maxY - minY))
        func x(_ c: Coordinate) -> Double { margin + (c.x - minX) * scaleX * scale }
        func y(_ c: Coordinate) -> Double { height - margin - (c.y - minY) * scale }
        func xy(_ c: Coordinate) -> String { String(format: "%.1f,%.1f", x(c), y(c)) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        for c in others { svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.5\" fill=\"#bbb\"/>\n", x(c), y(c)) }
        for team in teams {
            let colour = colour(team)
            svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(team.path.map(xy).joined(separator: " "))\"/>\n"
            for (order, visit) in team.visits.enumerated() {
                let c = visit.stop.location
                svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%@\" fill=\"%@\"/>\n", x(c), y(c), numbered ? "3.5" : "2.5", colour)
                if numbered {
                    svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#222\">%d</text>\n", x(c) + 4, y(c) - 4, order + 1)
                }
            }
        }
        return svg + String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"black\"/>\n</svg>\n", x(depot) - 5, y(depot) - 5)
    }
}
