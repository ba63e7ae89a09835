import Enforcement
import Foundation
import GeoKit
import ParallelWork
import Store

/// `ingest sources` into an empty register, written while it is read.
///
/// The file's rows are cut into batches of `batchRows`. A worker thread parses, checks, projects
/// and places one batch after another (`SourceFileReader.parseChunk`, `SourceAssigner` on one
/// core), while the store's writer inserts the batches in file order (`SourceLoad`); when the
/// next batch is not ready the writer parses one itself rather than wait. So SQLite's inserts,
/// the one part that cannot be shared between the cores, overlap the parsing and placing, and
/// only the id index, the R*Tree and the commit are left after the last row. The worker keeps
/// at most `lookahead` batches ahead of the writer, so memory holds a few batches rather than
/// the whole register.
///
/// What needs every row is decided at the end, before the indexes are built: duplicate ids are
/// found by the writer as rows go by (in order, so the later row is the bad one, as in
/// `SourceFileReader.read`); a bad row by default, or too many with `--on-error skip`, rejects
/// the file in `finish()`, which rolls the whole load back. A column that turns out to merely
/// share a field's name (`VocabularyTally`) throws `Restart`: the load is rolled back and the
/// file read whole, as `SourceFileReader.read` does, since every row must then be parsed again.
final class StreamingSourceLoad: SourceLoad, @unchecked Sendable {
    /// Thrown by `finish()` when the file must be read again with columns set aside.
    struct Restart: Error {}

    /// What the load starts from.
    struct Setup {
        var reader: SourceFileReader
        var document: SourceFileReader.Document
        var columns: SourceColumns
        /// The areas' assigner, still loading on another thread: a batch is parsed before it
        /// waits for it.
        var areas: BackgroundTask<Result<SourceAssigner?, any Error>>
        var asOf: String?
        var metricCRS: MetricCRS
        /// The rejects file (`--on-error skip`), written and committed with the load (`RejectsFile`).
        var rejectsPath: String?
        /// How the coordinates were read, for the ingest log.
        var crsDescription: String
        var batchRows = StreamingSourceLoad.batchRows
        /// Who made the load, for the ingest log (an upload's token name).
        var author: String?
    }

    /// What the load found, once it is finished.
    struct Outcome {
        var loaded = 0
        var warnings: [InputError] = []
        var rejections = SourceFileReader.Rejections()
        /// Rejected rows whose id is listed by a good row too.
        var rejectedButListed = 0
        var counts = SourceAssigner.Counts()
        var mismatches: Int?
        var events = 0
    }

    /// Rows a batch: enough that a batch's points lie close enough together for the area
    /// lookups to find their polygons' edges still in the cache (smaller batches spread the
    /// same lookups thinner and cost more), few enough that the batches in memory are a small
    /// part of the register.
    static let batchRows = 16_384
    /// Batches the worker may have ready before the writer takes them.
    static let lookahead = 6

    private let setup: Setup
    private let ranges: [Range<Int>]
    private let attributeKeys: [[UInt8]]
    private let keepLimit: Int

    // Shared by the worker and the writer, under `condition`.
    private let condition = NSCondition()
    private var ready: [Int: Batch] = [:]
    private var nextUnclaimed = 0
    private var delivered = 0
    private var stopped = false
    private var worker: BackgroundTask<Void>?
    /// Batches the writer is done with, for the worker to free: their strings were allocated
    /// on its thread, where freeing them costs less and takes no lock the writer waits on.
    private var written: [[SourceRecord]] = []

    // The writer's alone.
    /// The batch last handed to the writer, kept until it asks for the next (then `written`).
    private var lastDelivered: [SourceRecord]?
    private var outcome = Outcome()
    private var chunkProblems = ProblemList()
    private var duplicateProblems = ProblemList()
    private var badRows: [SourceFileReader.BadRow] = []
    private var duplicateRows: [SourceFileReader.BadRow] = []
    private var badCount = 0
    private var tally = VocabularyTally()
    private var events: [EventRecord] = []
    /// The good rows' ids in order, with their lines, while they are in strictly increasing
    /// order (no duplicate possible); from the first that is not, `firstLine` holds them all.
    private var ids: [String] = []
    private var idLines: [Int32] = []
    private var firstLine: [String: Int32]?
    private(set) var streamedSeconds = 0.0
    private var clock = Stopwatch()

