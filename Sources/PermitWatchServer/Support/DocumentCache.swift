import NIOCore
import Synchronization

/// Documents that depend on nothing but the address clients reach the server by (the links in
/// them do): made once an address, then sent as they are.
///
/// The query catalog is fixed while the server runs, yet building its JSON is a quarter of a
/// millisecond of CPU, as much as a page of features; under a mixed load that is the difference
/// between a page answered at once and one waiting for a worker. The `Host` header is the
/// client's, so the addresses kept are few (`limit`); past them, the oldest goes.
final class DocumentCache: Sendable {
    private let limit: Int
    private let kept = Mutex<[(base: String, bytes: ByteBuffer)]>([])

    init(limit: Int = 16) { self.limit = limit }

    /// The document for `base`, made with `make` unless kept.
    func document(for base: String, make: () -> [UInt8]) -> ByteBuffer {
        if let found = kept.withLock({ $0.first { $0.base == base }?.bytes }) { return found }
        let bytes = ByteBuffer(bytes: make())
        kept.withLock { entries in
            guard !entries.contains(where: { $0.base == base }) else { return }
            if entries.count >= limit { entries.removeFirst() }
            entries.append((base, bytes))
        }
        return bytes
    }
}
