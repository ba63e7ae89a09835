import Enforcement
import Foundation
import GeoKit
import PermitWatch
import SpatiaLiteStore
import Store
import Testing

/// The metric CRS through the use cases: chosen from the data at the first ingest, given with
/// `--metric-crs`, never changed by an ingest, changed only by `assign --metric-crs`, and
/// every longitude written in −180…180.
@Suite("Metric CRS in ingests, analytics and re-projection")
struct MetricCRSIngestTests {
    /// A register around Columbus, Ohio: three tight groups of unlicensed sources and a few
    /// scattered permitted ones.
    static func ohioRegister(in directory: URL) throws -> String {
        var lines = ["source_id,name,status,lon,lat"]
        let centres = [(-83.00, 39.96), (-82.90, 40.05), (-83.10, 39.90)]
        for (group, centre) in centres.enumerated() {
            for k in 0..<8 {
                let angle = Double(k) * .pi / 4
                lines.append("OH\(group)\(k),group \(group),unlicensed,\(centre.0 + 0.0012 * cos(angle)),\(centre.1 + 0.0009 * sin(angle))")
            }
        }
        for k in 0..<5 { lines.append("OHP\(k),permitted \(k),permitted,\(-83.3 + 0.1 * Double(k)),\(40.2 - 0.05 * Double(k))") }
        let path = directory.appendingPathComponent("ohio.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a US register gets its UTM zone, and clusters come back in −180…180")
    func usRegister() throws {
        let db = try TemporaryDatabase()
        #expect(try db.database.metricCRS() == nil)
        let file = try Self.ohioRegister(in: db.directory)
        _ = try SourceIngest(database: db.database, logger: quietLogger).run(file: file, options: .init())
        let crs = try #require(try db.database.metricCRS())
        #expect(crs.epsg == 32617)
        // The stored x/y are that zone's.
        for source in try db.database.fetchSources() {
            let expected = crs.forward(source.location)
            #expect(abs(source.projected.x - expected.x) < 1e-6 && abs(source.projected.y - expected.y) < 1e-6)
        }
        var options = ClusterAnalysis.Options()
        options.eps = 200
        options.minPoints = 4
        let report = try ClusterAnalysis(store: db.database).run(options, storing: true)
        #expect(report.clusters.count == 3)
        for cluster in report.clusters {
            #expect(cluster.centroid.x > -83.2 && cluster.centroid.x < -82.8)
            let outline = cluster.outline.polygons.flatMap { $0.rings.flatMap { $0 } }
            #expect(!outline.isEmpty && outline.allSatisfy { (-180...180).contains($0.x) })
        }
    }

    @Test("--metric-crs is taken at the first ingest and a different one refused later")
    func givenThenRefused() throws {
        let db = try TemporaryDatabase()
        let file = try Self.ohioRegister(in: db.directory)
        var options = SourceIngest.Options()
        options.metricCRS = try MetricCRS(parsing: "epsg:32616")
        _ = try SourceIngest(database: db.database, logger: quietLogger).run(file: file, options: options)
        #expect(try db.database.metricCRS()?.epsg == 32616)
        let before = db.fileBytes()
        options.metricCRS = try MetricCRS(parsing: "epsg:32617")
        #expect {
            _ = try SourceIngest(database: db.database, logger: quietLogger).run(file: file, options: options)
        } throws: { error in
            guard let error = error as? ParameterError else { return false }
            return error.name == "metric_crs" && error.kind == .rejected && error.expected.contains("assign --metric-crs")
        }
        #expect(db.fileBytes() == before)
        // The same system again, or none, is no change.
        options.metricCRS = try MetricCRS(parsing: "+proj=utm +zone=16 +datum=WGS84")
        _ = try SourceIngest(database: db.database, logger: quietLogger).run(file: file, options: options)
        options.metricCRS = nil
        _ = try SourceIngest(database: db.database, logger: quietLogger).run(file: file, options: options)
        #expect(try db.database.metricCRS()?.epsg == 32616)
    }

