import CSpatiaLite
import Enforcement
import GRDB
import GeoKit

extension SpatialDatabase {
    /// Every source ever listed (removed ones too: they counted while they were listed) of
    /// `area` (a code of any level; nil for all), with its placement, and every event up to and
    /// including `lastDay` (`YYYY-MM-DD`) of those sources.
    ///
    /// Events are read in table order and grouped in memory: ordering 1.5 million rows by
    /// source in SQL would visit the table once per row through the index.
    public func fetchReportHistory(through lastDay: String, area: String?) throws -> ReportHistory {
        try read { db in
            var report = ReportHistory()
            let sources = try RawStatement(db, sql: """
                SELECT source_id, grid_code, town_code, county_code, prefecture_code, x, y FROM sources
                WHERE ?1 IS NULL OR ?1 IN (prefecture_code, county_code, town_code, grid_code)
                ORDER BY source_id
                """)
            sources.bind(1, area)
            var indexOfSource: [String: Int32] = [:]
            while try sources.next() {
                let id = sources.string(0) ?? ""
                indexOfSource[id] = Int32(report.sourceIDs.count)
                report.sourceIDs.append(id)
                report.gridCodes.append(sources.string(1))
                report.townCodes.append(sources.string(2))
                report.countyCodes.append(sources.string(3))
                report.prefectureCodes.append(sources.string(4))
                report.projected.append(Coordinate(sources.double(5), sources.double(6)))
            }
            // For an area, its sources' events through the source index (CROSS JOIN keeps sources
            // the outer loop); for everything, a scan in table order (`+date`: not by the date index).
            let events = try RawStatement(db, sql: area == nil ? """
                SELECT source_id, date, kind, status, deadline FROM events WHERE +date <= ?1 ORDER BY id
                """ : """
                SELECT e.source_id, e.date, e.kind, e.status, e.deadline
                FROM sources s CROSS JOIN events e ON e.source_id = s.source_id
                WHERE ?2 IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code) AND e.date <= ?1
                ORDER BY e.id
                """)
            events.bind(1, lastDay)
            if area != nil { events.bind(2, area) }
            var recorded: [EventHistory.Event] = []
            var lastID = ""
            var lastIndex: Int32?
            while try events.next() {
                let id = events.string(0) ?? ""
                if id != lastID {
                    lastID = id
                    lastIndex = indexOfSource[id]
                }
                guard let source = lastIndex, let day = events.day(1), let kind = events.string(2).flatMap(EventKind.init(rawValue:)) else { continue }
                recorded.append(EventHistory.Event(
                    source: source, day: Int32(day), kind: kind, status: events.sourceStatus(3), deadline: events.day(4).map { Int32($0) }))
            }
            report.history = EventHistory(sourceCount: report.sourceIDs.count, eventsInRecordingOrder: recorded)
            return report
        }
    }

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

    /// The bins of the latest hot-spot run's cells, or nil when no run is stored.
    public func latestHotspotBins() throws -> HotspotBins? {
        guard let run = try latestRun(kind: "hotspots") else { return nil }
        return try read { db in
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
    /// A `YYYY-MM-DD` column as a `CivilDay` number, read from its bytes; nil for NULL or another form.
    @inline(__always) func day(_ column: Int32) -> Int? {
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        return CivilDay.number(isoBytes: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))))
    }
}
