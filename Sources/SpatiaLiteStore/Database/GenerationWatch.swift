import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Tells whether anything was committed to a WAL-mode database since its generation was last
/// read, from the WAL file alone: a commit appends frames (the file grows) or, after a
/// checkpoint, starts the WAL over with new salts in its header. So a server answers a cached
/// page without a database read, and reads the generation only after a write.
final class GenerationWatch: @unchecked Sendable {
    /// What the WAL looked like: its size and the salts of its header.
    private struct Signature: Equatable {
        var size: Int
        var salts: UInt64
    }

    private let walPath: String
    private let lock = NSLock()
    private var known: (signature: Signature, generation: Int64)?

    init(databasePath: String) { walPath = databasePath + "-wal" }

    /// The generation last read, when the WAL shows no commit since; nil when it must be read.
    var generation: Int64? {
        guard let now = signature() else { return nil }
        lock.lock()
        defer { lock.unlock() }
        guard let known, known.signature == now else { return nil }
        return known.generation
    }

    /// Reads the generation with `read`, remembering it with the WAL as it was before the
    /// read: a commit that lands during the read only makes the next call read again.
    func read(_ read: () throws -> Int64) rethrows -> Int64 {
        let before = signature()
        let generation = try read()
        lock.lock()
        known = before.map { ($0, generation) }
        lock.unlock()
        return generation
    }

    /// The WAL's size and header salts; nil without a WAL (then every call reads).
    private func signature() -> Signature? {
        let descriptor = open(walPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        // Bytes 16…23 of the WAL header: salt-1 and salt-2, changed whenever the WAL restarts.
        var salts: UInt64 = 0
        guard status.st_size >= 32, pread(descriptor, &salts, 8, 16) == 8 else { return nil }
        return Signature(size: Int(status.st_size), salts: salts)
    }
}
