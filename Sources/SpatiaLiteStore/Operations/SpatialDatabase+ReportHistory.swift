import Enforcement
import Foundation
import GeoKit
import GRDB
import Store

extension SpatialDatabase {
    /// Every source of `area` (a code of any level; nil for all) with its placement that has
    /// events up to and including `lastDay` (`YYYY-MM-DD`), removed ones too (they counted while
    /// they were listed), and those events. A source without events by then has no status yet.
    ///
    /// One join from the sources through the events' source index, which holds the columns
    /// read, so its loops give each source's events by date without touching the events table.
    /// Scanning the sources and following each into the index is the whole cost of a report,
    /// and it splits cleanly by id: eight id ranges taken in turn by two connections keep both
    /// cores busy wherever the area's sources lie in the table.
    public func fetchReportHistory(through lastDay: String, area: String?) throws -> ReportHistory {
        let bounds = try read { db in try Row.fetchOne(db, sql: "SELECT min(id), max(id) FROM sources") }
        guard let low = bounds?[0] as Int64?, let high = bounds?[1] as Int64? else { return ReportHistory() }
        let rangeCount = 8
        let span = (high - low) / Int64(rangeCount) + 1
        let parts = AreaHistoryParts(count: rangeCount)
        DispatchQueue.concurrentPerform(iterations: rangeCount) { k in
            let first = low + Int64(k) * span
            parts.store(k, Result { try self.readAreaHistory(through: lastDay, area: area, ids: first...(first + span - 1)) })
        }

        // The ranges in id order, their code numbers made one numbering.
        var report = ReportHistory()
        var recorded: [EventHistory.Event] = []
        var codeNumbers: [String: Int32] = [:]
        for part in try parts.results() {
            let renumbered: [Int32] = part.history.codes.map { code in
                if let number = codeNumbers[code] { return number }
                let number = Int32(report.codes.count)
                report.codes.append(code)
                codeNumbers[code] = number
                return number
            }
            func renumber(_ codes: [Int32]) -> [Int32] { codes.map { $0 < 0 ? -1 : renumbered[Int($0)] } }
            let offset = Int32(report.sourceIDs.count)
            report.sourceIDs += part.history.sourceIDs
            report.gridCodes += renumber(part.history.gridCodes)
            report.townCodes += renumber(part.history.townCodes)
            report.countyCodes += renumber(part.history.countyCodes)
            report.prefectureCodes += renumber(part.history.prefectureCodes)
            report.projected += part.history.projected
            recorded += part.events.map { event in
                var event = event
                event.source += offset
                return event
            }
        }
        report.history = EventHistory(sourceCount: report.sourceIDs.count, eventsInRecordingOrder: recorded)
        return report
    }

    public func historyChanges(since generation: Int64) throws -> HistoryChanges {
        try read { db in try HistoryChangeLog.changes(since: generation, in: db) }
    }

    /// The area's sources with ids in `ids` and their events up to `lastDay`, in id and date order.
    private func readAreaHistory(
        through lastDay: String, area: String?, ids: ClosedRange<Int64>
    ) throws -> (history: ReportHistory, events: [EventHistory.Event]) {
        try read { db in
            var history = ReportHistory()
            var events: [EventHistory.Event] = []
            var codeIndex = ByteKeyIndex(capacity: 1 << 12)
            let rows = try RawStatement(db, sql: """
                SELECT s.id, s.source_id, s.grid_code, s.town_code, s.county_code, s.prefecture_code, s.x, s.y,
                       e.date, e.kind, e.status, e.deadline
                FROM sources s CROSS JOIN events e ON e.source_id = s.source_id
                WHERE s.id BETWEEN ?3 AND ?4 AND (?2 IS NULL OR ?2 IN (s.prefecture_code, s.county_code, s.town_code, s.grid_code)) AND e.date <= ?1
                ORDER BY s.id, e.date, e.id
                """)
            rows.bind(1, lastDay)
            rows.bind(2, area)
            rows.bind(3, ids.lowerBound)
            rows.bind(4, ids.upperBound)
            var currentID: Int64?
            while try rows.next() {
                // Rows come source by source: a new id starts a new source.
                let id = rows.int64(0)
                if id != currentID {
                    currentID = id
                    history.sourceIDs.append(rows.string(1) ?? "")
                    history.gridCodes.append(rows.withTextBytes(2) { codeIndex.insert($0) } ?? -1)
                    history.townCodes.append(rows.withTextBytes(3) { codeIndex.insert($0) } ?? -1)
                    history.countyCodes.append(rows.withTextBytes(4) { codeIndex.insert($0) } ?? -1)
                    history.prefectureCodes.append(rows.withTextBytes(5) { codeIndex.insert($0) } ?? -1)
                    history.projected.append(Coordinate(rows.double(6), rows.double(7)))
                }
                guard let day = rows.day(8), let kind = rows.eventKind(9) else { continue }
                events.append(EventHistory.Event(
                    source: Int32(history.sourceIDs.count - 1), day: Int32(day), kind: kind, status: rows.sourceStatus(10),
                    deadline: rows.day(11).map { Int32($0) }))
            }
            history.codes = (0..<codeIndex.count).map(codeIndex.key)
            return (history, events)
        }
    }
}

/// The ranges' results, each written once by whichever worker read it.
private final class AreaHistoryParts: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [Result<(history: ReportHistory, events: [EventHistory.Event]), any Error>?]

    init(count: Int) { parts = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ result: Result<(history: ReportHistory, events: [EventHistory.Event]), any Error>) {
        lock.lock()
        parts[index] = result
        lock.unlock()
    }

    /// Every range's result in order; the first failure is thrown.
    func results() throws -> [(history: ReportHistory, events: [EventHistory.Event])] {
        lock.lock()
        defer { lock.unlock() }
        return try parts.map { try $0!.get() }
    }
}
