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

/// The same generated province loaded into SpatiaLite and into PostGIS by the same use cases:
/// every answer the PostGIS store gives so far must be the SpatiaLite store's, value for value.
@Suite(.requires(.postgres), .serialized)
struct PostGISStoreComparisonTests {
    static let logger = Logger(label: "permitwatch.tests.postgis") { _ in SwiftLogNoOpLogHandler() }

    @Test func aProvinceLoadedIntoBothGivesTheSameAnswers() throws {
        let province = try SharedProvince.load()
        let spatialite = province.store
        try PostGISTestStore.with { location in
            // `init`'s own path: built aside in a schema of its own, renamed into place.
            try location.create { store in
                _ = try DatasetInit(database: store, logger: Self.logger).run(directory: province.dataset)
            }
            let postgis = try location.openExisting()

            let sources = try postgis.fetchSources()
            #expect(sources.count == province.summary.sources)
            #expect(sources == (try spatialite.fetchSources()))
            let (p, s) = (try postgis.fetchPlacements(), try spatialite.fetchPlacements())
            #expect(p.locations == s.locations)
            #expect(p.projected == s.projected)
            #expect(p.assignments == s.assignments)
            #expect(p.declaredAreaCodes == s.declaredAreaCodes)
            #expect(try postgis.sourceCount() == spatialite.sourceCount())
            #expect(try postgis.fetchSourceIDs() == spatialite.fetchSourceIDs())
            #expect(try postgis.storedCellSize() == spatialite.storedCellSize())
            #expect(try postgis.metricCRS() == spatialite.metricCRS())

            for level in AreaLevel.allCases {
                #expect(try postgis.fetchAreas(level: level) == spatialite.fetchAreas(level: level), "areas of \(level)")
                let parents = try postgis.fetchAreaParents(level: level), expected = try spatialite.fetchAreaParents(level: level)
                #expect(parents.map(\.code) == expected.map(\.code))
                #expect(parents.map(\.parent) == expected.map(\.parent))
                #expect(try postgis.summary(by: .area(level)) == spatialite.summary(by: .area(level)), "summary by \(level)")
            }
            #expect(try postgis.summary(by: .cell) == spatialite.summary(by: .cell))
            #expect(try postgis.areaCounts() == spatialite.areaCounts())
            #expect(try postgis.areaExtent() == spatialite.areaExtent())
            #expect(try postgis.fetchAreaDirectory() == spatialite.fetchAreaDirectory())
            let grids = try spatialite.fetchAreas(level: .grid).prefix(40).map(\.code)
            #expect(try postgis.fetchAreaOutlines(level: .grid, codes: grids) == spatialite.fetchAreaOutlines(level: .grid, codes: grids))

            // Naming places: a few points by SQL, many by the in-process index (both paths).
            let points = sources.map(\.location) + [Coordinate(0, 0), Coordinate(116.9, 20.1)]
            for level in [AreaLevel.town, .grid] {
                let few = Array(points.prefix(60)) + points.suffix(2)
                #expect(try postgis.areas(containing: few, level: level) == spatialite.areas(containing: few, level: level))
                #expect(try postgis.areas(containing: points, level: level) == spatialite.areas(containing: points, level: level))
            }

            #expect(try postgis.eventCounts() == spatialite.eventCounts())
            #expect(try postgis.eventDateRange() == spatialite.eventDateRange())
            #expect(try postgis.latestEventDate() == spatialite.latestEventDate())
            let ids = sources.prefix(25).map(\.sourceID) + ["NO-SUCH-SOURCE", "quote\"and\\backslash"]
            #expect(try postgis.fetchSourceNames(ids) == spatialite.fetchSourceNames(ids))
            #expect(try postgis.fetchDepots() == spatialite.fetchDepots())
            #expect(try postgis.fetchRoads() == spatialite.fetchRoads())

            let checks = try postgis.verify()
            #expect(checks.map(\.kind) == StoreCheck.Kind.allCases)
            let failed = checks.filter { !$0.passed }
            #expect(failed.isEmpty, "\(failed)")
        }
    }

    /// `assign` with another cell size re-places every source the same way on both stores.
    @Test func assignmentWritesTheSamePlacements() throws {
        let province = try SharedProvince.load()
        let copy = try province.copy("postgis-assign")
        let spatialite = try SpatialDatabase(path: copy.path)
        try PostGISTestStore.with { location in
            let postgis = try location.openForWriting()
            _ = try DatasetInit(database: postgis, logger: Self.logger).run(directory: province.dataset)
            let before = try postgis.dataGeneration()
            let onPostGIS = try Assignment(database: postgis, logger: Self.logger).run(cellSize: 750)
            let onSpatiaLite = try Assignment(database: spatialite, logger: Self.logger).run(cellSize: 750)
            #expect(onPostGIS.changed == onSpatiaLite.changed)
            #expect(onPostGIS.changed > 0)
            #expect(try postgis.dataGeneration() > before)
            #expect(try postgis.fetchPlacements().assignments == spatialite.fetchPlacements().assignments)
            #expect(try postgis.storedCellSize() == 750)
            #expect(try postgis.summary(by: .cell) == spatialite.summary(by: .cell))
        }
    }

