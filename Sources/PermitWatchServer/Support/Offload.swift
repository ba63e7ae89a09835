import Foundation

/// Runs blocking work (a database read that may take a while) on a thread of its own and
/// awaits its result, so the handful of threads Swift concurrency shares out stay free.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = 4 << 20
        thread.start()
    }
}
