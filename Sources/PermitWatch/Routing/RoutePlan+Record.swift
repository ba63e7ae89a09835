import Foundation
import GeoKit
import Store

extension RoutePlan {
    /// The plan as stored: the request's parameters as JSON, each team's stops and path.
    public var record: RoutePlanRecord {
        var writer = GeoJSONWriter()
        let stops: JSONValue = switch request.stops {
        case .suspects(let area): .string(area.map { "suspects of \($0)" } ?? "suspects")
        case .cluster(let cluster): .string("cluster \(cluster)")
        case .file(let path): .string("file \(path)")
        case .list(let list): .string("\(list.count) stops given")
        case .query(let name, let parameters, _):
            .string("query \(name)" + parameters.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined())
        }
        writer.writeJSON(.object(JSONObject([
            ("stops", stops), ("teams", .number(Double(request.teams))), ("shift_hours", .number(request.shiftHours)),
            ("speed_kmh", .number(request.speedKmh)), ("service_minutes", .number(request.serviceMinutes)),
            ("detour", .number(request.detour)), ("seed", .number(Double(request.seed))), ("travel", .string(travel)),
        ])))
        return RoutePlanRecord(
            parameters: writer.text, depot: depotName,
            teams: teams.map { team in
                RoutePlanRecord.Team(
                    number: team.number, stopIDs: team.visits.map(\.stop.id), prize: team.prize, metres: team.metres,
                    seconds: team.returnSeconds, path: team.path)
            },
            unvisited: unvisited.count + outOfReach.count + unreachableByRoad.count)
    }
}