    var metricCRS: MetricCRS? { setup.metricCRS }
    var file: String { setup.reader.file }

    /// Starts parsing on the worker thread at once.
    init(_ setup: Setup) {
        self.setup = setup
        let rows = setup.document.rowCount
        ranges = stride(from: 1, through: rows, by: setup.batchRows).map { $0..<min(rows + 1, $0 + setup.batchRows) }
        attributeKeys = SourceFileReader.attributeKeys(of: setup.columns)
        keepLimit = setup.reader.options.skipBadRows ? setup.reader.options.maxErrors + 1 : 0
        worker = BackgroundTask { [self] in
            while case let (k, written)? = claim() {
                drop(written)
                hand(process(k), as: k)
            }
        }
    }

    /// What the load found; valid once `finish()` returned.
    var result: Outcome { outcome }

    // MARK: SourceLoad

    func nextBatch() throws -> [SourceRecord]? {
        guard delivered < ranges.count else {
            streamedSeconds = clock.lap()
            return nil
        }
        let k = delivered
        while true {
            condition.lock()
            if let previous = lastDelivered {
                written.append(previous)
                lastDelivered = nil
            }
            if let batch = ready.removeValue(forKey: k) {
                delivered += 1
                condition.broadcast()
                condition.unlock()
                if let failure = batch.failure { throw failure }
                let records = accept(batch)
                lastDelivered = records
                return records
            }
            if nextUnclaimed < ranges.count {
                // Not ready: parse the next unclaimed batch here rather than wait.
                let j = nextUnclaimed
                nextUnclaimed += 1
                condition.unlock()
                hand(process(j), as: j)
                continue
            }
            condition.wait()
            condition.unlock()
        }
    }

    func finish() throws -> (events: [EventRecord], log: IngestLogEntry) {
        stop()
        let reader = setup.reader
        if !SourceFileReader.misfits(tally, columns: setup.columns).isEmpty { throw Restart() }
        var problems = chunkProblems
        problems.append(contentsOf: duplicateProblems)
        outcome.rejections = try reader.rejections(
            of: badRows + duplicateRows, problems: problems, badCount: badCount, rowCount: setup.document.rowCount,
            document: setup.document.csv)
        outcome.rejectedButListed = outcome.rejections.ids.filter(isListed).count
        outcome.events = events.count
        let log = IngestLogEntry(
            kind: "sources", file: file, crs: setup.crsDescription, asOf: setup.asOf, rows: setup.document.rowCount,
            warnings: outcome.warnings.count, rejected: outcome.rejections.rows, rejectsFile: setup.rejectsPath,
            attributeColumns: setup.columns.attributes.map(\.key), metricCRS: setup.metricCRS, author: setup.author)
        defer { events = [] }
        return (events, log)
    }

    func commit(_ commit: () throws -> Void) throws {
        guard let path = setup.rejectsPath else { return try commit() }
        try RejectsFile.write(outcome.rejections.rows, to: path, committing: commit)
    }

    // MARK: The worker's side

    /// One batch parsed and placed: its good rows, their record numbers and events, and what
    /// it found.
    private struct Batch {
        var records: [SourceRecord]
        var recordNumbers: [Int]
        var events: [EventRecord]
        var found: SourceFileReader.Chunk
        var counts: SourceAssigner.Counts
        var mismatches: Int?
        /// Why the batch could not be placed (the areas failed to load).
        var failure: (any Error)?
    }

