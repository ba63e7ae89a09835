import Foundation

/// A file written through a large in-memory buffer with C stdio, so millions of small records
/// cost one system call per megabyte.
final class OutputFile {
    let url: URL
    private var handle: UnsafeMutablePointer<FILE>?
    /// Records are formatted straight into this buffer; call `flushIfNeeded()` after each.
    var out = ByteBuffer(capacity: 1 << 21)
    private let flushThreshold = 1 << 20
    private(set) var bytesWritten = 0

    init(url: URL) throws {
        self.url = url
        guard let handle = fopen(url.path, "wb") else {
            throw GeneratorError.cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
        }
        self.handle = handle
    }

    deinit {
        if let handle { fclose(handle) }
    }

    @inline(__always)
    func flushIfNeeded() throws {
        if out.bytes.count >= flushThreshold { try flush() }
    }

    /// Writes a block formatted elsewhere (by a parallel job) after what is buffered.
    func write(_ block: [UInt8]) throws {
        try flush()
        try raw(block)
    }

    func flush() throws {
        try raw(out.bytes)
        out.bytes.removeAll(keepingCapacity: true)
    }

    private func raw(_ bytes: [UInt8]) throws {
        guard let handle else { throw GeneratorError.cannotWrite(path: url.path, reason: "file already closed") }
        guard !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        guard written == bytes.count else {
            throw GeneratorError.cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
        }
        bytesWritten += written
    }

    func close() throws {
        try flush()
        guard let handle else { return }
        self.handle = nil
        guard fclose(handle) == 0 else {
            throw GeneratorError.cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
        }
    }
}
