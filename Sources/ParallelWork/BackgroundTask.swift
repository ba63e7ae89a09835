import Foundation

/// Runs a computation on another thread now and hands its result over when asked.
///
/// Bulk loads use it to overlap independent work (packing an R*Tree, loading the areas) with
/// SQLite's single-threaded inserts or with parsing, on a two-core machine.
public final class BackgroundTask<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () -> T) {
        let thread = Thread { [self] in
            self.result = work()
            self.done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Blocks until the computation has finished and returns its result.
    public func wait() -> T {
        done.wait()
        done.signal()
        return result!
    }
}
