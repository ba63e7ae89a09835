import Foundation
import GeoKit
import Logging
import PermitWatch
import PostGISStore
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// Every shipped query in both dialects: the same name, parameters and geometry column, and,
/// run on the same province in each store, the same columns and rows.
@Suite(.requires(.postgres), .serialized)
struct CatalogDialectTests {
    static let logger = Logger(label: "permitwatch.tests.postgis") { _ in SwiftLogNoOpLogHandler() }

    /// Rows as a query gave them, geometries decoded.
    final class Collected: QueryResultWriter {
        var columns: [String] = []
        var rows: [[SQLValue]] = []
        var geometries: [GeoJSONGeometry?] = []
        var wantsGeometry: Bool { true }
        func begin(columns: [String], geometryColumn: Int?) throws { self.columns = columns }
        func row(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws {
            rows.append(values)
            geometries.append(geometry)
        }
        func end() throws {}
    }

    /// The `--param NAME=VALUE` pairs of a query's example.
    static func exampleParameters(_ query: QueryDefinition) -> [String: String] {
        let words = (query.example ?? "").split(separator: " ").map(String.init)
        var parameters: [String: String] = [:]
        for (index, word) in words.enumerated() where word == "--param" && index + 1 < words.count {
            let pair = words[index + 1].split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { parameters[pair[0]] = pair[1] }
        }
        return parameters
    }

    @Test func everyShippedQueryHasAPostGISVersionWithTheSameInterface() throws {
        #expect(QueryCatalog.shippedDialects == ["spatialite", "postgis"])
        let spatialite = try QueryCatalog(), postgis = try QueryCatalog(dialect: "postgis")
        #expect(spatialite.all.map(\.name) == postgis.all.map(\.name))
        for query in spatialite.all {
            let other = try postgis.query(named: query.name)
            #expect(other.dialect == "postgis" && query.dialect == "spatialite")
            #expect(other.title == query.title && other.description == query.description, "\(query.name)")
            #expect(other.parameters == query.parameters, "\(query.name)")
            #expect(other.geometryColumn == query.geometryColumn, "\(query.name)")
            #expect(other.example == query.example, "\(query.name)")
            #expect(other.origin == "shipped:queries/postgis/\(query.name).sql")
        }
    }

    /// Values equal, reals to the last places a rounding in another engine may move
    /// (PostgreSQL rounds `numeric`, SQLite a double), geometries vertex by vertex.
    static func same(_ a: SQLValue, _ b: SQLValue) -> Bool {
        switch (a, b) {
        case (.real(let x), .real(let y)): return abs(x - y) <= 1e-9 * max(1, abs(x))
        case (.integer(let x), .real(let y)), (.real(let y), .integer(let x)): return Double(x) == y
        case (.blob, .blob): return true  // geometries: compared decoded
        default: return a == b
        }
    }

    static func coordinates(_ geometry: GeoJSONGeometry?) -> [Coordinate] {
        switch geometry {
        case nil: []
        case .point(let p): [p]
        case .multiPoint(let points), .lineString(let points): points
        case .multiLineString(let lines): lines.flatMap { $0 }
        case .polygon(let polygon): polygon.rings.flatMap { $0 }
        case .multiPolygon(let multi): multi.polygons.flatMap { $0.rings.flatMap { $0 } }
        case .geometryCollection(let parts): parts.flatMap { coordinates($0) }
        }
    }

    @Test func everyShippedQueryGivesTheSameRowsOnBothStores() throws {
        let province = try SharedProvince.load()
        try PostGISTestStore.with { location in
            try location.create { store in
                _ = try DatasetInit(database: store, logger: Self.logger).run(directory: province.dataset)
            }
            let postgis = try location.openReadOnly()
            let spatialite = province.store
            var runs: [String: [String: String]] = [:]
            for query in try QueryCatalog().all { runs[query.name] = Self.exampleParameters(query) }
            // Beyond the examples (a small province leaves some empty): wider selections and
            // the parameters' other branches, each of which must find rows.
            runs["sources-in-bbox#wide"] = ["bbox": "109.5,20.1,117.4,25.6"]
            runs["sources-near#wide"] = ["at": "113.26,23.13", "radius": "60000"]
            runs["find#wide"] = ["text": "有限公司"]
            runs["status-changes#wide"] = ["from": "2020-01-01", "to": "2020-12-31"]
            runs["newly-found#wide"] = ["week": "2020-W30"]
            runs["unlicensed-by-town#all"] = [:]
            runs["unlicensed-by-grid#admin"] = [:]
            runs["unlicensed-by-grid#square"] = ["grid": "square"]
            runs["uninspected-since#all"] = ["since": "2020-10-01", "status": "all", "area": "4403"]
            runs["status-changes#kind"] = ["from": "2020-06-01", "to": "2020-12-31", "kind": "inspected"]
            runs["sources#area"] = ["area": "4403", "status": "unlicensed"]
            runs["source-density#prefecture"] = ["cell_km": "5", "prefecture": "4401"]
            let sourceID = try #require(try spatialite.fetchSources().first?.sourceID)
            runs["source-history"] = ["source_id": sourceID]
            for (key, parameters) in runs.sorted(by: { $0.key < $1.key }) {
                let name = String(key.split(separator: "#")[0])
                let onSpatiaLite = Collected(), onPostGIS = Collected()
                _ = try QueryRunner(database: spatialite).run(try QueryCatalog().query(named: name), parameters: parameters, writer: onSpatiaLite)
                _ = try QueryRunner(database: postgis).run(
                    try QueryCatalog(dialect: "postgis").query(named: name), parameters: parameters, writer: onPostGIS)
                #expect(onPostGIS.columns == onSpatiaLite.columns, "\(key)")
                #expect(onPostGIS.rows.count == onSpatiaLite.rows.count, "\(key): \(onPostGIS.rows.count) rows on PostGIS, \(onSpatiaLite.rows.count) on SpatiaLite")
                // Times of loading differ between the two stores by nature.
                let volatile = Set(["recorded_at"].compactMap { onSpatiaLite.columns.firstIndex(of: $0) })
                var differing: [String] = []
                for (index, (a, b)) in zip(onSpatiaLite.rows, onPostGIS.rows).enumerated() {
                    for column in a.indices where !volatile.contains(column) && !Self.same(a[column], b[column]) {
                        differing.append("row \(index) \(onSpatiaLite.columns[column]): \(a[column]) against \(b[column])")
                    }
                    let (ga, gb) = (Self.coordinates(onSpatiaLite.geometries[index]), Self.coordinates(onPostGIS.geometries[index]))
                    if ga.count != gb.count || zip(ga, gb).contains(where: { abs($0.x - $1.x) > 1e-9 || abs($0.y - $1.y) > 1e-9 }) {
                        differing.append("row \(index) geometry: \(ga.count) against \(gb.count) vertices")
                    }
                }
                #expect(differing.isEmpty, "\(key): \(differing.prefix(5).joined(separator: "; ")) (\(differing.count) differences)")
                if key.contains("#") || key == "source-history" {
                    #expect(!onSpatiaLite.rows.isEmpty, "\(key) returned nothing: the comparison proves little")
                }
            }
        }
    }
}
