import CSpatiaLite
import GRDB
import Store

/// Initialises SpatiaLite on one SQLite connection and ties its cleanup to the connection's close.
///
/// GRDB has no close hook, so the SpatiaLite cache is handed to a dummy SQL function whose
/// destructor runs `spatialite_cleanup_ex` when SQLite destroys the function, which it does when
/// the connection closes. Cleaning up earlier breaks `ST_Transform`; never cleaning up leaks
/// about 440 KB per connection.
enum SpatiaLiteExtension {
    /// The linked SQLite's and SpatiaLite's releases, for `--version` and bug reports.
    static var libraryVersions: String {
        "SQLite \(String(cString: sqlite3_libversion())), SpatiaLite \(String(cString: spatialite_version()))"
    }
    static func install(on db: Database) throws {
        guard let handle = db.sqliteConnection else { return }
        guard let cache = spatialite_alloc_connection() else {
            throw StoreError(message: "SpatiaLite could not allocate its connection cache")
        }
        spatialite_init_ex(handle, cache, 0)
        let rc = sqlite3_create_function_v2(
            handle, "permitwatch_spatialite_cleanup", 0, SQLITE_UTF8, cache,
            { context, _, _ in sqlite3_result_null(context) }, nil, nil,
            { cache in spatialite_cleanup_ex(cache) })
        if rc != SQLITE_OK {
            spatialite_cleanup_ex(cache)
            throw StoreError(sqlite: rc, message: "could not register the SpatiaLite cleanup hook")
        }
    }
}
