import Enforcement
import Foundation
import GeoKit
import PermitWatch
import SpatiaLiteStore
import Store
import Testing

/// Loads the small fixture province: one prefecture, one county, three towns (one filling the
/// hole of another), four grids, five sources.
func loadFixtureProvince(into db: TemporaryDatabase) throws {
    for (level, file) in [(AreaLevel.prefecture, "prefectures"), (.county, "counties"), (.town, "towns"), (.grid, "grids")] {
        var options = AreaIngest.Options(level: level)
        options.reassign = false
        _ = try AreaIngest(database: db.database, logger: quietLogger).run(file: Fixtures.path("good/\(file).geojson"), options: options)
    }
    _ = try SourceIngest(database: db.database, logger: quietLogger).run(file: Fixtures.path("good/sources.csv"), options: .init())
}

@Suite("Ingest and assignment on the fixture province")
struct IngestTests {
    @Test func assignsTownsGridsCellsAndSnaps() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let sources = Dictionary(uniqueKeysWithValues: try db.database.fetchSources().map { ($0.sourceID, $0) })
        #expect(sources["S001"]?.assignment.townCode == "440101001")
        #expect(sources["S001"]?.assignment.countyCode == "440101")
        #expect(sources["S001"]?.assignment.prefectureCode == "4401")
        #expect(sources["S001"]?.assignment.gridCode == "440101001001")
        #expect(sources["S002"]?.assignment.townCode == "440101002")
        // In the hole of 440101001, inside 440101003: holes are respected.
        #expect(sources["S003"]?.assignment.townCode == "440101003")
        #expect(sources["S003"]?.assignment.placement == .inside)
        // 150 m east of the last town: snapped within the default 500 m.
        #expect(sources["S004"]?.assignment.townCode == "440101002")
        #expect(sources["S004"]?.assignment.placement == .snapped)
        let snap = try #require(sources["S004"]?.assignment.snapDistance)
        #expect(snap > 100 && snap < 200)
        // Far out at sea: unassigned, flagged.
        #expect(sources["S005"]?.assignment.townCode == nil)
        #expect(sources["S005"]?.assignment.placement == .unassigned)
        // Cells: floor of EPSG:4547 metres / 1000.
        let s1 = try #require(sources["S001"])
        let projected = MetricCRS.epsg4547.forward(s1.location)
        #expect(s1.assignment.cellX == Int((projected.x / 1000).rounded(.down)))
        #expect(s1.assignment.cellY == Int((projected.y / 1000).rounded(.down)))
    }

    @Test func summaryByTownCSVHasTheDocumentedShape() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let csv = StatusTableFormatter.render(try db.database.summary(by: .area(.town)), as: .csv)
        #expect(csv == """
            code,name,permitted,registered,rectifying,special,unlicensed,total\r
            440101001,东镇,1,0,0,0,0,1\r
            440101002,西镇,0,1,0,0,1,2\r
            440101003,岛街道,0,0,1,0,0,1\r
            unassigned,,0,0,0,1,0,1\r

            """)
    }

    @Test func gbkFileIsDetectedAndDecoded() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let report = try SourceIngest(database: db.database, logger: quietLogger)
            .run(file: Fixtures.path("good/sources-gbk.csv"), options: .init())
        #expect(report.encoding == "GBK/GB18030")
        let sources = Dictionary(uniqueKeysWithValues: try db.database.fetchSources().map { ($0.sourceID, $0) })
        #expect(sources["G1"]?.name == "东镇化工厂")
        #expect(sources["G1"]?.status == .permitted)
        #expect(sources["G2"]?.status == .registered)
        #expect(sources["G3"]?.status == .unlicensed)
    }

    @Test func snapshotDifferencesBecomeEventsAndTheSameSnapshotTwiceAddsNothing() throws {
        let db = try TemporaryDatabase()
        try loadFixtureProvince(into: db)
        let csv = db.directory.appendingPathComponent("week2.csv")
        // S002 permitted now, S005 gone, S006 new; the rest as before.
        try """
            source_id,name,uscc,industry,category,status,status_date,deadline,lon,lat
            S001,东镇化工厂,91440101MA59C0RR2H,2614,key,permitted,2020-01-05,,113.02,23.02
            S002,西镇印染厂,,1713,key,permitted,2020-06-01,,113.15,23.05
            S003,岛上五金,,3311,,rectifying,2020-03-01,2020-09-01,113.05,23.05
            S004,海边作坊,,3311,,unlicensed,2020-04-01,,113.2015,23.05
            S006,新发现作坊,,3311,,unlicensed,,,113.03,23.03
            """.write(to: csv, atomically: true, encoding: .utf8)
        var options = SourceIngest.Options()
        options.asOf = "2020-06-07"
        let first = try SourceIngest(database: db.database, logger: quietLogger).run(file: csv.path, options: options)
        #expect(first.added == 1 && first.updated == 1 && first.removed == 1 && first.unchanged == 3)
        #expect(first.events == 3)
        #expect(try db.database.eventCounts() == ["new": 1, "changed": 1, "removed": 1])
        let stored = Dictionary(uniqueKeysWithValues: try db.database.fetchSources().map { ($0.sourceID, $0) })
        #expect(stored["S005"]?.removedOn == "2020-06-07")
        #expect(stored["S006"]?.statusDate == "2020-06-07")
        #expect(stored["S006"]?.assignment.townCode == "440101001")

        let before = try db.database.fetchSources()
        let second = try SourceIngest(database: db.database, logger: quietLogger).run(file: csv.path, options: options)
        #expect(second.events == 0 && second.added == 0 && second.updated == 0 && second.removed == 0)
        #expect(try db.database.eventCounts() == ["new": 1, "changed": 1, "removed": 1])
        #expect(try db.database.fetchSources() == before)
    }

    @Test func selfIntersectingPolygonIsRepairedWithAWarning() throws {
        let db = try TemporaryDatabase()
        let report = try AreaIngest(database: db.database, logger: quietLogger)
            .run(file: Fixtures.path("good/bowtie.geojson"), options: .init(level: .town))
        #expect(report.repaired == 1)
        #expect(report.warnings.first?.contains("feature 0 (T9 bow): repaired invalid polygon: Self-intersection[113.05 23.05]") == true)
        let stored = try db.database.fetchAreas(level: .town)
        #expect(stored.count == 1)
        #expect(stored[0].geometry.polygons.count == 2)
    }
}
