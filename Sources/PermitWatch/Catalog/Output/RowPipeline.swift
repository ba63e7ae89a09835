import Foundation
import GeoKit
import Store

/// Hands result rows from the thread reading SQLite to a second thread that writes them, in
/// batches, so reading and formatting overlap.
///
/// In an export of every source, stepping SQLite and decoding values and geometries take about
/// as long as formatting the GeoJSON; on two cores the two halves run side by side. A result
/// shorter than one batch never starts the second thread: its rows are written by the caller
/// when the query ends. At most two batches wait at a time, so memory stays bounded however
/// large the result. The writer is only ever used by one thread at a time.
final class RowPipeline: @unchecked Sendable {
    private typealias Row = (values: [SQLValue], geometry: GeoJSONGeometry?)

    private let writer: any QueryResultWriter
    private let batchSize: Int
    private var batch: [Row] = []
    private var started = false
    /// Batches handed over, and `nil` for the end; guarded by `lock`.
    private var queue: [[Row]?] = []
    /// The writer's first error, which stops the reading; guarded by `lock`.
    private var failure: (any Error)?
    private let lock = NSLock()
    private let queued = DispatchSemaphore(value: 0)
    private let freeSlots = DispatchSemaphore(value: 2)
    private let finished = DispatchSemaphore(value: 0)

    init(writer: any QueryResultWriter, batchSize: Int = 1024) {
        self.writer = writer
        self.batchSize = batchSize
        batch.reserveCapacity(batchSize)
    }

    /// Takes one row; throws the writer's error if writing has failed meanwhile.
    func add(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws {
        batch.append((values, geometry))
        if batch.count == batchSize { try send() }
    }

    /// Writes what is left and waits until every row is written; throws the writer's error.
    func finish() throws {
        guard started else {
            for row in batch { try writer.row(row.values, geometry: row.geometry) }
            batch = []
            return
        }
        if !batch.isEmpty { try send() }
        try close()
    }

    /// Stops the writing thread (after the batches already handed over) and waits for it; for
    /// a query that failed while reading. Calling it again, or after `finish`, does nothing.
    func close() throws {
        guard started else { return }
        started = false
        enqueue(nil)
        finished.wait()
        if let failure = lock.withLock({ failure }) { throw failure }
    }

    private func send() throws {
        if let failure = lock.withLock({ failure }) { throw failure }
        if !started {
            started = true
            let thread = Thread { [self] in drain() }
            thread.stackSize = 8 << 20
            thread.start()
        }
        freeSlots.wait()
        enqueue(batch)
        batch = []
        batch.reserveCapacity(batchSize)
    }

    private func enqueue(_ rows: [Row]?) {
        lock.withLock { queue.append(rows) }
        queued.signal()
    }

    private func drain() {
        while true {
            queued.wait()
            guard let rows = lock.withLock({ queue.removeFirst() }) else { break }
            if lock.withLock({ failure }) == nil {
                do {
                    for row in rows { try writer.row(row.values, geometry: row.geometry) }
                } catch {
                    lock.withLock { failure = error }
                }
            }
            freeSlots.signal()
        }
        finished.signal()
    }
}
