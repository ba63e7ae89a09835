import Foundation
import GeoKit
import Hummingbird
import PermitWatch

/// `POST /analytics/routes`: the route planner over HTTP. The body is a JSON object with the
/// CLI's parameters in snake case (`teams`, `shift_hours`, `speed_kmh`, `service_minutes`,
/// `detour`, `seconds` (at most 30), `iterations`, `seed`, `limit`, `as_of`, `start` "HH:MM"),
/// the candidates as one of `area`, `cluster` or `stops` (`[{"id", "lon", "lat", "priority"}]`),
/// and `depot` as a stored depot's code or `[lon, lat]`. The plan is stored (served at
/// `/collections/routes`, named by the response's `Link` header) unless `"store": false`, and
/// answered as GeoJSON (`?f=gpx`, `json` or `csv` for the other forms). Roads are the stored
/// network (a request cannot name a file on the server); `"straight_lines": true` ignores it.
extension AnalyticsController {
    struct RouteBody: Decodable {
        struct Stop: Decodable {
            var id: String
            var lon: Double
            var lat: Double
            var priority: Double?
        }

        enum Depot: Decodable {
            case code(String)
            case point([Double])

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let code = try? container.decode(String.self) { self = .code(code) } else { self = .point(try container.decode([Double].self)) }
            }
        }

        var area: String?
        var cluster: Int?
        var stops: [Stop]?
        var depot: Depot?
        var teams: Int?
        var shift_hours: Double?
        var speed_kmh: Double?
        var service_minutes: Double?
        var detour: Double?
        var seconds: Double?
        var iterations: Int?
        var seed: UInt64?
        var limit: Int?
        var as_of: String?
        var start: String?
        var straight_lines: Bool?
        var store: Bool?
    }

    static let maximumRouteSeconds = 30.0

    @Sendable func routes(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let query = try Parameters(request, allowed: ["f"])
        let format = query["f"] ?? "geojson"
        guard ["geojson", "gpx", "json", "csv"].contains(format) else {
            throw Problem.badParameter("f", "f=\(format) is not valid; expected geojson, gpx, json or csv")
        }
        let buffer = try await request.body.collect(upTo: 16 << 20)
        let body: RouteBody
        do {
            body = try JSONDecoder().decode(RouteBody.self, from: Data(buffer.readableBytesView))
        } catch {
            throw Problem(status: .badRequest, title: "Invalid body", detail: "expected a JSON object of route parameters: \(error)")
        }
        let planRequest = try Self.routeRequest(body)
        let store = dependencies.store
        let archive = body.store == false ? nil : dependencies.routeArchive
        let (plan, planID) = try await offload {
            let plan = try Self.analytics { try RoutePlanning(store: store).plan(planRequest) }
            return (plan, try archive?.storeRoutePlan(plan.record))
        }
        var response: Response = switch format {
        case "gpx": Responses.bytes(Array(plan.gpx().utf8), contentType: "application/gpx+xml")
        case "json": try Self.respond(plan.itineraryTable(), format: .json, name: "routes")
        case "csv": try Self.respond(plan.itineraryTable(), format: .csv, name: "routes")
        default: Responses.bytes(Array(plan.geoJSON().utf8), contentType: "application/geo+json")
        }
        if let planID {
            response.headers[HTTPFields.Element.Name("Link")!] = "</collections/routes/items?plan_id=\(planID)>; rel=\"related\"; type=\"application/geo+json\""
        }
        return response
    }

    static func routeRequest(_ body: RouteBody) throws -> RoutePlanRequest {
        var request = RoutePlanRequest()
        let selections = [body.area != nil, body.cluster != nil, body.stops != nil].filter { $0 }.count
        guard selections <= 1 else { throw Problem.badParameter("stops", "give at most one of area, cluster and stops") }
        if let stops = body.stops {
            request.stops = .list(try stops.map { stop in
                guard (-180...180).contains(stop.lon), (-90...90).contains(stop.lat) else {
                    throw Problem.badParameter("stops", "stop \(stop.id): expected lon and lat in degrees")
                }
                guard (stop.priority ?? 1) > 0 else { throw Problem.badParameter("stops", "stop \(stop.id): priority must be positive") }
                return RouteStop(id: stop.id, location: Coordinate(stop.lon, stop.lat), priority: stop.priority ?? 1)
            })
        } else if let cluster = body.cluster {
            request.stops = .cluster(cluster)
        } else {
            request.stops = .suspects(area: body.area)
        }
        switch body.depot {
        case .code(let code): request.depot = .code(code)
        case .point(let pair):
            guard pair.count == 2 else { throw Problem.badParameter("depot", "depot: expected a code or [lon, lat]") }
            request.depot = .point(lon: pair[0], lat: pair[1])
        case nil: break
        }
        request.teams = body.teams ?? request.teams
        request.shiftHours = body.shift_hours ?? request.shiftHours
        request.speedKmh = body.speed_kmh ?? request.speedKmh
        request.serviceMinutes = body.service_minutes ?? request.serviceMinutes
        request.detour = body.detour ?? request.detour
        request.seconds = min(body.seconds ?? request.seconds, maximumRouteSeconds)
        request.iterations = body.iterations
        request.seed = body.seed ?? request.seed
        request.limit = body.limit ?? request.limit
        request.straightLines = body.straight_lines ?? false
        if let asOf = body.as_of {
            guard DateText.isValidDay(asOf) else { throw Problem.badParameter("as_of", "as_of=\(asOf) is not valid; expected a date YYYY-MM-DD") }
            request.asOf = asOf
        }
        if let start = body.start {
            let parts = start.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else {
                throw Problem.badParameter("start", "start=\(start) is not valid; expected HH:MM")
            }
            request.startMinutes = parts[0] * 60 + parts[1]
        }
        try analytics { try request.validate() }
        return request
    }
}
