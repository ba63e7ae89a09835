import Enforcement
import Foundation
import Logging
import Store

/// `permitwatch ingest events`: appends a status history (`source_id,date,kind,status,deadline`).
public struct EventIngest: Sendable {
    public struct Report: Sendable {
        public var file: String
        public var events: Int
        public var byKind: [String: Int]
    }

    let database: any SourceRegister
    let logger: Logger
    let progress: ProgressReporter

    public init(database: any SourceRegister, logger: Logger, progress: ProgressReporter = .silent) {
        self.database = database
        self.logger = logger
        self.progress = progress
    }

    private struct Chunk: Sendable {
        var events: [EventRecord] = []
        var problems = ProblemList()
    }

    public func run(file path: String) throws -> Report {
        let (bytes, _) = try TextDecoding.utf8Bytes(of: try FileInput.read(path), file: path)
        let document = try CSVDocument(bytes: bytes, file: path)
        guard document.recordCount > 1 else {
            throw RejectedInput(problems: [InputError(file: path, line: nil, field: nil, message: "the file is empty; expected a header source_id,date,kind,status,deadline and one row per event")])
        }
        let columns = try Columns(document.header(), file: path)
        let knownSources = try database.fetchSourceIDs()
        let chunks = progress.step("reading \(path)") {
            document.mapChunks { range in Self.events(ofRecords: range, in: document, columns: columns, known: knownSources, file: path) }
        }
        var problems = ProblemList()
        var events: [EventRecord] = []
        events.reserveCapacity(document.recordCount)
        for chunk in chunks {
            problems.append(contentsOf: chunk.problems)
            events.append(contentsOf: chunk.events)
        }
        try problems.throwIfAny()
        let log = IngestLogEntry(kind: "events", file: path, rows: events.count, warnings: 0)
        let finalEvents = events
        try progress.step("writing \(events.count) events") { try database.appendEvents(finalEvents, log: log) }
        var byKind: [String: Int] = [:]
        for event in events { byKind[event.kind.rawValue, default: 0] += 1 }
        return Report(file: path, events: events.count, byKind: byKind)
    }

    /// Where the event fields are in the file's header.
    struct Columns: Sendable {
        let header: [String]
        let id: Int
        let date: Int
        let kind: Int
        let status: Int?
        let deadline: Int?

        init(_ raw: [String], file path: String) throws {
            let header = raw.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            func column(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
            guard let id = column(["source_id", "id", "编号"]), let date = column(["date", "日期"]), let kind = column(["kind", "event", "类型"]) else {
                throw RejectedInput(problems: [InputError(file: path, line: 1, field: nil, message: "missing column; expected source_id, date and kind (and status, deadline); the header has \(HeaderSummary.describe(header))")])
            }
            (self.header, self.id, self.date, self.kind) = (header, id, date, kind)
            (status, deadline) = (column(["status", "状态"]), column(["deadline", "整改期限"]))
        }
    }

    /// The events of rows `range` (record numbers), checked one by one; a row with a problem
    /// adds the problem instead of an event.
    private static func events(ofRecords range: Range<Int>, in document: CSVDocument, columns: Columns, known knownSources: Set<String>, file path: String) -> Chunk {
        let header = columns.header
        let (idColumn, dateColumn, kindColumn, statusColumn, deadlineColumn) = (columns.id, columns.date, columns.kind, columns.status, columns.deadline)
        let kinds = EventKind.allCases.map(\.rawValue).joined(separator: ", ")
        var chunk = Chunk()
        chunk.events.reserveCapacity(range.count)
        var fields: [CSVDocument.Field] = []
        for r in range {
            let line = Int(document.recordLines[r])
            document.fields(ofRecord: r, into: &fields)
            func problem(_ field: String?, _ message: String) {
                chunk.problems.append(InputError(file: path, line: line, field: field, message: message))
            }
            guard fields.count == header.count else {
                problem(nil, "expected \(header.count) fields as in the header, found \(fields.count)")
                continue
            }
            let id = document.string(fields[idColumn])
            guard knownSources.contains(id) else {
                problem(header[idColumn], "no source with id '\(id)'; expected the id of a loaded source (ingest sources first)")
                continue
            }
            let rawDate = document.string(fields[dateColumn])
            guard let date = DateText.normalize(rawDate) else {
                problem(header[dateColumn], "'\(rawDate)' is not a date; expected YYYY-MM-DD")
                continue
            }
            let rawKind = document.string(fields[kindColumn])
            guard let kind = EventKind(rawValue: rawKind) ?? EventKind(rawValue: rawKind.lowercased()) else {
                problem(header[kindColumn], "'\(rawKind)' is not an event kind; expected one of \(kinds)")
                continue
            }
            var status: SourceStatus?
            if let statusColumn, !document.isEmpty(fields[statusColumn]) {
                let raw = document.string(fields[statusColumn])
                guard let parsed = SourceStatus(parsing: raw) else {
                    problem(header[statusColumn], "'\(raw)' is not a status; expected one of \(SourceStatus.acceptedSpellings)")
                    continue
                }
                status = parsed
            }
            if kind.requiresStatus && status == nil {
                problem("status", "missing; a \(kind.rawValue) event needs the status it leads to")
                continue
            }
            var deadline: String?
            if let deadlineColumn, !document.isEmpty(fields[deadlineColumn]) {
                let raw = document.string(fields[deadlineColumn])
                guard let parsed = DateText.normalize(raw) else {
                    problem(header[deadlineColumn], "'\(raw)' is not a date; expected YYYY-MM-DD")
                    continue
                }
                deadline = parsed
            }
            chunk.events.append(EventRecord(sourceID: id, date: date, kind: kind, status: status, deadline: deadline))
        }
        return chunk
    }
}
