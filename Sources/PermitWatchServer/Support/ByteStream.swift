import Foundation
import Hummingbird

/// Bytes made by blocking work (a SQLite read) on a worker thread and sent by a response body
/// at the client's pace.
///
/// SQLite reads block, so they must not run on the few threads Swift concurrency shares out.
/// The producer runs on the server's `WorkerPool` and blocks when `capacity` chunks wait
/// unsent; a slow client therefore slows the read instead of filling memory, and a page of
/// 10,000 features or a full export is never held whole. A client that goes away cancels the
/// read.
final class ByteStream: @unchecked Sendable {
    /// The producing side, handed to the work.
    final class Output: @unchecked Sendable {
        fileprivate let stream: ByteStream
        fileprivate init(_ stream: ByteStream) { self.stream = stream }

        /// Queues `bytes` for the client; blocks while the queue is full.
        /// - Throws: `CancellationError` once the client has gone.
        func push(_ bytes: [UInt8]) throws {
            guard !bytes.isEmpty else { return }
            try stream.push(ByteBuffer(bytes: bytes))
        }
    }

    /// The consuming side; dropping it (the response was never sent) cancels the work.
    final class Reader: @unchecked Sendable {
        fileprivate let stream: ByteStream
        fileprivate init(_ stream: ByteStream) { self.stream = stream }
        deinit { stream.cancel() }

        /// The next chunk, nil at the end. Rethrows the work's error.
        func next() async throws -> ByteBuffer? { try await stream.next() }

        /// Sends the whole stream, `first` before it, then ends the body.
        func send(first: ByteBuffer?, to writer: inout any ResponseBodyWriter) async throws {
            do {
                if let first { try await writer.write(first) }
                while let chunk = try await stream.next() { try await writer.write(chunk) }
            } catch {
                stream.cancel()
                throw error
            }
            try await writer.finish(nil)
        }
    }

    private let condition = NSCondition()
    private var chunks: [ByteBuffer] = []
    private var head = 0
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private var waiter: CheckedContinuation<Void, Never>?
    private let capacity: Int
    /// Seconds the producer waits for a client that takes nothing before it gives up.
    private let patience: Double

    private init(capacity: Int, patience: Double) {
        self.capacity = capacity
        self.patience = patience
    }

    /// Starts `work` on a worker thread and returns the reader of what it pushes.
    ///
    /// - Throws: `ServerBusy` before anything runs when the server is at its limit.
    /// - Parameter patience: seconds to wait for a client that reads nothing before the work
    ///   is cancelled, so a stalled client cannot hold a worker for ever.
    static func start(
        on workers: WorkerPool, patience: Double, capacity: Int = 8, _ work: @escaping @Sendable (Output) throws -> Void
    ) async throws -> Reader {
        let stream = ByteStream(capacity: capacity, patience: patience)
        let output = Output(stream)
        try await workers.start(.read) {
            do {
                try work(output)
                stream.finish(nil)
            } catch {
                stream.finish(error)
            }
        }
        return Reader(stream)
    }

    private func push(_ buffer: ByteBuffer) throws {
        condition.lock()
        let deadline = Date(timeIntervalSinceNow: patience)
        while chunks.count - head >= capacity && !cancelled {
            if !condition.wait(until: deadline) { cancelled = true }
        }
        if cancelled {
            condition.unlock()
            throw CancellationError()
        }
        chunks.append(buffer)
        let resume = waiter
        waiter = nil
        condition.unlock()
        resume?.resume()
    }

    private func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        let resume = waiter
        waiter = nil
        condition.unlock()
        resume?.resume()
    }

    fileprivate func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private enum Step {
        case chunk(ByteBuffer), end, failed(any Error), wait
    }

    private func next() async throws -> ByteBuffer? {
        while true {
            switch take() {
            case .chunk(let buffer): return buffer
            case .end: return nil
            case .failed(let error): throw error
            case .wait:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    condition.lock()
                    if chunks.count > head || finished {
                        condition.unlock()
                        continuation.resume()
                    } else {
                        waiter = continuation
                        condition.unlock()
                    }
                }
            }
        }
    }

    private func take() -> Step {
        condition.lock()
        defer { condition.unlock() }
        if chunks.count > head {
            let buffer = chunks[head]
            head += 1
            if head > 64 && head * 2 > chunks.count {
                chunks.removeFirst(head)
                head = 0
            }
            condition.signal()
            return .chunk(buffer)
        }
        if finished { return failure.map { .failed($0) } ?? .end }
        return .wait
    }
}
