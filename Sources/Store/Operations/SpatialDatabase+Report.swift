import CSpatiaLite
import Enforcement
import GRDB
import GeoKit

extension SpatialDatabase {
    /// Every source of `area` (a code of any level; nil for all) with its placement that has
    /// events up to and including `lastDay` (`YYYY-MM-DD`), removed ones too (they counted while
    /// they were listed), and those events. A source without events by then has no status yet.
    ///
    /// For everything, the sources are read once and the events in table order, grouped in
    /// memory: ordering 1.5 million rows by source in SQL would visit the table once per row
    /// through the index. For an area, see `fetchAreaHistory`.
    public func fetchReportHistory(through lastDay: String, area: String?) throws -> ReportHistory {
        if let area { return try fetchAreaHistory(through: lastDay, area: area) }
        return try read { db in
            var report = ReportHistory()
            var sourceIndex: ByteKeyIndex
            var codeIndex = ByteKeyIndex(capacity: 1 << 15)
            var recorded: [EventHistory.Event] = []
            /// Appends the source of the current row (id, four codes, x, y in its first columns) if new; its index.
            func source(_ statement: RawStatement, _ sourceIndex: inout ByteKeyIndex) -> Int32? {
                guard let index = statement.withTextBytes(0, { sourceIndex.insert($0) }) else { return nil }
                guard index == Int32(report.sourceIDs.count) else { return index }
                report.sourceIDs.append(sourceIndex.key(Int(index)))
                report.gridCodes.append(statement.withTextBytes(1) { codeIndex.insert($0) } ?? -1)
                report.townCodes.append(statement.withTextBytes(2) { codeIndex.insert($0) } ?? -1)
                report.countyCodes.append(statement.withTextBytes(3) { codeIndex.insert($0) } ?? -1)
                report.prefectureCodes.append(statement.withTextBytes(4) { codeIndex.insert($0) } ?? -1)
                report.projected.append(Coordinate(statement.double(5), statement.double(6)))
                return index
            }
            /// Appends the event of the current row (columns from `first`: date, kind, status, deadline).
            func event(_ statement: RawStatement, source: Int32, first: Int32) {
                guard let day = statement.day(first), let kind = statement.eventKind(first + 1) else { return }
                recorded.append(EventHistory.Event(
                    source: source, day: Int32(day), kind: kind, status: statement.sourceStatus(first + 2),
                    deadline: statement.day(first + 3).map { Int32($0) }))
            }
            do {
                let sourceCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM sources") ?? 0
                sourceIndex = ByteKeyIndex(capacity: sourceCount)
                report.sourceIDs.reserveCapacity(sourceCount)
                report.gridCodes.reserveCapacity(sourceCount)
                report.townCodes.reserveCapacity(sourceCount)
                report.countyCodes.reserveCapacity(sourceCount)
                report.prefectureCodes.reserveCapacity(sourceCount)
                report.projected.reserveCapacity(sourceCount)
                let sources = try RawStatement(db, sql: "SELECT source_id, grid_code, town_code, county_code, prefecture_code, x, y FROM sources")
                while try sources.next() { _ = source(sources, &sourceIndex) }
                // In table order (`+date`: not through the date index); each event's source is
                // looked up on a second thread, a batch at a time, while this one reads on.
                let events = try RawStatement(db, sql: "SELECT source_id, date, kind, status, deadline FROM events WHERE +date <= ?1 ORDER BY id")
                events.bind(1, lastDay)
                let expected = try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0
                recorded.reserveCapacity(expected)
                let lookup = BatchedKeyLookup(index: sourceIndex, expected: expected)
                var batch = BatchedKeyLookup.Batch()
                while try events.next() {
                    let before = recorded.count
                    event(events, source: -1, first: 1)
                    guard recorded.count > before else { continue }
                    _ = events.withTextBytes(0) { batch.append($0) } ?? batch.append(UnsafeBufferPointer(start: nil, count: 0))
                    if batch.count == 1 << 15 {
                        lookup.submit(batch)
                        batch = BatchedKeyLookup.Batch()
                    }
                }
                lookup.submit(batch)
                let sourcesOfEvents = lookup.results()
                var kept = 0
                for k in recorded.indices where sourcesOfEvents[k] >= 0 {
                    recorded[kept] = recorded[k]
                    recorded[kept].source = sourcesOfEvents[k]
                    kept += 1
                }
                recorded.removeLast(recorded.count - kept)
            }
            report.codes = (0..<codeIndex.count).map(codeIndex.key)
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
