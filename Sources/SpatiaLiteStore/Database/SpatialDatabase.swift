import CSpatiaLite
import FeatureMemory
import Foundation
import GRDB
import Synchronization
import Store

/// A SpatiaLite database file behind a WAL-mode connection pool: one writer, several readers.
///
/// The HTTP server reads while imports write, so every connection of the pool has SpatiaLite
/// initialised and the journal is WAL. Connections are long-lived: opening one costs about
/// 1.5 ms with SpatiaLite.
public final class SpatialDatabase: Sendable {
    /// The file on disk.
    public let path: String
    let pool: DatabasePool
    /// The in-memory index of current sources that answers feature requests, and the sources'
    /// features as the server encoded them, while unchanged (`streamEncodedFeatures`).
    let sourceFeatureMemory = SourceFeatureMemory()
    var encodedFeatureCache: EncodedFeatureCache { sourceFeatureMemory.encodedFeatures }
    /// Query texts `streamReadOnly` has found to be one read-only statement.
    let checkedReadOnlySQL = Mutex<Set<String>>([])
    let poolGauge: ConnectionPoolGauge
    /// The data's generation without a read, while nothing is committed.
    let generationWatch: GenerationWatch
    /// The metric CRS, once read (`metricCRS()`).
    let metricCRSCache: MetricCRSCache

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// - Parameter readOnly: open every connection read-only, as the catalog runner and GET
    ///   routes do; the file must exist and already have the schema.
    public init(path: String, readOnly: Bool = false, maximumReaders: Int = 4) throws {
        _ = Self.sqliteConfigured
        self.path = path
        self.poolGauge = ConnectionPoolGauge(maximumReaders: maximumReaders)
        generationWatch = GenerationWatch(databasePath: path)
        let metricCRSCache = MetricCRSCache()
        self.metricCRSCache = metricCRSCache
        var config = Configuration()
        config.readonly = readOnly
        config.maximumReaderCount = maximumReaders
        config.busyMode = .timeout(10)
        config.label = "permitwatch"
        config.prepareDatabase { db in
            // 8 KB pages for a new file (an existing one keeps its own): SQLite writes a
            // province's register in 1.8 s with them against 2.3 s with the default 4 KB, mostly
            // fewer WAL frames at the commit (`scripts/sqlite_write_floor.py`). It must be set
            // before the first connection turns WAL on.
            if !readOnly { try db.execute(sql: "PRAGMA page_size = 8192") }
            try SpatiaLiteExtension.install(on: db)
            // A large page cache keeps bulk loads and R*Tree builds out of the disk; a read-only
            // store (the server, catalog queries) has several readers, each with its own cache,
            // so each gets less (the operating system's file cache is shared anyway).
            try db.execute(sql: readOnly ? "PRAGMA cache_size = -32768" : "PRAGMA cache_size = -131072")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // Whole-table scans (analytics, exports, summaries) read the file through the shared
            // mapping instead of copying every page into each connection's cache.
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            db.add(function: SquareCellFunction.meetsBox(metricCRS: metricCRSCache))
            db.add(function: DistanceFunction.distance(metricCRS: metricCRSCache))
        }
        if readOnly, !FileManager.default.fileExists(atPath: path) {
            throw StoreError(message: "\(path): no such database (run `permitwatch init` first)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            if !readOnly {
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                }
                try SchemaMigrations.migrator.migrate(pool)
            }
        } catch let error as DatabaseError {
            throw StoreError(error)
        }
    }

    /// Runs `body` in one write transaction: everything it does is committed together or not at all.
    ///
    /// The transaction also moves the store's generation on (`dataGeneration()`), so whatever
    /// a long-running reader derived from the data (a server's index, an ETag) knows to renew.
    ///
    /// - Parameter listingSourceChanges: whether `body` lists every source row it changes
    ///   (`SourceChanges.note`) and the dates of every event it adds (`HistoryChangeLog.note`),
    ///   so the source index can follow the write row by row and a report of an earlier week
    ///   stays; a write that does not is taken to have changed any source and any event: the
    ///   index is read again and every report made again.
    func write<T>(listingSourceChanges: Bool = false, _ body: (Database) throws -> T) throws -> T {
        try StoreError.wrapping {
            try pool.write { db in
                try Self.advanceGeneration(db)
                if !listingSourceChanges {
                    try SourceChanges.reset(db)
                    try HistoryChangeLog.reset(db)
                }
                return try body(db)
            }
        }
    }

    /// Runs `body` in one write transaction, like `write` (the generation moves on too), whose commit leaves the WAL for the
    /// next checkpoint instead of writing it back into the main file at once.
    ///
    /// A bulk load commits a WAL of a few hundred megabytes; SQLite's automatic checkpoint would
    /// then copy all of it into the database file and sync it, inside the commit, which takes
    /// longer than the commit itself. The transaction is complete and visible either way, and the
    /// file stays consistent after a crash (WAL recovery replays committed frames); the write-back
    /// happens at the next checkpoint, `checkpoint()` or the last connection's close.
    ///
    /// The page cache is raised to 512 MB for the transaction: a province's register and its
    /// indexes (about 250 MB) then stay in memory until the commit writes them once. With the
    /// usual 128 MB, SQLite spills pages into the WAL mid-transaction and reads them back to
    /// build the indexes, which costs about 0.3 s on a full-province load.
    ///
    /// - Parameter commitThrough: runs the commit it is given; the default just commits. A load
    ///   that writes a file with its rows wraps the commit (`SourceLoad.commit(_:)`). Whatever
    ///   `body` or `commitThrough` throws before the commit rolls the transaction back.
    func bulkWrite<T>(commitThrough: (() throws -> Void) throws -> Void = { try $0() }, _ body: (Database) throws -> T) throws -> T {
        try StoreError.wrapping {
            try pool.writeWithoutTransaction { db in
                let previous = try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? 1000
                let previousCache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -131072
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -524288")
                defer { try? db.execute(sql: "PRAGMA wal_autocheckpoint = \(previous); PRAGMA cache_size = \(previousCache)") }
                try db.execute(sql: "BEGIN IMMEDIATE")
                do {
                    let result = try body(db)
                    try Self.advanceGeneration(db)
                    try SourceChanges.reset(db)
                    try HistoryChangeLog.reset(db)
                    try commitThrough { try db.execute(sql: "COMMIT") }
                    return result
                } catch {
                    if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
                    throw error
                }
            }
        }
    }

    /// Moves the generation on, inside the writing transaction.
    private static func advanceGeneration(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO settings (key, value) VALUES ('generation', '1')
            ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
            """)
    }

    /// Runs `body` on a reader connection, in a consistent snapshot of the database.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        poolGauge.begin()
        defer { poolGauge.end() }
        return try StoreError.wrapping { try pool.read(body) }
    }

    /// How busy the reader connections are.
    public func connectionPoolUsage() -> ConnectionPoolUsage { poolGauge.usage }

    /// SQLite's process-wide settings, applied before the first connection opens.
    private static let sqliteConfigured: Int32 = pw_sqlite_configure_for_pooled_connections()

    /// Writes the WAL back into the main file, so the file alone is a complete database.
    public func checkpoint() throws {
        try StoreError.wrapping {
            try pool.writeWithoutTransaction { db in
                _ = try db.checkpoint(.truncate)
            }
        }
    }
}
