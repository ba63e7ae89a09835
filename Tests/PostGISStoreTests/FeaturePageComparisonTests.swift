import Enforcement
import Foundation
import GeoKit
import Logging
import PermitWatch
import PostGISStore
import SpatiaLiteStore
import Store
import Testing
import TestSupport

/// OGC API - Features pages from both stores, loaded and analysed alike: the same
/// `numberMatched`, the same features in the same order, the same single features and extents.
@Suite(.requires(.postgres), .serialized)
struct FeaturePageComparisonTests {
    static let logger = Logger(label: "permitwatch.tests.postgis") { _ in SwiftLogNoOpLogHandler() }

    /// A page as plain values: the count, then each feature's id, properties and geometry.
    struct Page: Equatable, CustomStringConvertible {
        var matched = 0
        var features: [String] = []
        var description: String { "\(matched) matched, \(features.count) on the page: \(features.prefix(2))" }
    }

    static func text(_ value: FeatureRow.Value) -> String {
        switch value {
        case .null: "null"
        case .integer(let v): "i\(v)"
        case .real(let v): "r\(v)"
        case .text(let bytes): "t" + String(decoding: bytes, as: UTF8.self)
        }
    }

    static func text(_ geometry: FeatureRow.Geometry) -> String {
        switch geometry {
        case .none: "none"
        case .point(let p): "point \(p.x) \(p.y)"
        case .other(let g):
            switch g {
            case .multiPolygon(let m): "multipolygon " + m.polygons.map { $0.rings.map { $0.map { "\($0.x) \($0.y)" }.joined(separator: ",") }.joined(separator: "|") }.joined(separator: "/")
            case .lineString(let line): "line " + line.map { "\($0.x) \($0.y)" }.joined(separator: ",")
            case .polygon(let p): "polygon " + p.rings.map { $0.map { "\($0.x) \($0.y)" }.joined(separator: ",") }.joined(separator: "|")
            default: "\(g)"
            }
        }
    }

    static func page(_ store: any FeatureReader, _ query: FeatureQuery) throws -> Page {
        var page = Page()
        _ = try store.streamFeatures(query, timeLimit: 30, matched: { page.matched = $0 }) { row in
            page.features.append(try Self.feature(row, of: query.collection))
        }
        return page
    }

    /// A feature as plain text: its id, properties and geometry.
    static func feature(_ row: FeatureRow, of collection: FeatureCollectionDefinition) throws -> String {
        // When a plan was stored differs between the two stores by nature.
        let properties = collection.properties.indices.map { index in
            collection.properties[index].name == "created_at" ? "(time)" : Self.text(row.property(index))
        }
        return "\(Self.text(row.id)) \(properties.joined(separator: ";")) \(Self.text(try row.geometry()))"
    }

    @Test func pagesSingleFeaturesAndExtentsAreTheSame() throws {
        let province = try SharedProvince.load()
        let copy = try province.copy("postgis-features")
        let spatialite = try SpatialDatabase(path: copy.path)
        try PostGISTestStore.with { location in
            let postgis = try location.openForWriting()
            _ = try DatasetInit(database: postgis, logger: Self.logger).run(directory: province.dataset)
            // The same analyses stored in both: clusters, square and administrative hot spots
            // (the latest is served), a route plan.
            for store in [spatialite as any EnforcementStore, postgis] {
                var clusters = ClusterAnalysis.Options()
                clusters.eps = 1500
                clusters.minPoints = 3
                _ = try ClusterAnalysis(store: store).run(clusters, storing: true)
                var request = RoutePlanRequest()
                request.teams = 2
                request.iterations = 100
                request.stops = .suspects(area: "4403")
                _ = try RoutePlanning(store: store, archive: store).plan(request)
            }
            var hotspots = HotspotAnalysis.Options()
            hotspots.grid = .square(size: 5000)
            var queries: [FeatureQuery] = []
            let box = BoundingBox(minX: 112.9, minY: 22.4, maxX: 114.6, maxY: 23.9)
            for collection in FeatureCollectionDefinition.all where collection.id != "hotspots" {
                queries.append(FeatureQuery(collection: collection, limit: 50))
                queries.append(FeatureQuery(collection: collection, bbox: box, limit: 20, offset: 5))
            }
            let sources = FeatureCollectionDefinition.sources
            queries.append(FeatureQuery(collection: sources, equals: ["status": "unlicensed"], limit: 100, offset: 10))
            queries.append(FeatureQuery(collection: sources, bbox: box, equals: ["prefecture_code": "4403", "status": "rectifying"], limit: 1000))
            queries.append(FeatureQuery(collection: sources, dates: .init(start: "2020-06-01", end: "2020-09-30"), limit: 30))
            queries.append(FeatureQuery(collection: sources, equals: ["location_mismatch": "1"], limit: 10))
            queries.append(FeatureQuery(collection: FeatureCollectionDefinition.clusters, equals: ["cluster": "2"], limit: 10))
            for (grid, name) in [(HotspotAnalysis.Grid.square(size: 5000), "square"), (.admin, "admin")] {
                hotspots.grid = grid
                _ = try HotspotAnalysis(store: spatialite).run(hotspots, storing: true)
                _ = try HotspotAnalysis(store: postgis).run(hotspots, storing: true)
                let cells = FeatureCollectionDefinition.hotspots
                for query in [FeatureQuery(collection: cells, limit: 40), FeatureQuery(collection: cells, bbox: box, limit: 40, offset: 3)] {
                    let (a, b) = (try Self.page(spatialite, query), try Self.page(postgis, query))
                    #expect(a.matched > 0, "\(name) hot spots")
                    #expect(b == a, "\(name) hot spots, bbox \(query.bbox != nil)")
                }
                #expect(try postgis.featureExtent(cells) == spatialite.featureExtent(cells), "\(name) hot spots' extent")
            }
            for query in queries {
                let (a, b) = (try Self.page(spatialite, query), try Self.page(postgis, query))
                #expect(b == a, "\(query.collection.id) \(query)")
                if query.bbox == nil, query.equals.isEmpty, query.dates == nil {
                    #expect(a.matched > 0 && !a.features.isEmpty, "\(query.collection.id) is empty: the comparison proves little")
                }
            }
            for collection in FeatureCollectionDefinition.all {
                #expect(try postgis.featureExtent(collection) == spatialite.featureExtent(collection), "\(collection.id)")
                #expect(try postgis.attributeColumns(collection) == spatialite.attributeColumns(collection))
                // The first feature of each, fetched alone.
                var firstID: String?
                _ = try spatialite.streamFeatures(FeatureQuery(collection: collection, limit: 1), timeLimit: 30, matched: { _ in }) { row in
                    firstID = String(Self.text(row.id).dropFirst())
                }
                guard let id = firstID else { continue }
                var one: [String] = [], other: [String] = []
                #expect(try spatialite.streamFeature(collection: collection, id: id) { one.append(Self.text(try $0.geometry())) })
                #expect(try postgis.streamFeature(collection: collection, id: id) { other.append(Self.text(try $0.geometry())) })
                #expect(one == other, "\(collection.id) \(id)")
                #expect(try !postgis.streamFeature(collection: collection, id: "no-such-feature") { _ in })
            }
        }
    }
}
