import Enforcement
import Foundation
import GRDB
import GeoKit
@testable import SpatiaLiteStore
import Store
import Testing

private func temporaryPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).sqlite").path
}

@Suite("SpatiaLite store")
struct SpatialDatabaseTests {
    @Test func everyPooledConnectionHasSpatiaLite() throws {
        let db = try SpatialDatabase(path: temporaryPath())
        let wkt = try db.read { try String.fetchOne($0, sql: "SELECT AsText(ST_Transform(MakePoint(114.0, 23.0, 4326), 4547))") }
        let expected = MetricCRS.epsg4547.forward(Coordinate(114, 23))
        let numbers = (wkt ?? "").split(whereSeparator: { !"0123456789.-".contains($0) }).compactMap { Double($0) }
        #expect(numbers.count == 2)
        #expect(abs(numbers[0] - expected.x) < 0.001 && abs(numbers[1] - expected.y) < 0.001)
        let mode = try db.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    /// `sources_named` names each source's own areas, whether its codes are its grid's path
    /// (one lookup) or not (a lookup per name): the same as joining `area_names` four times.
    @Test func sourcesNamedAgreesWithAJoinPerLevel() throws {
        let db = try SpatialDatabase(path: temporaryPath())
        try db.write { db in
            try db.execute(sql: """
                INSERT INTO area_names (level, code, name, parent_code, officer, officer_phone) VALUES
                    ('prefecture', 'P1', '广州市', NULL, NULL, NULL), ('prefecture', 'P2', '深圳市', NULL, NULL, NULL),
                    ('county', 'C1', '天河区', 'P1', NULL, NULL), ('county', 'C2', '南山区', 'P2', NULL, NULL),
                    ('town', 'T1', '石牌街道', 'C1', NULL, NULL), ('town', 'T2', '粤海街道', 'C2', NULL, NULL),
                    ('grid', 'G1', '石牌一格', 'T1', '张三', '13800000001'), ('grid', 'G2', '粤海一格', 'T2', '李四', NULL),
                    ('grid', 'G3', '无主格', 'T9', '王五', '13800000003');
                """)
            try db.execute(sql: AreaPaths.rebuild)
            let sources: [(String, String?, String?, String?, String?)] = [
                ("on-path", "P1", "C1", "T1", "G1"),
                ("grid-of-another-town", "P1", "C1", "T1", "G2"),
                ("no-grid", "P2", "C2", "T2", nil),
                ("unknown-grid", "P2", "C2", "T2", "G9"),
                ("grid-with-missing-town", nil, nil, "T9", "G3"),
                ("nothing", nil, nil, nil, nil),
            ]
            for (id, prefecture, county, town, grid) in sources {
                try db.execute(sql: """
                    INSERT INTO sources (source_id, name, status, lon, lat, x, y, prefecture_code, county_code, town_code, grid_code, geometry)
                    VALUES (?, ?, 'registered', 113.3, 23.1, 0, 0, ?, ?, ?, ?, MakePoint(113.3, 23.1, 4326))
                    """, arguments: [id, id, prefecture, county, town, grid])
            }
        }
        let columns = "prefecture_name, county_name, town_name, grid_name, officer, officer_phone"
        let viewed = try db.read { try Row.fetchAll($0, sql: "SELECT source_id, \(columns) FROM sources_named ORDER BY source_id") }
        let joined = try db.read {
            try Row.fetchAll($0, sql: """
                SELECT s.source_id, p.name, c.name, t.name, g.name, g.officer, g.officer_phone FROM sources AS s
                LEFT JOIN area_names AS p ON p.level = 'prefecture' AND p.code = s.prefecture_code
                LEFT JOIN area_names AS c ON c.level = 'county' AND c.code = s.county_code
                LEFT JOIN area_names AS t ON t.level = 'town' AND t.code = s.town_code
                LEFT JOIN area_names AS g ON g.level = 'grid' AND g.code = s.grid_code
                ORDER BY s.source_id
                """)
        }
        #expect(viewed.count == 6)
        #expect(viewed.map { Array($0.databaseValues) } == joined.map { Array($0.databaseValues) })
        let path = try db.read { try Row.fetchOne($0, sql: "SELECT \(columns) FROM sources_named WHERE source_id = 'grid-of-another-town'") }
        #expect(path?[0] as String? == "广州市" && path?[3] as String? == "粤海一格" && path?[4] as String? == "李四")
    }

    @Test func geometryBlobsRoundTripThroughSpatiaLite() throws {
        let db = try SpatialDatabase(path: temporaryPath())
        let multi = MultiPolygon(polygons: [
            Polygon(exterior: [Coordinate(113, 23), Coordinate(114, 23), Coordinate(114, 24), Coordinate(113, 23)]),
        ])
        let blob = SpatiaLiteGeometryBlob.multiPolygon(multi)
        let text = try db.read { try String.fetchOne($0, sql: "SELECT AsText(?)", arguments: [Data(blob)]) }
        #expect(text == "MULTIPOLYGON(((113 23, 114 23, 114 24, 113 23)))")
        #expect(try SpatiaLiteGeometryBlob.decodeMultiPolygon(blob) == multi)
        let point = try db.read { try String.fetchOne($0, sql: "SELECT AsText(?)", arguments: [Data(SpatiaLiteGeometryBlob.point(Coordinate(113.5, 23.25)))]) }
        #expect(point == "POINT(113.5 23.25)")
    }

    @Test func packedSpatialIndexIsAValidRTreeAndAnswersLikeAScan() throws {
        let db = try SpatialDatabase(path: temporaryPath())
        var generator = SystemRandomNumberGenerator()
        var records: [SourceRecord] = []
        for i in 0..<5000 {
            let c = Coordinate(Double.random(in: 110...117, using: &generator), Double.random(in: 20...25, using: &generator))
            records.append(SourceRecord(sourceID: String(format: "S%05d", i), name: "s", status: .registered, location: c, projected: MetricCRS.epsg4547.forward(c)))
        }
        try db.replaceSources(records, events: [], log: IngestLogEntry(kind: "test", file: "-", rows: records.count, warnings: 0, metricCRS: .epsg4547))
        let check = try db.read { try String.fetchOne($0, sql: "SELECT rtreecheck('idx_sources_geometry')") }
        #expect(check == "ok")
        for _ in 0..<20 {
            let x = Double.random(in: 110...116, using: &generator), y = Double.random(in: 20...24, using: &generator)
            let viaIndex = try db.read {
                try Int.fetchOne($0, sql: """
                    SELECT count(*) FROM sources WHERE id IN (SELECT pkid FROM idx_sources_geometry
                    WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?) AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?
                    """, arguments: [x + 1, x, y + 1, y, x, x + 1, y, y + 1])
            }
            let scan = records.filter { $0.location.x >= x && $0.location.x <= x + 1 && $0.location.y >= y && $0.location.y <= y + 1 }.count
            #expect(viaIndex == scan)
        }
        // SpatiaLite's own index-aware function sees the packed index.
        let spatialIndexCount = try db.read {
            try Int.fetchOne($0, sql: """
                SELECT count(*) FROM SpatialIndex WHERE f_table_name = 'sources' AND search_frame = BuildMbr(112, 21, 113, 22)
                """)
        }
        let expected = records.filter { $0.location.x >= 112 && $0.location.x <= 113 && $0.location.y >= 21 && $0.location.y <= 22 }.count
        #expect(spatialIndexCount ?? 0 >= expected)
        // The triggers are back: a plain insert maintains the index.
        try db.write { db in
            try db.execute(sql: "INSERT INTO sources (source_id, name, status, lon, lat, x, y, geometry) VALUES ('Z', 'z', 'registered', 100, 10, 0, 0, MakePoint(100, 10, 4326))")
        }
        let found = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM idx_sources_geometry WHERE xmin <= 100.001 AND xmax >= 99.999 AND ymin <= 10.001 AND ymax >= 9.999") }
        #expect(found == 1)
    }

    @Test func aFailedWriteRollsEverythingBack() throws {
        let db = try SpatialDatabase(path: temporaryPath())
        let c = Coordinate(113, 23)
        let good = SourceRecord(sourceID: "A", name: "a", status: .registered, location: c, projected: c)
        try db.replaceSources([good], events: [], log: IngestLogEntry(kind: "test", file: "-", rows: 1, warnings: 0, metricCRS: .epsg4547))
        // Duplicate ids violate the UNIQUE constraint half-way through the rewrite.
        #expect(throws: StoreError.self) {
            try db.replaceSources([good, good], events: [], log: IngestLogEntry(kind: "test", file: "-", rows: 2, warnings: 0, metricCRS: .epsg4547))
        }
        #expect(try db.fetchSources() == [good])
        let triggers = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'sources'") }
        #expect((triggers ?? 0) > 0)
    }

