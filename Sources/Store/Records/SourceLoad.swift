import GeoKit

/// A register handed to the store while it is still being read: the rows arrive in batches, so
/// the store inserts one batch while the next is parsed and placed on the other core.
///
/// The store calls `nextBatch()` until it returns nil, then `finish()` for what is known only
/// once every row is read (the events, the log entry with its counts and rejected rows), and
/// ends its transaction inside `commit(_:)`. Anything either throws rolls the whole load back:
/// a file found bad at its last row leaves the database as it was.
public protocol SourceLoad: AnyObject {
    /// The metric CRS of the rows' x/y. The store records it first, before any row is written,
    /// and refuses the load when it already has another; nil: the x/y are in the store's own.
    var metricCRS: MetricCRS? { get }
    /// The file the rows come from, for the store's messages.
    var file: String { get }
    /// The next rows, in the order they are to be numbered; nil once every row was delivered.
    func nextBatch() throws -> [SourceRecord]?
    /// After the last batch: the events to append and the log entry of the load.
    func finish() throws -> (events: [EventRecord], log: IngestLogEntry)
    /// Runs `commit`, the end of the load's transaction. A load that writes a file with its
    /// rows (the rejects) wraps the commit so that the file and the rows are kept together.
    func commit(_ commit: () throws -> Void) throws
}

/// A register already read whole: one batch.
public final class WholeRegister: SourceLoad {
    private var records: [SourceRecord]?
    private let events: [EventRecord]
    private let log: IngestLogEntry
    public var metricCRS: MetricCRS? { log.metricCRS }
    public var file: String { log.file }

    public init(_ records: [SourceRecord], events: [EventRecord], log: IngestLogEntry) {
        self.records = records
        self.events = events
        self.log = log
    }

    public func nextBatch() throws -> [SourceRecord]? {
        defer { records = nil }
        return records
    }

    public func finish() throws -> (events: [EventRecord], log: IngestLogEntry) { (events, log) }

    public func commit(_ commit: () throws -> Void) throws { try commit() }
}
