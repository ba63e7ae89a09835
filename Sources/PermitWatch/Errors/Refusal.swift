/// A request the use case refuses as a whole, with the reason: the data cannot answer it (no
/// events to report on, fewer than 30 occupied cells, no stop within reach). Nothing was written.
public struct Refusal: ClassifiedError, Sendable, Equatable {
    public var reason: String
    public var kind: ErrorKind

    public init(_ reason: String, kind: ErrorKind = .rejected) {
        self.reason = reason
        self.kind = kind
    }

    public var description: String { reason }
}