    /// The next batch to parse, once the writer is near enough, with the batches it has
    /// written since (for the worker to free).
    private func claim() -> (Int, [[SourceRecord]])? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped && nextUnclaimed < ranges.count && nextUnclaimed - delivered >= Self.lookahead {
            condition.wait()
        }
        guard !stopped, nextUnclaimed < ranges.count else { return nil }
        nextUnclaimed += 1
        defer { written = [] }
        return (nextUnclaimed - 1, written)
    }

    /// Frees the batches the writer is done with (here, on the worker).
    private func drop(_ written: consuming [[SourceRecord]]) {}

    private func hand(_ batch: Batch, as k: Int) {
        condition.lock()
        ready[k] = batch
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the worker (it ends after its batch) and waits for it: at the end, or when the
    /// store gave up on the load before its last batch.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        worker?.wait()
        worker = nil
    }

    private func process(_ k: Int) -> Batch {
        var parsed = setup.reader.parseChunk(
            setup.document, columns: setup.columns, attributeKeys: attributeKeys, records: ranges[k], keepLimit: keepLimit)
        // Taken, not copied: a second reference would copy every record on the first write.
        var records: [SourceRecord] = []
        swap(&records, &parsed.records)
        var events: [EventRecord] = []
        if let asOf = setup.asOf {
            events.reserveCapacity(records.count)
            for i in records.indices {
                if records[i].statusDate == nil { records[i].statusDate = asOf }
                events.append(EventRecord(sourceID: records[i].sourceID, date: asOf, kind: .new, status: records[i].status, deadline: records[i].deadline))
            }
        }
        let assigner: SourceAssigner
        do {
            assigner = try setup.areas.wait().get()!
        } catch {
            return Batch(records: [], recordNumbers: [], events: [], found: parsed.found, counts: .init(), failure: error)
        }
        var (assignments, counts) = assigner.assign(
            locations: records.map(\.location), projected: records.map(\.projected), concurrently: false)
        var declared: [Int: String] = [:]
        for i in records.indices { if let code = records[i].declaredAreaCode { declared[i] = code } }
        let mismatches = DeclaredAreaCheck.apply(declared, to: &assignments, areasLoaded: assigner.baseLevel != nil)
        for i in records.indices { records[i].assignment = assignments[i] }
        return Batch(
            records: records, recordNumbers: parsed.recordNumbers, events: events, found: parsed.found, counts: counts, mismatches: mismatches)
    }

    // MARK: The writer's side

    /// Takes a batch's findings and its rows, less those whose id came earlier in the file.
    private func accept(_ batch: Batch) -> [SourceRecord] {
        outcome.warnings += batch.found.warnings
        chunkProblems.append(contentsOf: batch.found.problems)
        badRows += batch.found.badRows
        badCount += batch.found.badCount
        tally.add(batch.found.tally)
        var records = batch.records
        var repeated: [Int] = []
        let csv = setup.document.csv
        for i in records.indices {
            let id = records[i].sourceID, line = csv.recordLines[batch.recordNumbers[i]]
            if firstLine == nil {
                if let last = ids.last, !SourceRecord.idPrecedes(last, id) {
                    firstLine = Dictionary(zip(ids, idLines), uniquingKeysWith: { first, _ in first })
                } else {
                    ids.append(id)
                    idLines.append(line)
                    continue
                }
            }
            if let earlier = firstLine?[id] {
                repeated.append(i)
                let problem = setup.reader.duplicateProblem(id, line: Int(line), firstLine: Int(earlier), columns: setup.columns)
                duplicateProblems.append(problem)
                badCount += 1
                if setup.reader.options.skipBadRows && badRows.count + duplicateRows.count <= setup.reader.options.maxErrors {
                    duplicateRows.append(SourceFileReader.BadRow(record: batch.recordNumbers[i], problems: [problem], id: id))
                }
            } else {
                firstLine?[id] = line
            }
        }
        var counts = batch.counts, mismatches = batch.mismatches, events = batch.events
        if !repeated.isEmpty {
            for i in repeated {
                counts.remove(records[i].assignment)
                if records[i].assignment.locationMismatch == true { mismatches? -= 1 }
            }
            let left = Set(repeated)
            records = records.indices.filter { !left.contains($0) }.map { records[$0] }
            if !events.isEmpty { events = events.indices.filter { !left.contains($0) }.map { events[$0] } }
        }
        outcome.loaded += records.count
        outcome.counts.add(counts)
        if let mismatches { outcome.mismatches = (outcome.mismatches ?? 0) + mismatches }
        self.events += events
        return records
    }

    /// Whether a good row lists `id`.
    private func isListed(_ id: String) -> Bool {
        if let firstLine { return firstLine[id] != nil }
        // In strictly increasing order: a binary search.
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if SourceRecord.idPrecedes(ids[mid], id) { low = mid + 1 } else { high = mid }
        }
        return low < ids.count && ids[low] == id
    }
}
