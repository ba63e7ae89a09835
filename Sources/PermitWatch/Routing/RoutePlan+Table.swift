import Foundation
import GeoKit
import Store

/// The itinerary as rows (table, CSV, JSON and, with the stop points, GeoJSON through the
/// catalog's writers): per team a `depart` row, one `stop` row per visit, a `return` row with
/// the team's totals; then every candidate left out, with why (`unvisited`, `out_of_reach`,
/// `unreachable`). Each stop carries what a field team needs: the source's name, status, town
/// and grid, the grid officer and phone, why it is on the list, its USCC and industry.
extension RoutePlan {
    public static let tableColumns = [
        "team", "order", "kind", "source_id", "name", "status", "arrive", "depart", "town_name", "grid_name", "officer", "officer_phone",
        "reason", "priority", "leg_m", "total_m", "prize", "uscc", "industry", "lon", "lat",
    ]

    /// name … reason of `stop`, NULL where it is not a stored source.
    static func details(_ stop: RouteStop) -> (who: [SQLValue], whereAndWhy: [SQLValue], register: [SQLValue]) {
        func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
        let card = stop.card
        return (
            [text(card?.name), text(card?.status.rawValue)],
            [text(card?.townName), text(card?.gridName), text(card?.officer), text(card?.officerPhone), text(stop.reason)],
            [text(card?.uscc), text(card?.industry)]
        )
    }

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
        let none: [SQLValue] = [.null, .null]
        let nowhere: [SQLValue] = [.null, .null, .null, .null, .null]
        for team in teams where !team.visits.isEmpty {
            let number = SQLValue.integer(Int64(team.number))
            add(
                [number, .integer(0), .text("depart"), .text(depotName)] + none + [.null, .text(clock(0))] + nowhere
                    + [.null, .null, .integer(0), .null] + none, at: depot)
            var prize = 0.0
            for (order, visit) in team.visits.enumerated() {
                prize += visit.stop.priority
                let details = Self.details(visit.stop)
                add(
                    [number, .integer(Int64(order + 1)), .text("stop"), .text(visit.stop.id)] + details.who
                        + [.text(clock(visit.arrivalSeconds)), .text(clock(visit.departureSeconds))] + details.whereAndWhy
                        + [.real(visit.stop.priority), round(visit.legMetres), round(visit.cumulativeMetres), .real(prize)] + details.register,
                    at: visit.stop.location)
            }
            add(
                [number, .integer(Int64(team.visits.count + 1)), .text("return"), .text(depotName)] + none
                    + [.text(clock(team.returnSeconds)), .null] + nowhere + [.null, round(team.returnLegMetres), round(team.metres), .real(team.prize)]
                    + none, at: depot)
        }
        for (kind, stops) in [("unvisited", unvisited), ("out_of_reach", outOfReach), ("unreachable", unreachableByRoad)] {
            for stop in stops {
                let details = Self.details(stop)
                add(
                    [.null, .null, .text(kind), .text(stop.id)] + details.who + [.null, .null] + details.whereAndWhy
                        + [.real(stop.priority), .null, .null, .null] + details.register, at: stop.location)
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
