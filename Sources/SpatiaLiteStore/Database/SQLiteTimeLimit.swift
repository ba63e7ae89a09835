import CSpatiaLite
import Foundation
import Store

/// Interrupts whatever SQLite runs on a connection once a deadline has passed.
///
/// Catalog queries and HTTP requests each get a time limit so one careless request cannot hold
/// a reader connection for minutes. SQLite calls the progress handler every few thousand
/// virtual-machine steps; returning non-zero makes the running statement fail with
/// `SQLITE_INTERRUPT`.
enum SQLiteTimeLimit {
    static func run<T>(on handle: OpaquePointer, seconds: Double, _ body: () throws -> T) rethrows -> T {
        let deadline = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        deadline.pointee = DispatchTime.now().uptimeNanoseconds + UInt64(min(max(seconds, 0), 1e9) * 1e9)
        sqlite3_progress_handler(handle, 4000, { pointer in
            guard let pointer else { return 0 }
            return DispatchTime.now().uptimeNanoseconds > pointer.assumingMemoryBound(to: UInt64.self).pointee ? 1 : 0
        }, deadline)
        defer {
            sqlite3_progress_handler(handle, 0, nil, nil)
            deadline.deallocate()
        }
        return try body()
    }
}
