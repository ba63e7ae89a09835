import Foundation

/// How busy a store's connection pool is, for a server's `/metrics`.
public struct ConnectionPoolUsage: Sendable, Hashable {
    /// Reads running now; more than `maximumReaders` means requests queue for a connection.
    public var readsInFlight: Int
    public var maximumReaders: Int
    /// Reads since the store opened.
    public var readsTotal: Int

    public init(readsInFlight: Int, maximumReaders: Int, readsTotal: Int) {
        self.readsInFlight = readsInFlight
        self.maximumReaders = maximumReaders
        self.readsTotal = readsTotal
    }
}
