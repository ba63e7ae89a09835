import Enforcement
import Foundation
import GeoKit
import Store
import Synchronization

extension PostGISDatabase {
    /// Every source of `area` (a code of any level; nil for all) with its placement that has
    /// events up to and including `lastDay`, removed ones too, and those events: the SpatiaLite
    /// store's history, in the same order (sources by id, events by date then as stored).
    ///
    /// One join through the events' source index, which holds every column read (an
    /// index-only scan once the table is vacuumed); split into id ranges read on several
    /// connections at once, so the server's cores share the work.
    public func fetchReportHistory(through lastDay: String, area: String?) throws -> ReportHistory {
        let bounds = try read { db in
            try db.rows("SELECT min(id), max(id) FROM sources") { row in
                (try row.cell(0).decode(Int64?.self), try row.cell(1).decode(Int64?.self))
            }.first
        }
        guard let low = bounds?.0, let high = bounds?.1 else { return ReportHistory() }
        let rangeCount = min(4, max(1, pool.maximumConnections - 1))
        let span = (high - low) / Int64(rangeCount) + 1
        let parts = Mutex<[Int: Result<AreaHistoryPart, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: rangeCount) { k in
            let first = low + Int64(k) * span
            let part = Result { try self.readAreaHistory(through: lastDay, area: area, ids: first...(first + span - 1)) }
            parts.withLock { $0[k] = part }
        }
        var report = ReportHistory()
        var recorded: [EventHistory.Event] = []
        var codeNumbers: [String: Int32] = [:]
        let results = parts.withLock { $0 }
        for k in 0..<rangeCount {
            let part = try results[k]!.get()
            func number(_ code: String?) -> Int32 {
                guard let code else { return -1 }
                if let number = codeNumbers[code] { return number }
                let number = Int32(report.codes.count)
                report.codes.append(code)
                codeNumbers[code] = number
                return number
            }
            let offset = Int32(report.sourceIDs.count)
            for source in part.sources {
                report.sourceIDs.append(source.id)
                report.gridCodes.append(number(source.grid))
                report.townCodes.append(number(source.town))
                report.countyCodes.append(number(source.county))
                report.prefectureCodes.append(number(source.prefecture))
                report.projected.append(source.projected)
            }
            recorded += part.events.map { event in
                var event = event
                event.source += offset
                return event
            }
        }
        report.history = EventHistory(sourceCount: report.sourceIDs.count, eventsInRecordingOrder: recorded)
        return report
    }

    /// What field writes added to the history since `generation` (`ChangeLogs`), so a server
    /// keeps a report of an earlier week while this week's inspections arrive.
    public func historyChanges(since generation: Int64) throws -> HistoryChanges {
        try read { db in try ChangeLogs.historyChanges(since: generation, generation: try self.generation(db), in: db) }
    }

    private struct AreaHistoryPart: Sendable {
        struct Source: Sendable {
            var id: String
            var grid, town, county, prefecture: String?
            var projected: Coordinate
        }

        var sources: [Source] = []
        var events: [EventHistory.Event] = []
    }

    private func readAreaHistory(through lastDay: String, area: String?, ids: ClosedRange<Int64>) throws -> AreaHistoryPart {
        let rows = try read { db in
            try db.rows("""
                SELECT s.id, s.source_id, s.grid_code, s.town_code, s.county_code, s.prefecture_code, s.x, s.y,
                       e.date, e.kind, e.status, e.deadline
                FROM sources AS s JOIN events AS e ON e.source_id = s.source_id
                WHERE s.id BETWEEN $3 AND $4
                  AND ($2::text IS NULL OR $2::text IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code))
                  AND e.date COLLATE "C" <= $1
                ORDER BY s.id, e.date COLLATE "C", e.id
                """, [.text(lastDay), .text(area), .integer(ids.lowerBound), .integer(ids.upperBound)]) { row in
                var cells = CellReader(row)
                let id = Int64(try cells.integer() ?? 0)
                let source = AreaHistoryPart.Source(
                    id: try cells.text() ?? "", grid: try cells.text(), town: try cells.text(), county: try cells.text(),
                    prefecture: try cells.text(), projected: Coordinate(try cells.real() ?? 0, try cells.real() ?? 0))
                let day = try cells.text().flatMap(CivilDay.number(iso:))
                let kind = try cells.text().flatMap(EventKind.init(rawValue:))
                let status = try cells.text().flatMap(SourceStatus.init(rawValue:))
                let deadline = try cells.text().flatMap(CivilDay.number(iso:))
                return (id, source, day, kind, status, deadline)
            }
        }
        var part = AreaHistoryPart()
        var currentID: Int64?
        for (id, source, day, kind, status, deadline) in rows {
            // Rows come source by source: a new id starts a new source.
            if id != currentID {
                currentID = id
                part.sources.append(source)
            }
            guard let day, let kind else { continue }
            part.events.append(EventHistory.Event(
                source: Int32(part.sources.count - 1), day: Int32(day), kind: kind, status: status, deadline: deadline.map { Int32($0) }))
        }
        return part
    }
}
