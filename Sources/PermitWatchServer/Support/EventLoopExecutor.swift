import NIOCore
import NIOPosix

/// Runs Swift concurrency's tasks on the server's event loops rather than on a pool of their
/// own.
///
/// Hummingbird answers each request in a task; on the default executor every request crosses
/// from an event loop thread to a concurrency thread and back, two thread switches for a
/// request that needs a few microseconds of work. With the event loops as the global executor
/// the request stays on its loop until it hands blocking work to the `WorkerPool`. Nothing in
/// the server blocks a task (SQLite, GEOS and every report run on the pool's threads), which is
/// what this requires. Called once, by `serve`, before the application starts.
public enum EventLoopExecutor {
    /// Installs the event loops as the global executor; false when the platform refuses.
    @discardableResult
    public static func install() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