    @Test func checkConstraintsHoldAgainAfterBulkWrites() throws {
        let db = try SpatialDatabase(path: temporaryPath())
        let c = Coordinate(113, 23)
        let source = SourceRecord(sourceID: "A", name: "a", status: .registered, location: c, projected: c)
        let event = EventRecord(sourceID: "A", date: "2020-01-01", kind: .registered, status: .registered)
        try db.replaceSources([source], events: [event], log: IngestLogEntry(kind: "test", file: "-", rows: 1, warnings: 0, metricCRS: .epsg4547))
        var moved = SourceAssignment.unassigned
        moved.placement = .snapped
        _ = try db.updateAssignments([moved], previous: [.unassigned], cellSize: 1000)
        for sql in [
            "INSERT INTO sources (source_id, name, status, lon, lat, x, y, geometry) VALUES ('B', 'b', 'bogus', 100, 10, 0, 0, MakePoint(100, 10, 4326))",
            "UPDATE sources SET placement = 'nowhere'",
            "INSERT INTO events (source_id, date, kind, status, ingest_id) VALUES ('A', '2020-01-02', 'changed', 'bogus', 1)",
        ] {
            #expect(throws: (any Error).self, "\(sql)") { try db.write { try $0.execute(sql: sql) } }
        }
        #expect(try db.fetchSources().map(\.assignment.placement) == [.snapped])
    }
}
