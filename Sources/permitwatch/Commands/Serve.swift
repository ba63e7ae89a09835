import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PermitWatch
import PermitWatchServer
import Store

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

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info (one line per request), notice, warning or error.", valueName: "level"))
    var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port; expected 0…65535") }
        guard pageCacheMB >= 0 else { throw ValidationError("--page-cache-mb must be 0 or more") }
        guard timeLimit > 0 else { throw ValidationError("--time-limit must be more than 0 seconds") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level \(logLevel) is not a level; expected trace, debug, info, notice, warning or error")
        }
    }

    func run() async throws {
        if !FileManager.default.fileExists(atPath: database.resolvedPath) {
            print("no database at \(database.resolvedPath): loading the default dataset first")
            try Init.create(database: database, from: nil, snap: 500)
        }
        // Lines `init` printed through stdio come before the ones written straight to the handle.
        fflush(nil)
        // The writable connection that stores the route plans of POST /analytics/routes opens
        // first, so an older database has the current schema before the readers look at it.
        let routeArchive: SpatialDatabase?
        do {
            routeArchive = try database.openExisting()
        } catch {
            FileHandle.standardError.write(Data("warning: \(database.resolvedPath) cannot be written (\(error)); route plans will not be stored\n".utf8))
            routeArchive = nil
        }
        let store = try database.openReadOnly()
        var clock = Stopwatch()
        try store.prepareForServing()
        if logLevel != "warning" && logLevel != "error" {
            FileHandle.standardOutput.write(Data("indexed the sources for serving in \(String(format: "%.2f", clock.lap())) s\n".utf8))
        }
        let catalog = try CommandFailure.reporting {
            try QueryCatalog(directories: QueryCatalog.userDirectories(explicit: queries, databasePath: database.resolvedPath))
        }
        var logger = Logger(label: "permitwatch.server") { label in StreamLogHandler.standardOutput(label: label) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let configuration = ServerConfiguration(
            host: host, port: port, corsOrigin: cors, requestTimeLimit: timeLimit, pageCacheBytes: pageCacheMB << 20)
        let host = host
        let path = database.resolvedPath
        let app = buildApplication(
            ServerDependencies(store: store, catalog: catalog, configuration: configuration, routeArchive: routeArchive), logger: logger,
            onServerRunning: { port in
                let line = "permitwatch serving \(path) at http://\(host):\(port)/ (map: http://\(host):\(port)/map)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            })
        try await app.runService()
    }
}
