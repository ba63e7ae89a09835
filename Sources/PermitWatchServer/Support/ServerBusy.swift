import PermitWatch

/// The server is at its limit of concurrent work and the request waited as long as it may:
/// 503 with Retry-After, so a client backs off instead of piling on.
struct ServerBusy: ClassifiedError, Sendable {
    /// What the server was busy with ("database reads", "analytics and reports").
    let work: String
    /// Seconds to wait before trying again.
    let retryAfter: Int

    var kind: ErrorKind { .busy }
    var description: String { "the server is busy with \(work); try again in \(retryAfter) s" }
}
