import Foundation
import GeoKit

/// GPX 1.1 for phones and navigation devices: one `<rte>` per team, its stops as route points
/// in order (depot first and last), each named by its order and the source's name, described
/// with what the team needs on arrival (id, status, town and grid, officer and phone, why, times).
extension RoutePlan {
    public func gpx() -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <gpx version="1.1" creator="permitwatch" xmlns="http://www.topografix.com/GPX/1/1">

            """
        func point(_ c: Coordinate, _ name: String, _ description: String) -> String {
            String(format: "    <rtept lat=\"%.6f\" lon=\"%.6f\"><name>%@</name><desc>%@</desc></rtept>\n", c.y, c.x, MarkupText.escape(name), MarkupText.escape(description))
        }
        for team in teams where !team.visits.isEmpty {
            out += "  <rte>\n    <name>Team \(team.number)</name>\n"
            out += "    <desc>\(team.visits.count) stops, prize \(Self.number(team.prize)), \(String(format: "%.1f", team.metres / 1000)) km</desc>\n"
            out += point(depot, depotName, "depart \(clock(0))")
            for (order, visit) in team.visits.enumerated() {
                let stop = visit.stop, card = stop.card
                let place = [card?.townName, card?.gridName].compactMap { $0 }.joined(separator: " ")
                let officer = [card?.officer, card?.officerPhone].compactMap { $0 }.joined(separator: " ")
                let register = [card?.uscc.map { "USCC \($0)" }, card?.industry.map { "industry \($0)" }].compactMap { $0 }.joined(separator: ", ")
                let description = [
                    stop.id + (card.map { " · \($0.status.rawValue)" } ?? ""), register.isEmpty ? nil : register, place.isEmpty ? nil : place,
                    officer.isEmpty ? nil : "officer \(officer)", stop.reason,
                    "arrive \(clock(visit.arrivalSeconds)), leave \(clock(visit.departureSeconds))",
                ].compactMap { $0 }.joined(separator: "; ")
                out += point(stop.location, "\(order + 1). \(card?.name ?? stop.id)", description)
            }
            out += point(depot, depotName, "back \(clock(team.returnSeconds))")
            out += "  </rte>\n"
        }
        return out + "</gpx>\n"
    }
}
