import Enforcement
import Foundation
import Hummingbird
import PermitWatch
import Store

/// Analytics run on demand: `/analytics/clusters` and `/analytics/hotspots` compute with the
/// request's parameters and answer GeoJSON (or JSON, CSV); `POST /analytics/routes` plans
/// inspection routes from a JSON body (see `AnalyticsController+Routes.swift`). They only read: the stored runs
/// that `/collections/clusters` and `/collections/hotspots` serve come from the CLI.
struct AnalyticsController: Sendable {
    let dependencies: ServerDependencies

    func addRoutes(to group: RouterGroup<BasicRequestContext>) {
        group.get("clusters", use: clusters)
        group.get("hotspots", use: hotspots)
        group.post("routes", use: routes)
    }

    @Sendable func clusters(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let query = try Parameters(request, allowed: ["status", "area", "eps", "min_points", "concave", "as_of", "members", "f"])
        var options = ClusterAnalysis.Options()
        options.statuses = try Self.analytics { try ClusterAnalysis.Options.statuses(query["status"] ?? "unlicensed") }
        options.area = query["area"]
        options.eps = try query.number("eps") ?? options.eps
        options.minPoints = try query.integer("min_points") ?? options.minPoints
        options.concaveHull = try query.flag("concave")
        if let asOf = query["as_of"] {
            guard DateText.isValidDay(asOf) else { throw Problem.badParameter("as_of", "as_of=\(asOf) is not valid; expected a date YYYY-MM-DD") }
            options.asOf = asOf
        }
        let members = try query.flag("members")
        let format = try query.format(default: members ? .csv : .geojson)
        let store = dependencies.store
        let chosen = options
        let report = try await offload { try Self.analytics { try ClusterAnalysis(store: store).run(chosen, storing: false) } }
        return try Self.respond(members ? report.membersTable() : report.table(), format: format, name: "clusters")
    }

    @Sendable func hotspots(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let query = try Parameters(request, allowed: ["grid", "value", "neighbours", "fdr", "area", "f"])
        let options = try Self.analytics {
            try HotspotAnalysis.Options(
                grid: query["grid"] ?? "square:1000", value: query["value"] ?? "count:unlicensed", neighbours: query["neighbours"] ?? "queen",
                falseDiscoveryRate: try query.flag("fdr"), area: query["area"])
        }
        let format = try query.format(default: .geojson)
        let store = dependencies.store
        let report = try await offload { try Self.analytics { try HotspotAnalysis(store: store).run(options, storing: false) } }
        return try Self.respond(report.table(outlines: format == .geojson), format: format, name: "hotspots")
    }

    /// Analytics errors as 400s naming the parameter.
    static func analytics<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as AnalyticsError {
            throw Problem.badParameter(error.parameter ?? "query", error.description)
        }
    }

    static func respond(_ table: AnalyticsTable, format: ResultFormat, name: String) throws -> Response {
        if format == .geojson && !table.hasGeometry { throw Problem.badParameter("f", "this result has no geometry; use f=csv or f=json") }
        var bytes: [UInt8] = []
        try table.write(to: format.makeWriter(sink: ByteSink { bytes.append(contentsOf: $0) }))
        var headers: HTTPFields = [:]
        if format == .csv { headers[.contentDisposition] = "inline; filename=\"\(name).csv\"" }
        return Responses.bytes(bytes, contentType: format.mediaType, headers: headers)
    }

    /// The query parameters of an analytics request; unknown names are refused.
    struct Parameters {
        private var values: [String: String] = [:]

        init(_ request: Request, allowed: Set<String>) throws {
            for (key, value) in request.uri.queryParameters {
                let name = String(key)
                guard allowed.contains(name) else {
                    throw Problem.badParameter(name, "\(name) is not a parameter here; expected \(allowed.sorted().joined(separator: ", "))")
                }
                values[name] = String(value)
            }
        }

        subscript(name: String) -> String? { values[name] }

        func number(_ name: String) throws -> Double? {
            guard let text = values[name] else { return nil }
            guard let value = Double(text), value.isFinite, value > 0 else { throw Problem.badParameter(name, "\(name)=\(text) is not valid; expected a positive number") }
            return value
        }

        func integer(_ name: String) throws -> Int? {
            guard let text = values[name] else { return nil }
            guard let value = Int(text), value >= 1 else { throw Problem.badParameter(name, "\(name)=\(text) is not valid; expected a whole number from 1") }
            return value
        }

        func flag(_ name: String) throws -> Bool {
            guard let text = values[name] else { return false }
            switch text.lowercased() {
            case "", "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: throw Problem.badParameter(name, "\(name)=\(text) is not valid; expected true or false")
            }
        }

        func format(default fallback: ResultFormat) throws -> ResultFormat {
            let name = values["f"] ?? fallback.rawValue
            guard let format = ResultFormat(rawValue: name), format != .table else {
                throw Problem.badParameter("f", "f=\(name) is not offered; expected geojson, json or csv")
            }
            return format
        }
    }
}
