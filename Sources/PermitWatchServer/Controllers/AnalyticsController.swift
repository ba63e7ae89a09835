import FileWriting
import Foundation
import Hummingbird
import PermitWatch

/// Analytics run on demand: `/analytics/clusters` and `/analytics/hotspots` compute with the
/// request's parameters and answer GeoJSON (or JSON, CSV); `POST /analytics/routes` plans
/// inspection routes from a JSON body (see `AnalyticsController+Routes.swift`). Clusters and
/// hot spots are not stored here: the runs `/collections/clusters` and `/collections/hotspots`
/// serve come from the CLI.
struct AnalyticsController: Sendable {
    let dependencies: ServerDependencies

    func addRoutes(to group: RouterGroup<PermitWatchRequestContext>) {
        // Computed on request, each can take seconds of the workers: a reader's token.
        let readers = group.group().add(middleware: AccessProblem.requiring(.reader))
        readers.get("clusters", use: clusters)
        readers.get("hotspots", use: hotspots)
        // Runs the planner for up to 30 s and stores a plan: an editor's.
        group.group().add(middleware: AccessProblem.requiring(.editor)).post("routes", use: routes)
    }

    struct ClustersQuery: QueryParameters {
        var status: String?
        var area: String?
        var eps: Double?
        var min_points: Int?
        var concave: QueryFlag?
        var as_of: String?
        var members: QueryFlag?
        var f: String?
        static let names = ["status", "area", "eps", "min_points", "concave", "as_of", "members", "f"]
    }

    @Sendable func clusters(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let query = try request.parameters(ClustersQuery.self)
        let options = try ClusterAnalysis.Options(
            statuses: query.status, area: query.area, eps: query.eps, minPoints: query.min_points, concaveHull: query.concave.isOn,
            asOf: query.as_of)
        let members = query.members.isOn
        let format = try Self.format(query.f, default: members ? .csv : .geojson)
        let store = dependencies.store
        let report = try await dependencies.workers.run(.expensive) { try ClusterAnalysis(store: store).run(options, storing: false) }
        return try Self.respond(members ? report.membersTable() : report.table(), format: format, name: "clusters")
    }

    struct HotspotsQuery: QueryParameters {
        var grid: String?
        var value: String?
        var neighbours: String?
        var fdr: QueryFlag?
        var area: String?
        var f: String?
        static let names = ["grid", "value", "neighbours", "fdr", "area", "f"]
    }

    @Sendable func hotspots(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let query = try request.parameters(HotspotsQuery.self)
        let options = try HotspotAnalysis.Options(
            grid: query.grid, value: query.value, neighbours: query.neighbours, falseDiscoveryRate: query.fdr.isOn, area: query.area)
        let format = try Self.format(query.f, default: .geojson)
        let store = dependencies.store
        let table = try await dependencies.workers.run(.expensive) {
            let analysis = HotspotAnalysis(store: store)
            return try analysis.table(analysis.run(options, storing: false), outlines: format == .geojson)
        }
        return try Self.respond(table, format: format, name: "hotspots")
    }

    /// `f=geojson|json|csv`.
    static func format(_ name: String?, default fallback: ResultFormat) throws -> ResultFormat {
        guard let name else { return fallback }
        guard let format = ResultFormat(rawValue: name), format != .table else {
            throw ParameterError("f", name, "expected geojson, json or csv")
        }
        return format
    }

    static func respond(_ table: AnalyticsTable, format: ResultFormat, name: String) throws -> Response {
        var bytes: [UInt8] = []
        try table.write(to: format.makeWriter(sink: ByteSink { bytes.append(contentsOf: $0) }))
        var headers: HTTPFields = [:]
        if format == .csv { headers[.contentDisposition] = "inline; filename=\"\(name).csv\"" }
        return Responses.bytes(bytes, contentType: format.mediaType, headers: headers)
    }
}
