import Foundation

/// Runs a computation on another thread now and hands its result over when asked.
///
/// Bulk loads use it to overlap pure work (packing an R*Tree) with SQLite's single-threaded
/// inserts on a two-core machine.
final class BackgroundTask<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) {
        let thread = Thread { [self] in
            self.result = work()
            self.done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Blocks until the computation has finished and returns its result.
    func wait() -> T {
        done.wait()
        done.signal()
        return result!
    }
}
