import Enforcement
import Foundation
import GeoKit
import Store

/// The suspect sources a plan chooses from, with the default priority rule:
///
/// - an unlicensed source in a cluster of the latest stored clusters run: the cluster's size
///   (a visit there deals with one member of a big illegal concentration);
/// - an unlicensed source outside every cluster (or when no run is stored): 1;
/// - a rectifying source past its deadline on the as-of day: 5;
/// - anything else is not a candidate.
struct RouteCandidates {
    let store: any RoutePlanning.Storage

    /// - Parameter crs: the system of a stops file's or list's coordinates; nil: WGS-84.
    func load(_ selection: RoutePlanRequest.Stops, asOf: String?, crs: CoordinateSystem? = nil) throws -> [RouteStop] {
        switch selection {
        case .file(let path):
            return try RouteStopsFile.read(path, crs: crs).map { stop in
                var stop = stop
                stop.reason = stop.reason ?? "listed in \(URL(fileURLWithPath: path).lastPathComponent)"
                return stop
            }
        case .list(let stops):
            let given = stops.map { stop in
                var stop = stop
                stop.reason = stop.reason ?? "listed in the request"
                return stop
            }
            guard let crs else { return given }
            return try Self.converted(given, from: crs)
        case .query(let name, let parameters, let directories):
            return try queried(name: name, parameters: parameters, directories: directories, asOf: asOf)
        case .suspects(let area):
            try DataChecks.area(area, in: store)
            let membership = try latestMembership()
            return try suspects(area: area, membership: membership, asOf: asOf)
        case .cluster(let cluster):
            guard let membership = try latestMembership() else {
                throw ParameterError("cluster", String(cluster), "no clusters run is stored: run `permitwatch clusters` first", kind: .rejected)
            }
            let members = try suspects(area: nil, membership: membership, asOf: asOf).filter { membership.clusterOf[$0.id] == cluster }
            guard !members.isEmpty else {
                throw ParameterError(
                    "cluster", String(cluster), "no current unlicensed source is in this cluster of the latest clusters run (run \(membership.run))",
                    kind: .rejected)
            }
            return members
        }
    }

    /// Inline stops in `crs`, converted to WGS-84 as every ingest converts, each checked after.
    static func converted(_ stops: [RouteStop], from crs: CoordinateSystem) throws -> [RouteStop] {
        let conversion = try CoordinateConversion.declared(crs, file: "stops")
        let points = conversion.toWGS84(stops.map(\.location))
        return try zip(stops, points).map { stop, point in
            let given = "\(stop.id) (\(ParameterError.text(stop.location.x)),\(ParameterError.text(stop.location.y)))"
            guard let point else { throw ParameterError("stops", given, "cannot be converted from \(conversion.description) to WGS-84") }
            if let message = conversion.rangeProblem(point) { throw ParameterError("stops", given, message) }
            var converted = stop
            converted.location = point
            return converted
        }
    }

    /// The sources a catalog query returns, once each in the query's order: a suspect with its
    /// default priority, any other source (the query chose it) with 1, at the query's lon/lat.
    private func queried(name: String, parameters: [String: String], directories: [URL], asOf: String?) throws -> [RouteStop] {
        guard let reader = store as? any QueryRunner.Storage else {
            throw Refusal("stops from a catalog query need a store that runs the catalog's SQL")
        }
        let definition = try QueryCatalog(directories: directories, dialect: reader.sqlDialect).query(named: name)
        let rows = QueriedSources()
        try QueryRunner(database: reader).run(definition, parameters: parameters, writer: rows)
        guard rows.hasSourceIDs else {
            throw ParameterError("query", name, "has no source_id column: route stops are sources", kind: .rejected)
        }
        let suspects = Dictionary(
            try suspects(area: nil, membership: try latestMembership(), asOf: asOf).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<String>()
        var stops: [RouteStop] = []
        for source in rows.sources where seen.insert(source.id).inserted {
            if let suspect = suspects[source.id] {
                stops.append(suspect)
            } else if let location = source.location {
                var stop = RouteStop(id: source.id, location: location, priority: 1)
                stop.reason = "chosen by the query \(name)"
                stops.append(stop)
            }
        }
        return stops
    }

    struct Membership {
        var run: Int64
        var clusterOf: [String: Int]
        var sizeOf: [Int: Int]
        var riskOf: [Int: Double]
    }

    private func latestMembership() throws -> Membership? {
        guard let run = try store.latestRun(kind: "clusters") else { return nil }
        let clusterOf = try store.fetchClusterMembership(run: run.id)
        var sizeOf: [Int: Int] = [:]
        for cluster in clusterOf.values where cluster >= 0 { sizeOf[cluster, default: 0] += 1 }
        return Membership(run: run.id, clusterOf: clusterOf, sizeOf: sizeOf, riskOf: try store.fetchClusterRisks(run: run.id))
    }

    private func suspects(area: String?, membership: Membership?, asOf: String?) throws -> [RouteStop] {
        let positions = try store.fetchSourcePositions(statuses: [.unlicensed, .rectifying], area: area, lean: false, grids: false)
        guard positions.count > 0 else { return [] }
        let metricCRS = try store.metricCRSForReading()
        let day = try asOf ?? store.latestEventDate() ?? DateText.today()
        var stops: [RouteStop] = []
        for i in 0..<positions.count {
            let id = positions.sourceIDs[i]
            let priority: Double
            let reason: String
            switch positions.statuses[i] {
            case .unlicensed:
                if let cluster = membership?.clusterOf[id], cluster >= 0, let size = membership?.sizeOf[cluster] {
                    priority = Double(size)
                    let risk = membership?.riskOf[cluster].map { ", risk " + ParameterError.text($0) } ?? ""
                    reason = "unlicensed, in cluster \(cluster) of clusters run \(membership!.run) (\(size) members\(risk))"
                } else {
                    priority = 1
                    reason = membership == nil ? "unlicensed" : "unlicensed, in no cluster"
                }
            case .rectifying:
                guard let deadline = positions.deadlines[i], !deadline.isEmpty, deadline < day else { continue }
                priority = 5
                reason = "rectifying, deadline \(deadline) passed"
            default:
                continue
            }
            let projected = positions.projected[i]
            var stop = RouteStop(id: id, location: metricCRS.inverse(projected), priority: priority)
            stop.projected = projected
            stop.reason = reason
            stops.append(stop)
        }
        return stops
    }
}

/// Collects `source_id` and, when the query has them, `lon` and `lat` from a query's rows.
private final class QueriedSources: QueryResultWriter {
    private(set) var sources: [(id: String, location: Coordinate?)] = []
    private var idColumn: Int?
    private var lonColumn: Int?
    private var latColumn: Int?
    var hasSourceIDs: Bool { idColumn != nil }

    func begin(columns: [String], geometryColumn: Int?) throws {
        idColumn = columns.firstIndex(of: "source_id")
        lonColumn = columns.firstIndex(of: "lon")
        latColumn = columns.firstIndex(of: "lat")
    }

    func row(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws {
        guard let idColumn, case .text(let id) = values[idColumn] else { return }
        var location: Coordinate?
        if let lonColumn, let latColumn, let lon = values[lonColumn].number, let lat = values[latColumn].number {
            location = Coordinate(lon, lat)
        }
        sources.append((id, location))
    }

    func end() throws {}
}

extension SQLValue {
    fileprivate var number: Double? {
        switch self {
        case .integer(let v): Double(v)
        case .real(let v): v
        default: nil
        }
    }
}
