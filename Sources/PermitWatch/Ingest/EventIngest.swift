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
        let header = document.header().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        guard let idColumn = column(["source_id", "id", "编号"]), let dateColumn = column(["date", "日期"]),
            let kindColumn = column(["kind", "event", "类型"])
        else {
            throw RejectedInput(problems: [InputError(file: path, line: 1, field: nil, message: "missing column; expected source_id, date and kind (and status, deadline); the header has \(HeaderSummary.describe(header))")])
        }
        let statusColumn = column(["status", "状态"])
        let deadlineColumn = column(["deadline", "整改期限"])
        let knownSources = try database.fetchSourceIDs()
        let kinds = EventKind.allCases.map(\.rawValue).joined(separator: ", ")

        let chunks = progress.step("reading \(path)") {
            document.mapChunks { range -> Chunk in
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
}
