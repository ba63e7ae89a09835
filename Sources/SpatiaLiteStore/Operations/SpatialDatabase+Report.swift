import CSpatiaLite
import Enforcement
import GeoKit
import GRDB
import Store

extension SpatialDatabase {
    /// The name, parent and officer of every area of every level, by level and code.
    public func fetchAreaDirectory() throws -> [AreaDirectoryEntry] {
        try read { db in
            let statement = try RawStatement(db, sql: "SELECT level, code, name, parent_code, officer FROM area_names ORDER BY level, code")
            var entries: [AreaDirectoryEntry] = []
            while try statement.next() {
                guard let level = statement.string(0).flatMap(AreaLevel.init(rawValue:)) else { continue }
                entries.append(AreaDirectoryEntry(
                    level: level, code: statement.string(1) ?? "", name: statement.string(2) ?? "", parentCode: statement.string(3),
                    officer: statement.string(4)))
            }
            return entries
        }
    }

    public func fetchSourceCards(_ sourceIDs: [String]) throws -> [String: SourceCard] {
        guard !sourceIDs.isEmpty else { return [:] }
        // The ids go in as one JSON array: one bound value however many stops a plan has.
        var ids = GeoJSONWriter()
        ids.writeJSON(.array(sourceIDs.map { .string($0) }))
        return try read { db in
            let statement = try RawStatement(db, sql: """
                SELECT source_id, name, uscc, industry, status, deadline, town_code, town_name, grid_code, grid_name, officer, officer_phone
                FROM sources_named
                WHERE source_id IN (SELECT value FROM json_each(?)) AND removed_on IS NULL
                """)
            statement.bind(1, ids.text)
            var cards: [String: SourceCard] = [:]
            while try statement.next() {
                let id = statement.string(0) ?? ""
                cards[id] = SourceCard(
                    sourceID: id, name: statement.string(1) ?? "", uscc: statement.string(2), industry: statement.string(3),
                    status: SourceStatus(rawValue: statement.string(4) ?? "") ?? .registered, deadline: statement.string(5),
                    townCode: statement.string(6), townName: statement.string(7), gridCode: statement.string(8), gridName: statement.string(9),
                    officer: statement.string(10), officerPhone: statement.string(11))
            }
            return cards
        }
    }

    public func areas(containing points: [Coordinate], level: AreaLevel) throws -> [AreaDirectoryEntry?] {
        // Many points (every hot-spot cell of a province): one in-process index over the level's
        // polygons, the assignment's own (the same lowest-code rule); measured on the province's
        // 104,465 cells, 0.5 s against 18 s for one SQL lookup each.
        if points.count > 500 {
            let areas = try fetchAreas(level: level)
            let index = AreaIndex(areas: areas.map { ($0.code, $0.geometry) })
            let byCode = Dictionary(areas.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            return points.map { point in
                index.locate(point).flatMap { byCode[index.codes[$0]] }.map {
                    AreaDirectoryEntry(level: level, code: $0.code, name: $0.name, parentCode: $0.parentCode, officer: $0.officer)
                }
            }
        }
        return try read { db in
            // The R*Tree narrows to the boxes that hold the point; GEOS decides containment.
            let statement = try RawStatement(db, sql: """
                SELECT a.code, a.name, a.parent_code, a.officer FROM areas AS a
                WHERE a.level = ?1 AND a.id IN (
                    SELECT pkid FROM idx_areas_geometry WHERE xmin <= ?2 AND xmax >= ?2 AND ymin <= ?3 AND ymax >= ?3)
                  AND ST_Contains(a.geometry, MakePoint(?2, ?3, 4326)) = 1
                ORDER BY a.code LIMIT 1
                """)
            return try points.map { point in
                statement.bind(1, level.rawValue)
                statement.bind(2, point.x)
                statement.bind(3, point.y)
                guard try statement.next() else { return nil }
                let entry = AreaDirectoryEntry(
                    level: level, code: statement.string(0) ?? "", name: statement.string(1) ?? "", parentCode: statement.string(2),
                    officer: statement.string(3))
                sqlite3_reset(statement.statement)
                return entry
            }
        }
    }

    /// The polygons of the areas of `level` with the given codes (codes not found are left out).
    public func fetchAreaOutlines(level: AreaLevel, codes: [String]) throws -> [String: MultiPolygon] {
        try read { db in
            let statement = try RawStatement(db, sql: "SELECT geometry FROM areas WHERE level = ? AND code = ?")
            var outlines: [String: MultiPolygon] = [:]
            outlines.reserveCapacity(codes.count)
            for code in codes {
                statement.bind(1, level.rawValue)
                statement.bind(2, code)
                if try statement.next() {
                    outlines[code] = try SpatiaLiteGeometryBlob.decodeMultiPolygon(statement.blob(0))
                    sqlite3_reset(statement.statement)
                }
            }
            return outlines
        }
    }

    /// The bins of a stored hot-spot run's cells, by cell.
    public func fetchHotspotBins(run: AnalysisRun) throws -> HotspotBins {
        try read { db in
            let statement = try RawStatement(db, sql: "SELECT cell, bin FROM hotspot_cells WHERE run_id = ?")
            statement.bind(1, run.id)
            var bins: [String: Int] = [:]
            while try statement.next() { bins[statement.string(0) ?? ""] = statement.int(1) ?? 0 }
            return HotspotBins(runID: run.id, parameters: run.parameters, bins: bins)
        }
    }

    /// Source id → name, for the given ids (ids not found are left out).
    public func fetchSourceNames(_ sourceIDs: [String]) throws -> [String: String] {
        try read { db in
            let statement = try RawStatement(db, sql: "SELECT name FROM sources WHERE source_id = ?")
            var names: [String: String] = [:]
            for id in sourceIDs {
                statement.bind(1, id)
                if try statement.next() {
                    names[id] = statement.string(0) ?? ""
                    sqlite3_reset(statement.statement)
                }
            }
            return names
        }
    }
}

extension RawStatement {
    /// An event kind column, matched on its bytes without making a `String`.
    @inline(__always) func eventKind(_ column: Int32) -> EventKind? {
        withTextBytes(column) { bytes -> EventKind? in
            guard let first = bytes.first else { return nil }
            let kind: EventKind? = switch (bytes.count, first) {
            case (6, UInt8(ascii: "l")): .listed
            case (6, UInt8(ascii: "c")): .closed
            case (10, UInt8(ascii: "d")): .discovered
            case (10, UInt8(ascii: "r")): .registered
            case (9, UInt8(ascii: "p")): .permitted
            case (9, UInt8(ascii: "r")): .rectified
            case (9, UInt8(ascii: "i")): .inspected
            case (13, _): .noticeIssued
            case (14, _): .markedSpecial
            case (3, _): .new
            case (7, UInt8(ascii: "c")): .changed
            case (7, UInt8(ascii: "r")): .removed
            default: nil
            }
            // The guess by length and first letter, confirmed on every byte.
            guard let kind, kind.rawValue.utf8.elementsEqual(bytes) else { return nil }
            return kind
        } ?? nil
    }

    /// A `YYYY-MM-DD` column as a `CivilDay` number, read from its bytes; nil for NULL or another form.
    @inline(__always) func day(_ column: Int32) -> Int? {
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        return CivilDay.number(isoBytes: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))))
    }
}
