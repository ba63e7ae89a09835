import Foundation
import GeoKit
import Store

/// The itinerary as rows (table, CSV, JSON and, with the stop points, GeoJSON through the
/// catalog's writers): per team a `depart` row, one `stop` row per visit, a `return` row with
/// the team's totals; then every candidate left out, with why (`unvisited`, `out_of_reach`,
/// `unreachable`).
extension RoutePlan {
    public static let tableColumns = [
        "team", "order", "kind", "source_id", "priority", "arrive", "depart", "leg_m", "total_m", "prize", "lon", "lat",
    ]

    /// "08:30" style clock time of `seconds` after the teams leave.
    public func clock(_ seconds: Double) -> String {
        let minutes = Int((Double(request.startMinutes) + seconds / 60).rounded())
        return String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    public func itineraryTable() -> AnalyticsTable {
        var rows: [[SQLValue]] = []
        var geometries: [GeoJSONGeometry?] = []
        func round(_ metres: Double) -> SQLValue { .integer(Int64(metres.rounded())) }
        func add(_ row: [SQLValue], at location: Coordinate) {
            rows.append(row + [.real((location.x * 1e6).rounded() / 1e6), .real((location.y * 1e6).rounded() / 1e6)])
            geometries.append(.point(location))
        }
        for team in teams where !team.visits.isEmpty {
            let number = SQLValue.integer(Int64(team.number))
            add([number, .integer(0), .text("depart"), .text(depotName), .null, .null, .text(clock(0)), .null, .integer(0), .null], at: depot)
            var prize = 0.0
            for (order, visit) in team.visits.enumerated() {
                prize += visit.stop.priority
                add([
                    number, .integer(Int64(order + 1)), .text("stop"), .text(visit.stop.id), .real(visit.stop.priority),
                    .text(clock(visit.arrivalSeconds)), .text(clock(visit.departureSeconds)), round(visit.legMetres),
                    round(visit.cumulativeMetres), .real(prize),
                ], at: visit.stop.location)
            }
            add([
                number, .integer(Int64(team.visits.count + 1)), .text("return"), .text(depotName), .null, .text(clock(team.returnSeconds)),
                .null, round(team.returnLegMetres), round(team.metres), .real(team.prize),
            ], at: depot)
        }
        for (kind, stops) in [("unvisited", unvisited), ("out_of_reach", outOfReach), ("unreachable", unreachableByRoad)] {
            for stop in stops {
                add([.null, .null, .text(kind), .text(stop.id), .real(stop.priority), .null, .null, .null, .null, .null], at: stop.location)
            }
        }
        return AnalyticsTable(columns: Self.tableColumns, rows: rows, geometries: geometries)
    }

    /// One line per team and the totals, for standard error.
    public func summaryLines() -> [String] {
        var lines = teams.map { team in
            "team \(team.number): \(team.visits.count) stops, prize \(Self.number(team.prize)), "
                + String(format: "%.1f km, back at %@", team.metres / 1000, clock(team.returnSeconds))
        }
        lines.append(
            "prize \(Self.number(prize)) of \(Self.number((teams.flatMap(\.visits).map(\.stop) + unvisited + outOfReach + unreachableByRoad).reduce(0) { $0 + $1.priority })) "
                + String(format: "over %.1f km; ", metres / 1000)
                + "\(candidates) candidates: \(unvisited.count) unvisited, \(outOfReach.count) out of reach, \(unreachableByRoad.count) unreachable by road; "
                + "travel: \(travel); \(iterations) iterations in " + String(format: "%.2f s", solveSeconds) + ", stopped by \(stoppedBy)")
        return lines
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
    }
}
