import Hummingbird
import Logging
import PermitWatch
import Store

/// What every controller shares: the store (read-only), the query catalog, the limits.
public struct ServerDependencies: Sendable {
    public let store: any EnforcementStore
    public let catalog: QueryCatalog
    public let configuration: ServerConfiguration
    /// Where `POST /analytics/routes` stores its plans: the one writable connection of a
    /// server that otherwise only reads. Without it, plans are computed and not stored.
    public let routeArchive: (any EnforcementStore)?
    let metrics: RequestMetrics

    public init(
        store: any EnforcementStore, catalog: QueryCatalog, configuration: ServerConfiguration, routeArchive: (any EnforcementStore)? = nil
    ) {
        self.store = store
        self.catalog = catalog
        self.configuration = configuration
        self.routeArchive = routeArchive
        self.metrics = RequestMetrics()
    }
}

/// The application `permitwatch serve` runs and the tests drive without opening a port.
public func buildApplication(
    _ dependencies: ServerDependencies, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(dependencies),
        configuration: ApplicationConfiguration(
            address: .hostname(dependencies.configuration.host, port: dependencies.configuration.port),
            serverName: "permitwatch"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
}

/// Every route of the API, in one place.
public func buildRouter(_ dependencies: ServerDependencies) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.middlewares.add(RequestLogMiddleware())
    router.middlewares.add(RequestMetricsMiddleware(metrics: dependencies.metrics))
    router.middlewares.add(ProblemMiddleware())
    if let origin = dependencies.configuration.corsOrigin {
        router.middlewares.add(
            CORSMiddleware(allowOrigin: .custom(origin), allowHeaders: [.accept, .acceptEncoding, .ifNoneMatch], allowMethods: [.get, .head, .options]))
    }
    router.middlewares.add(RequestLimitsMiddleware(configuration: dependencies.configuration))
    router.middlewares.add(CompressionMiddleware())

    LandingController(dependencies: dependencies).addRoutes(to: router)
    CollectionsController(dependencies: dependencies).addRoutes(to: router.group("collections"))
    QueriesController(dependencies: dependencies).addRoutes(to: router.group("queries"))
    AnalyticsController(dependencies: dependencies).addRoutes(to: router.group("analytics"))
    ReportsController(dependencies: dependencies).addRoutes(to: router.group("reports"))
    HealthController(dependencies: dependencies).addRoutes(to: router)
    MapController().addRoutes(to: router)
    return router
}
