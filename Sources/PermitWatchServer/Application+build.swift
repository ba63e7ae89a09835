import Foundation
import Hummingbird
import Logging
import PermitWatch
import Store

/// What every controller shares: the store (read-only), the query catalog, the limits and the
/// worker threads.
public struct ServerDependencies: Sendable {
    public let store: any EnforcementStore
    public let catalog: QueryCatalog
    public let configuration: ServerConfiguration
    /// The one writable connection of a server that otherwise only reads: where route plans
    /// are stored and field writes recorded. Without it, plans are computed and not stored,
    /// and field writes are refused.
    public let writer: (any EnforcementStore)?
    /// Where `POST /analytics/routes` stores its plans.
    public var routeArchive: (any RoutePlanStore)? { writer }
    let metrics: RequestMetrics
    let workers: WorkerPool
    /// The areas' assigner that places sources found in the field, kept between requests.
    let assigners = AssignerCache()

    public init(
        store: any EnforcementStore, catalog: QueryCatalog, configuration: ServerConfiguration, writer: (any EnforcementStore)? = nil
    ) {
        self.store = store
        self.catalog = catalog
        self.configuration = configuration
        self.writer = writer
        metrics = RequestMetrics()
        workers = WorkerPool(configuration: configuration)
    }

    /// The data's generation: known without a read while nothing was committed (a cached page
    /// then costs no database read and no worker), else read on a worker.
    func dataGeneration() async throws -> Int64 {
        if let known = store.knownDataGeneration() { return known }
        let store = self.store
        return try await workers.run(.read) { try store.dataGeneration() }
    }

    /// What `permitwatch serve` runs on: the writable connection for route plans (opened first,
    /// so an older database has the current schema before the readers look at it; a database
    /// that cannot be written still serves, with a warning), the read-only store with one read
    /// connection per worker and its source index built, and the catalog with the user's
    /// queries.
    ///
    /// - Parameter warn: told what the server does without (no route plans stored).
    /// - Returns: the dependencies and the seconds the source index took.
    public static func open(
        _ location: any StoreLocation, queryDirectories: [URL], configuration: ServerConfiguration, warn: (String) -> Void
    ) throws -> (dependencies: ServerDependencies, indexSeconds: Double) {
        let archive: (any EnforcementStore)?
        do {
            archive = try location.openExisting()
        } catch {
            warn("\(location) cannot be written (\(error)); route plans will not be stored and field writes are refused")
            archive = nil
        }
        let store = try location.openReadOnly(readers: configuration.workers)
        let start = Date()
        try store.prepareForServing(keepingEncodedFeatures: configuration.featureCacheBytes)
        let seconds = Date().timeIntervalSince(start)
        let catalog = try QueryCatalog(directories: queryDirectories, dialect: store.sqlDialect)
        for warning in catalog.warnings { warn("query catalog: " + warning) }
        return (ServerDependencies(store: store, catalog: catalog, configuration: configuration, writer: archive), seconds)
    }
}

/// The application `permitwatch serve` runs and the tests drive without opening a port.
public func buildApplication(
    _ dependencies: ServerDependencies, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(dependencies),
        // The parser takes a request line and headers up to 1 MB so that an over-long URL reaches
        // the limits middleware and gets a 414 problem document, not NIO's bare 400 (its default
        // is 80 KB); what is accepted is still `maximumURILength`. A connection with nothing
        // complete for `idleTimeout` is closed (an idle keep-alive, or headers sent a byte a
        // second); one answered before its body was read is closed after the answer.
        server: .http1(configuration: .init(
            additionalChannelHandlers: [UnreadBodyCloser()],
            idleTimeout: dependencies.configuration.idleTimeout > 0 ? .nanoseconds(Int64(dependencies.configuration.idleTimeout * 1e9)) : nil,
            httpDecoderConfiguration: .init(maxHeaderFieldSize: 1 << 20, maxHeaderListSize: 1 << 20))),
        configuration: ApplicationConfiguration(
            address: .hostname(dependencies.configuration.host, port: dependencies.configuration.port),
            serverName: "permitwatch"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
}

/// Every route of the API, in one place.
///
/// Reads are open (or need a reader token, with `requireTokenForReads`); the expensive reads
/// (analytics on request, a whole-province report) need a reader token and the writes an
/// editor's (`AccessProblem`): see each controller's routes.
public func buildRouter(_ dependencies: ServerDependencies) -> Router<PermitWatchRequestContext> {
    let router = Router(context: PermitWatchRequestContext.self)
    router.middlewares.add(RequestLogMiddleware())
    router.middlewares.add(RequestMetricsMiddleware(metrics: dependencies.metrics))
    router.middlewares.add(ProblemMiddleware())
    if let origin = dependencies.configuration.corsOrigin {
        router.middlewares.add(
            CORSMiddleware(
                allowOrigin: .custom(origin), allowHeaders: [.accept, .acceptEncoding, .ifNoneMatch, .authorization, .contentType, FieldWritesController.idempotencyKey],
                allowMethods: [.get, .head, .options, .post, .patch]))
    }
    router.middlewares.add(RequestLimitsMiddleware(configuration: dependencies.configuration))
    router.middlewares.add(CompressionMiddleware())
    router.middlewares.add(BearerTokenAuthenticator(dependencies: dependencies, limiter: FailedAttemptLimiter(window: dependencies.configuration.failedTokenWindow)))

    HealthController(dependencies: dependencies).addRoutes(to: router.group())
    let reads = dependencies.configuration.requireTokenForReads ? router.group().add(middleware: AccessProblem.requiring(.reader)) : router.group()
    LandingController(dependencies: dependencies).addRoutes(to: reads)
    CollectionsController(dependencies: dependencies).addRoutes(to: reads.group("collections"))
    QueriesController(dependencies: dependencies).addRoutes(to: reads.group("queries"))
    AnalyticsController(dependencies: dependencies).addRoutes(to: reads.group("analytics"))
    ReportsController(dependencies: dependencies).addRoutes(to: reads.group("reports"))
    FieldWritesController(dependencies: dependencies).addRoutes(to: router.group("sources"))
    IngestController(dependencies: dependencies).addRoutes(to: router.group("ingest"))
    MapController().addRoutes(to: reads)
    return router
}