    @Test("assign --metric-crs re-projects every x/y, the cells and the stored system")
    func reproject() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        #expect(try db.database.metricCRS() == .epsg4547)
        let before = try db.database.fetchSources()
        let areasBefore = try db.database.fetchAreaDirectory().count
        let target = try MetricCRS(parsing: "epsg:32649")
        let summary = try Assignment(database: db.database, logger: quietLogger).run(metricCRS: target)
        let reprojection = try #require(summary.reprojection)
        #expect(reprojection.previous == .epsg4547 && reprojection.sources == before.count && reprojection.areas == areasBefore)
        // The store remembers it, and a new connection reads it back.
        #expect(try db.database.metricCRS() == target)
        #expect(try SpatialDatabase(path: db.path, readOnly: true).metricCRS() == target)
        for source in try db.database.fetchSources() {
            let expected = target.forward(source.location)
            #expect(abs(source.projected.x - expected.x) < 1e-6 && abs(source.projected.y - expected.y) < 1e-6)
            #expect(source.assignment.cellX == Int((expected.x / 1000).rounded(.down)))
            #expect(source.assignment.cellY == Int((expected.y / 1000).rounded(.down)))
            // The towns stay: only the metric system changed.
            #expect(source.assignment.townCode == before.first { $0.sourceID == source.sourceID }?.assignment.townCode)
        }
        // Assigning again without --metric-crs keeps it.
        _ = try Assignment(database: db.database, logger: quietLogger).run()
        #expect(try db.database.metricCRS() == target)
    }

    /// A register across the world: eight sources on both sides of the antimeridian in Fiji,
    /// eight in Sydney, single ones in Columbus, Guangzhou and London.
    static func worldRegister(in directory: URL) throws -> String {
        var lines = ["source_id,name,status,lon,lat"]
        for k in 0..<8 {
            let angle = Double(k) * .pi / 4
            let lon = Longitude.normalized(179.9995 + 0.0008 * cos(angle)), lat = -17.8 + 0.0006 * sin(angle)
            lines.append(String(format: "FJ%d,Fiji %d,unlicensed,%.7f,%.7f", k, k, lon, lat))
            lines.append(String(format: "SY%d,Sydney %d,unlicensed,%.7f,%.7f", k, k, 151.2 + 0.0008 * cos(angle), -33.87 + 0.0006 * sin(angle)))
        }
        lines += ["W1,Columbus,registered,-83.0,39.96", "W2,Guangzhou,registered,113.26,23.13", "W3,London,registered,-0.13,51.51"]
        let path = directory.appendingPathComponent("world.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("data too wide for any projection is measured on the ellipsoid; --metric-crs still names a plane")
    func worldwide() throws {
        let db = try TemporaryDatabase()
        let file = try Self.worldRegister(in: db.directory)
        _ = try SourceIngest(database: db.database, logger: quietLogger).run(file: file, options: .init())
        let crs = try #require(try db.database.metricCRS())
        #expect(crs.distances == .geodesic)
        #expect(crs.description.hasPrefix("geodesic +proj=aea "))
        #expect(try SpatialDatabase(path: db.path, readOnly: true).metricCRS() == crs)

        // Clusters: the one across the antimeridian is one cluster, its centre in −180…180.
        var options = ClusterAnalysis.Options()
        options.eps = 200
        options.minPoints = 4
        let report = try ClusterAnalysis(store: db.database).run(options, storing: true)
        #expect(report.clusters.count == 2 && report.selected == 16 && report.noise == 0)
        for cluster in report.clusters {
            #expect(cluster.members == 8)
            #expect((-180...180).contains(cluster.centroid.x))
            let outline = cluster.outline.polygons.flatMap { $0.rings.flatMap { $0 } }
            #expect(!outline.isEmpty && outline.allSatisfy { (-180...180).contains($0.x) })
        }
        let fiji = try #require(report.clusters.first { $0.firstSourceID.hasPrefix("FJ") })
        #expect(abs(abs(fiji.centroid.x) - 179.9995) < 0.001 && abs(fiji.centroid.y + 17.8) < 0.001)

        // sources-near measures on the ellipsoid: pyproj's Geod(ellps="WGS84").inv from the
        // centre to each source, rounded to the decimetre.
        let runner = QueryRunner(database: try SpatialDatabase(path: db.path, readOnly: true), timeLimit: 120)
        let writer = CatalogRowCollector()
        try runner.run(try QueryCatalog().query(named: "sources-near"), parameters: ["at": "179.9995,-17.8", "radius": "150"], writer: writer)
        let id = try #require(writer.columns.firstIndex(of: "source_id")), distance = try #require(writer.columns.firstIndex(of: "distance_m"))
        let expected: [String: Double] = [
            "FJ0": 84.8, "FJ1": 76.2, "FJ2": 66.4, "FJ3": 76.2, "FJ4": 84.8, "FJ5": 76.2, "FJ6": 66.4, "FJ7": 76.2,
        ]
        var seen: [String: Double] = [:]
        for row in writer.rows {
            guard case .text(let source) = row[id], case .real(let metres) = row[distance] else { Issue.record("\(row)"); continue }
            seen[source] = metres
        }
        #expect(seen == expected)
        let distances = writer.rows.compactMap { row -> Double? in if case .real(let m) = row[distance] { m } else { nil } }
        #expect(distances == distances.sorted(), "nearest first")

        // A plane named with --metric-crs is taken, and measures in the plane.
        let other = try TemporaryDatabase()
        var named = SourceIngest.Options()
        named.metricCRS = try MetricCRS(parsing: "epsg:32650")
        _ = try SourceIngest(database: other.database, logger: quietLogger).run(file: file, options: named)
        #expect(try other.database.metricCRS()?.epsg == 32650)
        #expect(try other.database.metricCRS()?.distances == .projected)
    }

    @Test("summary names the metric CRS and its distortion over the areas")
    func summaryLine() throws {
        let db = try TemporaryDatabase()
        #expect(try SourceSummary(store: db.database).metricCRSLine() == "metric CRS: none yet (chosen at the first ingest)")
        try loadFixtureProvince(into: db)
        let line = try SourceSummary(store: db.database).metricCRSLine()
        #expect(line.hasPrefix("metric CRS: epsg:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E); over the areas' extent short distances within "))
    }

    @Test("a bad --metric-crs is a usage error naming the flag")
    func badFlag() {
        #expect {
            _ = try MetricCRSChoice.parse("epsg:3857")
        } throws: { error in
            guard let error = error as? ParameterError else { return false }
            return error.kind == .usage && error.flag == "--metric-crs" && error.expected.contains("not a metric system")
        }
    }
}
