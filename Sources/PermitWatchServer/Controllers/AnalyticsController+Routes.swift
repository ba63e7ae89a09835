import FileWriting
import Foundation
import GeoKit
import Hummingbird
import PermitWatch

/// `POST /analytics/routes`: the route planner over HTTP. The body is a JSON object with the
/// CLI's parameters in snake case (`teams`, `shift_hours`, `speed_kmh`, `service_minutes`,
/// `detour`, `seconds` (at most 30), `iterations`, `seed`, `limit`, `as_of`, `start` "HH:MM"),
/// the candidates as one of `area`, `cluster` or `stops` (`[{"id", "lon", "lat", "priority"}]`),
/// and `depot` as a stored depot's code or `[lon, lat]`; `crs` (`wgs84`, `cgcs2000`, `gcj02`,
/// `bd09` or `epsg:N`, as the CLI's `--crs`) declares the system of the depot's point and of the
/// inline stops, converted as every ingest converts. The plan is stored (served at
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
        var crs: String?
    }

    static let maximumRouteSeconds = 30.0

    struct RoutesQuery: QueryParameters {
        var f: String?
        static let names = ["f"]
    }

    @Sendable func routes(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let query = try request.parameters(RoutesQuery.self)
        let formatName = query.f ?? "geojson"
        guard let format = RoutePlanFormat(rawValue: formatName), [.geojson, .gpx, .json, .csv].contains(format) else {
            throw ParameterError("f", formatName, "expected geojson, gpx, json or csv")
        }
        let body = try await request.decodeJSONBody(
            RouteBody.self, limit: dependencies.configuration.maximumBodySize, timeout: dependencies.configuration.bodyTimeout, expected: "a JSON object of route parameters")
        let planRequest = try Self.routeRequest(body)
        let planning = RoutePlanning(store: dependencies.store, archive: body.store == false ? nil : dependencies.routeArchive)
        let plan = try await dependencies.workers.run(.expensive) { try planning.plan(planRequest) }
        var bytes: [UInt8] = []
        try plan.write(as: format, to: ByteSink { bytes.append(contentsOf: $0) })
        var headers: HTTPFields = [:]
        if format == .csv { headers[.contentDisposition] = "inline; filename=\"routes.csv\"" }
        if let planID = plan.planID {
            headers[HTTPFields.Element.Name("Link")!] = "</collections/routes/items?plan_id=\(planID)>; rel=\"related\"; type=\"application/geo+json\""
        }
        return Responses.bytes(bytes, contentType: format.mediaType, headers: headers)
    }

    /// The plan request from the body, through the planner's own parsers and checks.
    static func routeRequest(_ body: RouteBody) throws -> RoutePlanRequest {
        var request = RoutePlanRequest()
        if let text = body.crs {
            guard let crs = CoordinateSystem(parsing: text) else {
                throw ParameterError("crs", text, "expected wgs84, cgcs2000, gcj02, bd09 or epsg:N (the system of depot and stops)")
            }
            request.crs = crs
        }
        request.stops = try .choosing(
            area: body.area, cluster: body.cluster, file: nil,
            list: body.stops.map { stops in
                stops.map { RouteStop(id: $0.id, location: Coordinate($0.lon, $0.lat), priority: $0.priority ?? 1) }
            },
            query: nil)
        switch body.depot {
        case .code(let code): request.depot = .code(code)
        case .point(let pair):
            guard pair.count == 2 else { throw ParameterError("depot", nil, "expected a code or [lon, lat]") }
            request.depot = .point(lon: pair[0], lat: pair[1])
        case nil: break
        }
        request.teams = body.teams ?? request.teams
        request.shiftHours = body.shift_hours ?? request.shiftHours
        request.speedKmh = body.speed_kmh ?? request.speedKmh
        request.serviceMinutes = body.service_minutes ?? request.serviceMinutes
        request.detour = body.detour ?? request.detour
        // Over HTTP the server's bound always applies, iterations or not: a request holds a worker.
        request.seconds = min(body.seconds ?? (body.iterations == nil ? RoutePlanRequest.defaultSeconds : maximumRouteSeconds), maximumRouteSeconds)
        request.iterations = body.iterations
        request.seed = body.seed ?? request.seed
        request.limit = body.limit ?? request.limit
        request.straightLines = body.straight_lines ?? false
        request.asOf = try body.as_of.map { try DateText.day($0, parameter: "as_of") }
        if let start = body.start { request.startMinutes = try ClockTime.minutes(start, parameter: "start") }
        try request.validate()
        return request
    }
}