    /// A file found bad leaves the PostGIS store exactly as it was: the same rows, the same
    /// generation, nothing logged.
    @Test func aRejectedIngestChangesNothing() throws {
        let province = try SharedProvince.load()
        try PostGISTestStore.with { location in
            let postgis = try location.openForWriting()
            _ = try DatasetInit(database: postgis, logger: Self.logger).run(directory: province.dataset)
            let sources = try postgis.fetchSources(), generation = try postgis.dataGeneration()
            let events = try postgis.eventCounts()

            // The last row's longitude is a word: found only after every other row was copied.
            let directory = try SharedProvince.scratchDirectory("postgis-rejected")
            var lines = try String(contentsOf: province.dataset.appendingPathComponent("sources.csv"), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            let header = lines[0].split(separator: ",").map(String.init)
            let lonColumn = try #require(header.firstIndex(of: "lon"))
            var last = lines[lines.count - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            last[lonColumn] = "east"
            lines[lines.count - 1] = last.joined(separator: ",")
            let bad = directory.appendingPathComponent("sources.csv")
            try (lines.joined(separator: "\n") + "\n").write(to: bad, atomically: true, encoding: .utf8)

            #expect {
                _ = try SourceIngest(database: postgis, logger: Self.logger).run(file: bad.path, options: .init())
            } throws: { error in
                "\(error)".contains("sources.csv:\(lines.count): lon: 'east' is not a number")
            }
            #expect(try postgis.fetchSources() == sources)
            #expect(try postgis.dataGeneration() == generation)
            #expect(try postgis.eventCounts() == events)
            #expect(try postgis.verify().allSatisfy(\.passed))
        }
    }

    /// A load that fails between two batches (its file found bad while it is copied): the error
    /// comes back as the load threw it (not as a database error) and nothing is written.
    @Test func aLoadFailingMidCopyKeepsItsErrorAndChangesNothing() throws {
        struct BadRow: Error {}
        final class FailingLoad: SourceLoad {
            let records: [SourceRecord]
            let metricCRS: MetricCRS?
            var delivered = false
            init(_ records: [SourceRecord], metricCRS: MetricCRS?) {
                self.records = records
                self.metricCRS = metricCRS
            }
            var file: String { "failing.csv" }
            func nextBatch() throws -> [SourceRecord]? {
                guard !delivered else { throw BadRow() }
                delivered = true
                return records
            }
            func finish() throws -> (events: [EventRecord], log: IngestLogEntry) { ([], IngestLogEntry(kind: "sources", file: file, rows: 0, warnings: 0)) }
            func commit(_ commit: () throws -> Void) throws { try commit() }
        }
        let province = try SharedProvince.load()
        try PostGISTestStore.with { location in
            let postgis = try location.openForWriting()
            _ = try DatasetInit(database: postgis, logger: Self.logger).run(directory: province.dataset)
            let sources = try postgis.fetchSources(), generation = try postgis.dataGeneration()
            #expect(throws: BadRow.self) {
                try postgis.replaceSources(streaming: FailingLoad(Array(sources.prefix(500)), metricCRS: try postgis.metricCRS()))
            }
            #expect(try postgis.fetchSources() == sources)
            #expect(try postgis.dataGeneration() == generation)
        }
    }

    /// x/y of another metric CRS are refused before any row is touched, as on SpatiaLite.
    @Test func anotherMetricCRSIsRefused() throws {
        let province = try SharedProvince.load()
        try PostGISTestStore.with { location in
            let postgis = try location.openForWriting()
            _ = try DatasetInit(database: postgis, logger: Self.logger).run(directory: province.dataset)
            let stored = try #require(try postgis.metricCRS())
            let other = try MetricCRS(parsing: "EPSG:32650")
            #expect(other != stored)
            let record = try #require(try postgis.fetchSources().first)
            #expect {
                try postgis.replaceSources([record], events: [], log: IngestLogEntry(kind: "sources", file: "other.csv", rows: 1, warnings: 0, metricCRS: other))
            } throws: { error in
                "\(error)".contains("other.csv was projected in \(other)")
            }
            #expect(try postgis.sourceCount() == province.summary.sources)
        }
    }

    /// Opening again applies nothing twice; a store not yet made is named as such.
    @Test func migrationsAreAppliedOnceAndAMissingStoreIsNamed() throws {
        try PostGISTestStore.with { location in
            #expect(!location.exists)
            #expect {
                _ = try location.openExisting()
            } throws: { error in
                "\(error)".contains("no permitwatch store in schema \(location.url.schema)") && "\(error)".contains("permitwatch init --db")
            }
            _ = try location.openForWriting()
            _ = try location.openForWriting()
            #expect(location.exists)
            let checks = try location.openExisting().verify()
            let schema = try #require(checks.first { $0.kind == .schema })
            #expect(schema.checked == "1 of 1 migrations applied")
            #expect(schema.passed)
        }
    }
}
