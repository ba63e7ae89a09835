import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PermitWatch
import PermitWatchServer

/// `permitwatch serve`: the OGC API - Features server, the query catalog over HTTP, the map.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the database over HTTP: OGC API - Features, the query catalog, the map.",
        discussion: """
            QGIS: add an "OGC API - Features" (WFS / OGC API) connection to http://HOST:PORT/. \
            GDAL: ogrinfo OAPIF:http://HOST:PORT/. People: open http://HOST:PORT/map.

            With no database at --db, the default dataset is loaded into it first (as \
            `permitwatch init` does). Every route reads through read-only connections; the one write is storing the route plans POST /analytics/routes makes. \
            SIGINT or SIGTERM stops the server after the requests in flight have finished.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Address to listen on.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("Port to listen on (0: any free port).", valueName: "port"))
    var port = 8080

    @Option(name: .long, help: ArgumentHelp("Allow browser pages from this origin to call the API (CORS); off by default.", valueName: "origin"))
    var cors: String?

    @Option(name: .customLong("time-limit"), help: ArgumentHelp("Seconds a request may spend in the database.", valueName: "seconds"))
    var timeLimit = 30.0

    @Option(name: .long, help: ArgumentHelp("Another directory of catalog queries (also $PERMITWATCH_QUERIES).", valueName: "dir"))
    var queries: String?

    @Option(
        name: .customLong("page-cache-mb"),
        help: ArgumentHelp("Megabytes of recently sent feature pages to reuse until the data changes (0: off).", valueName: "MB"))
    var pageCacheMB = 64

    @Option(
        name: .customLong("feature-cache-mb"),
        help: ArgumentHelp(
            "Megabytes of sources' encoded features to send again while each source is unchanged (0: off; a province's 660,000 take about 380).",
            valueName: "MB"))
    var featureCacheMB = 512

    @Option(
        name: .customLong("report-cache-mb"),
        help: ArgumentHelp("Megabytes of weekly reports to reuse until the data changes (0: off).", valueName: "MB"))
    var reportCacheMB = 128

    @Option(name: .long, help: ArgumentHelp("Threads for database and analytics work: at most this many requests work at once; the rest wait, then get 503 with Retry-After.", valueName: "n"))
    var workers = 4

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info (one line per request), notice, warning or error.", valueName: "level"))
    var logLevel = "info"

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp(
            "Seconds a connection may go without a complete request part or a response before it is closed: idle keep-alive connections, and headers that never finish (0: never).",
            valueName: "seconds"))
    var idleTimeout = 30.0

    @Option(
        name: .customLong("body-timeout"),
        help: ArgumentHelp("Seconds a client has to send a request's whole body (the POSTs); then 408 and the connection is closed.", valueName: "seconds"))
    var bodyTimeout = 30.0

    @Flag(
        name: .customLong("require-token-for-reads"),
        help: "Every read but /health needs a bearer token of role reader too (`permitwatch token create`); writes and expensive reads always do.")
    var requireTokenForReads = false

    @Option(
        name: .customLong("max-upload-mb"),
        help: ArgumentHelp(
            "Largest snapshot an admin may upload (POST /ingest/sources), in megabytes; it is streamed to the database's directory while it loads.",
            valueName: "MB"))
    var maxUploadMB = 1024

    func validate() throws {
        guard maxUploadMB >= 1 else { throw ValidationError("--max-upload-mb must be 1 or more") }
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port; expected 0…65535") }
        guard pageCacheMB >= 0 else { throw ValidationError("--page-cache-mb must be 0 or more") }
        guard featureCacheMB >= 0 else { throw ValidationError("--feature-cache-mb must be 0 or more") }
        guard reportCacheMB >= 0 else { throw ValidationError("--report-cache-mb must be 0 or more") }
        guard timeLimit > 0 else { throw ValidationError("--time-limit must be more than 0 seconds") }
        guard idleTimeout >= 0, idleTimeout.isFinite else { throw ValidationError("--idle-timeout must be 0 (never) or more seconds") }
        guard bodyTimeout > 0, bodyTimeout.isFinite else { throw ValidationError("--body-timeout must be more than 0 seconds") }
        guard (1...256).contains(workers) else { throw ValidationError("--workers \(workers): expected 1 to 256 threads") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level \(logLevel) is not a level; expected trace, debug, info, notice, warning or error")
        }
    }

    func run() async throws {
        if try !database.location.exists {
            print("no database at \(try database.location): loading the default dataset first")
            try Init.create(database: database, from: nil, replacing: false, snap: 500, metricCRS: nil)
        }
        // Lines `init` printed through stdio come before the ones written straight to the handle.
        fflush(nil)
        let configuration = ServerConfiguration(
            host: host, port: port, corsOrigin: cors, requestTimeLimit: timeLimit, pageCacheBytes: pageCacheMB << 20, featureCacheBytes: featureCacheMB << 20,
            reportCacheBytes: reportCacheMB << 20, workers: workers, requireTokenForReads: requireTokenForReads,
            maximumUploadSize: maxUploadMB << 20,
            uploadDirectory: URL(fileURLWithPath: database.resolvedPath).deletingLastPathComponent().path,
            idleTimeout: idleTimeout, bodyTimeout: bodyTimeout)
        Self.raiseOpenFileLimit()
        EventLoopExecutor.install()
        let (dependencies, indexSeconds) = try ServerDependencies.open(
            try database.location, queryDirectories: database.queryDirectories(explicit: queries), configuration: configuration,
            warn: { printError("warning: " + $0) })
        if logLevel != "warning" && logLevel != "error" {
            FileHandle.standardOutput.write(Data("indexed the sources for serving in \(String(format: "%.2f", indexSeconds)) s\n".utf8))
        }
        var logger = Logger(label: "permitwatch.server") { label in StreamLogHandler.standardOutput(label: label) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let host = host
        let location = try database.location.description
        let app = buildApplication(
            dependencies, logger: logger,
            onServerRunning: { port in
                let line = "permitwatch serving \(location) at http://\(host):\(port)/ (map: http://\(host):\(port)/map)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            })
        try await app.runService()
    }

    /// Every connection is a file descriptor: the soft limit (often 1,024) is raised to the
    /// hard one, so thousands of clients, idle ones included, are accepted, as a server is
    /// expected to (idle ones are closed after --idle-timeout).
    static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
