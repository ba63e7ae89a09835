/// How `permitwatch serve` runs: where it listens and the limits every request lives within.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The origin allowed to call the API from a browser page on another site; nil: no CORS.
    public var corsOrigin: String?
    /// Seconds any one request may spend in the database before it is interrupted.
    public var requestTimeLimit: Double
    /// Longest accepted request target (path and query), in bytes.
    public var maximumURILength: Int
    /// Largest accepted request body, in bytes; the one write takes a small JSON body.
    public var maximumBodySize: Int
    /// Largest snapshot an admin may upload (`POST /ingest/sources`), in bytes; streamed to
    /// `uploadDirectory`, never held in memory.
    public var maximumUploadSize: Int
    /// Where uploads are written while they are loaded (the database's directory by default,
    /// so a province's file does not fill a small /tmp); nil: the system's temporary directory.
    public var uploadDirectory: String?
    /// Items per page when the client gives no `limit`, and the most it may ask for (larger
    /// values are clamped, as OGC API - Features asks).
    public var defaultItemLimit: Int
    public var maximumItemLimit: Int
    /// Rows a catalog query may return over HTTP.
    public var maximumQueryRows: Int
    /// Bytes of recently sent items pages kept for reuse until the data changes; 0: none.
    public var pageCacheBytes: Int
    /// Bytes of weekly reports kept for reuse until the data changes; 0: none.
    public var reportCacheBytes: Int
    /// Bytes of the sources' encoded features the store keeps while each source is unchanged,
    /// so a page is copied rather than read and encoded (`streamEncodedFeatures`); 0: none.
    public var featureCacheBytes: Int
    /// Threads for blocking work (database reads, analytics, reports): at most this many
    /// requests work at once, and the store keeps as many read connections.
    public var workers: Int
    /// Of those, how many may run expensive work (analytics, reports, route plans) at once.
    public var expensiveWorkers: Int
    /// Requests that may wait for a worker; more are refused at once with 503.
    public var maximumWaiting: Int
    /// Seconds a request waits for a worker before it is refused with 503 and Retry-After.
    public var queueWaitSeconds: Double
    /// Seconds within which an address's 10 refused tokens hold it off (429) until they pass.
    public var failedTokenWindow: Double = 60
    /// Whether every read but `/health` needs a token of role reader (writes and expensive
    /// reads always need one).
    public var requireTokenForReads: Bool
    /// Seconds a connection may stay without a complete request part (headers, a piece of a
    /// body) or a response before it is closed: idle keep-alive connections, and clients whose
    /// headers never finish (a byte a second), are closed after it. 0: never.
    public var idleTimeout: Double
    /// Seconds a client has to send a request's whole body once its headers are in (a body
    /// sent a byte a second keeps the connection busy, not idle): then 408 and the connection
    /// is closed.
    public var bodyTimeout: Double

    public init(
        host: String = "127.0.0.1", port: Int = 8080, corsOrigin: String? = nil, requestTimeLimit: Double = 30,
        maximumURILength: Int = 8192, maximumBodySize: Int = 1 << 16, defaultItemLimit: Int = 100,
        maximumItemLimit: Int = 10_000, maximumQueryRows: Int = 1_000_000, pageCacheBytes: Int = 64 << 20, featureCacheBytes: Int = 512 << 20, reportCacheBytes: Int = 128 << 20, workers: Int = 4,
        expensiveWorkers: Int? = nil, maximumWaiting: Int = 256, queueWaitSeconds: Double = 10, requireTokenForReads: Bool = false,
        maximumUploadSize: Int = 1 << 30, uploadDirectory: String? = nil, idleTimeout: Double = 30, bodyTimeout: Double = 30
    ) {
        self.maximumUploadSize = maximumUploadSize
        self.featureCacheBytes = max(0, featureCacheBytes)
        self.uploadDirectory = uploadDirectory
        self.idleTimeout = max(0, idleTimeout)
        self.bodyTimeout = bodyTimeout > 0 ? bodyTimeout : 30
        self.requireTokenForReads = requireTokenForReads
        self.workers = max(1, workers)
        self.expensiveWorkers = max(1, min(self.workers, expensiveWorkers ?? (self.workers + 1) / 2))
        self.maximumWaiting = max(0, maximumWaiting)
        self.queueWaitSeconds = max(0, queueWaitSeconds)
        self.host = host
        self.port = port
        self.corsOrigin = corsOrigin
        self.requestTimeLimit = requestTimeLimit
        self.maximumURILength = maximumURILength
        self.maximumBodySize = maximumBodySize
        self.defaultItemLimit = defaultItemLimit
        self.maximumItemLimit = maximumItemLimit
        self.maximumQueryRows = maximumQueryRows
        self.pageCacheBytes = pageCacheBytes
        self.reportCacheBytes = max(0, reportCacheBytes)
    }
}
